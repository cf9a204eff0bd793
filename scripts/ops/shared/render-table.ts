/** Plain fixed-width columns; ANSI colour codes in cells do not count towards the width. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[], indent = "  "): string[] {
  const visible = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, "").length;
  const widths = headers.map((h, i) => Math.max(visible(h), ...rows.map((r) => visible(r[i] ?? ""))));
  const line = (cells: readonly string[]) =>
    indent + cells.map((c, i) => (i === cells.length - 1 ? c : c + " ".repeat(Math.max(0, (widths[i] ?? 0) - visible(c))))).join("  ");
  return [line(headers), ...rows.map(line)];
}

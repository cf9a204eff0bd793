// Column values as both backends return them (int8 → number or string, numeric → string, timestamptz →
// Date), turned into the plain types a report carries. A bad value becomes null, never NaN.

export function num(value: unknown): number | null {
  if (value === null || value === undefined || value === "") return null;
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

export function numOr(value: unknown, fallback: number): number {
  return num(value) ?? fallback;
}

export function int(value: unknown): number {
  return Math.trunc(numOr(value, 0));
}

export function str(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

export function date(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  const d = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(d.getTime()) ? null : d;
}

export function iso(value: unknown): string | null {
  return date(value)?.toISOString() ?? null;
}

/** Seconds from `then` to `asOf`, or null when `then` is unknown. */
export function ageS(then: Date | null, asOf: Date): number | null {
  return then === null ? null : Math.round((asOf.getTime() - then.getTime()) / 100) / 10;
}

export function latest(...values: readonly (Date | null)[]): Date | null {
  let best: Date | null = null;
  for (const v of values) if (v !== null && (best === null || v.getTime() > best.getTime())) best = v;
  return best;
}

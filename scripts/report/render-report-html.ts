// One self-contained HTML file: tables rendered here (readable without JavaScript), charts drawn in the page by
// the inlined uPlot from the embedded JSON. No external requests of any kind.
import type { AccountReport, CountRow, ReportData, TradeRow } from "./report-data.js";
import { REPORT_PAGE_SCRIPT } from "./report-page-script.js";
import { uplotAssets } from "./uplot-assets.js";

const PAGE_CSS = `
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; color: #1f2328; background: #fff; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #d0d7de; }
h3 { font-size: 14px; margin: 16px 0 6px; } .muted { color: #656d76; } .note { color: #656d76; max-width: 900px; }
table { border-collapse: collapse; margin: 4px 0 12px; font-size: 13px; } th, td { border: 1px solid #d0d7de; padding: 3px 8px; text-align: left; }
th { background: #f6f8fa; } td.num { text-align: right; font-variant-numeric: tabular-nums; } .pos { color: #1a7f37; } .neg { color: #cf222e; }
.kpis span { display: inline-block; margin-right: 20px; } .chart { margin: 8px 0; } .side { display: flex; gap: 32px; flex-wrap: wrap; }
.pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(380px, 1fr)); gap: 16px; } .uplot .u-title { font-size: 14px; }
`;

export function renderReportHtml(data: ReportData): string {
  const { js, css } = uplotAssets();
  // "<" escaped so no string in the data can close the script element.
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(data.title)}</title>
<style>${css}</style><style>${PAGE_CSS}</style>
</head><body>
<h1>${esc(data.title)}</h1>
<p class="muted">Window ${esc(data.window.from)} to ${esc(data.window.to)} (charts in New York time) · generated ${esc(data.generatedAt)}</p>
<p class="note">Equity is derived from the tables: the account's starting equity (plus P&amp;L realised before the window),
plus realised P&amp;L from position_history as each position closes, plus open positions marked to market. Stocks are
marked each minute with the close of their newest finished bar; options have no price history in the database, so an
open option counts at its entry price until its last recorded mark. Where account_snapshots exist the broker's own
equity is drawn dashed beside it. Drawdown is measured from the running peak of the derived curve.</p>
${data.accounts.map(renderAccount).join("\n")}
<h2>Activity per minute</h2>
<p class="note">Bars by the minute they finished; recommendations and orders by creation time; fills by fill time.</p>
<div class="chart" id="activity"></div>
<script type="application/json" id="report-data">${json}</script>
<script>${js}</script>
<script>${REPORT_PAGE_SCRIPT}</script>
</body></html>
`;
}

function renderAccount(a: AccountReport): string {
  return `<section class="account" data-account="${esc(a.account)}">
<h2>${esc(a.account)}</h2>
<p class="kpis"><span>starting equity ${usd(a.startingEquityUsd)}</span><span>end equity ${usd(a.endEquityUsd)}</span>
<span>realised P&amp;L ${signedUsd(a.realisedPnlUsd)}</span><span>max drawdown ${a.maxDrawdownPct.toFixed(3)}%</span>
<span>trades ${a.trades.length}</span></p>
<div class="pair"><div class="chart" id="equity-${esc(a.account)}"></div>
<div class="chart" id="drawdown-${esc(a.account)}"></div></div>
<h3>Trades</h3>
${renderTrades(a.trades)}
<div class="side">
<div><h3>Gate rejections</h3>${table(["gate", "code", "count"], a.gateRejections.map((g) => [esc(g.gate), esc(g.code), numCell(g.count)]), "no gate rejected anything", "gates")}</div>
<div><h3>Dispatch outcomes</h3>${countTable("outcome", a.dispatchOutcomes, "no recommendation reached this account", "dispatch")}</div>
<div><h3>Exit reasons</h3>${countTable("exit reason", a.exitReasons, "no position closed", "exits")}</div>
</div>
</section>`;
}

function renderTrades(trades: readonly TradeRow[]): string {
  const rows = trades.map((t) => [
    esc(t.symbol), esc(t.instrumentType), esc(t.strategyType ?? "-"), numCell(t.qty), esc(time(t.entryAt)), numCell(t.entryPrice),
    esc(t.entryReason ?? "-"), esc(t.exitAt === null ? t.status : time(t.exitAt)), t.exitPrice === null ? "<td>-</td>" : numCell(t.exitPrice),
    esc(t.exitReason ?? "-"), pnlCell(t),
  ]);
  return table(["symbol", "type", "strategy", "qty", "entry", "entry price", "entry reason", "exit", "exit price", "exit reason", "P&amp;L"], rows, "no positions in this window", "trades", true);
}

function countTable(label: string, rows: readonly CountRow[], empty: string, name: string): string {
  return table([label, "count"], rows.map((r) => [esc(r.key), numCell(r.count)]), empty, name);
}

/** Cells are either escaped text (wrapped in <td>) or a ready-made <td>. */
function table(headers: readonly string[], rows: readonly (readonly string[])[], empty: string, name: string, headersAreHtml = false): string {
  const head = headers.map((h) => `<th>${headersAreHtml ? h : esc(h)}</th>`).join("");
  const body = rows.length === 0
    ? `<tr class="empty"><td colspan="${headers.length}" class="muted">${esc(empty)}</td></tr>`
    : rows.map((r) => `<tr class="row">${r.map((c) => (c.startsWith("<td") ? c : `<td>${c}</td>`)).join("")}</tr>`).join("\n");
  return `<table data-table="${name}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function pnlCell(t: TradeRow): string {
  if (t.pnlUsd === null) return `<td class="num">-</td>`;
  const cls = t.pnlUsd > 0 ? "pos" : t.pnlUsd < 0 ? "neg" : "";
  return `<td class="num ${cls}">${signedUsd(t.pnlUsd)}${t.pnlKind === "marked" ? " (open, marked)" : ""}</td>`;
}

const numCell = (n: number): string => `<td class="num">${n.toLocaleString("en-US", { maximumFractionDigits: 4 })}</td>`;
const usd = (n: number): string => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const signedUsd = (n: number): string => `${n < 0 ? "-" : n > 0 ? "+" : ""}${usd(Math.abs(n))}`;

/** ISO instant as New York wall time, e.g. "2013-10-07 10:41 ET". */
function time(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: "America/New_York", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(d);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")} ET`;
}

export function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

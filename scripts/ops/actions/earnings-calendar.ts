// earnings add / remove / list: the earnings calendar (table earnings_events). Alpaca has no earnings
// API, so ops enters the dates; the position manager reads them to close options on an underlying that
// reports before the next session. A wrong or missing date is a risk, so every change is audited.
import { etDateString, parseDateString } from "@ops/core";
import type { Db, Queryable } from "@ops/core";
import { EARNINGS_REPORT_TIMES } from "@ops/trading";
import type { EarningsReportTime } from "@ops/trading";
import { insertAudit } from "./insert-audit.js";
import { refused } from "./ops-result.js";
import type { OpsResult } from "./ops-result.js";
import { SYMBOL_PATTERN } from "./set-universe-override.js";

/** earnings_events.report_time's CHECK. 'unknown' is treated as before the open (the earlier risk). */
// The table's CHECK list and the end-of-day engine's reading of it: one vocabulary.
export const REPORT_TIMES = EARNINGS_REPORT_TIMES;
export type ReportTime = EarningsReportTime;

export const DEFAULT_EARNINGS_SOURCE = "manual";

interface EarningsBase {
  readonly actor: string;
  /** Optional for the calendar: the row carries its source; a reason is recorded when given. */
  readonly reason: string | undefined;
  readonly now: Date;
  readonly symbol: string;
  /** YYYY-MM-DD (the ET trading date of the report). */
  readonly reportDate: string;
}

export interface EarningsAddRequest extends EarningsBase {
  readonly reportTime: ReportTime;
  readonly source: string;
}

export interface EarningsEvent {
  readonly symbol: string;
  readonly reportDate: string;
  readonly reportTime: string;
  readonly source: string;
  readonly createdBy: string | null;
  readonly createdAt: string;
}

/** The validated (symbol, date), or why not. Symbols are upper-cased: tickers are. */
function validKey(symbolText: string, reportDate: string): { symbol: string; reportDate: string } | string {
  const symbol = symbolText.trim().toUpperCase();
  if (!SYMBOL_PATTERN.test(symbol)) return `"${symbolText}" is not a ticker (${SYMBOL_PATTERN.source})`;
  const problem = dateProblem(reportDate);
  if (problem !== null) return problem;
  return { symbol, reportDate };
}

export function dateProblem(text: string): string | null {
  try {
    parseDateString(text);
    return null;
  } catch {
    return `"${text}" is not a calendar date (YYYY-MM-DD)`;
  }
}

function toEvent(r: Record<string, unknown>): EarningsEvent {
  return {
    symbol: String(r.symbol),
    reportDate: String(r.report_date),
    reportTime: String(r.report_time),
    source: String(r.source),
    createdBy: r.created_by === null ? null : String(r.created_by),
    createdAt: new Date(r.created_at as string | Date).toISOString(),
  };
}

// report_date::text: a date column must never pass through a JS Date (time zone shifts).
const EVENT_COLUMNS = `symbol, report_date::text AS report_date, report_time, source, created_by, created_at`;

export async function addEarningsEvent(db: Db, req: EarningsAddRequest): Promise<OpsResult> {
  const key = validKey(req.symbol, req.reportDate);
  if (typeof key === "string") return refused("earnings-add", req.symbol, key);
  const target = `${key.symbol} ${key.reportDate}`;
  if (!(REPORT_TIMES as readonly string[]).includes(req.reportTime)) {
    return refused("earnings-add", target, `--time must be one of ${REPORT_TIMES.join(", ")}, got "${req.reportTime}"`);
  }
  const source = req.source.trim();
  if (source === "") return refused("earnings-add", target, "--source must not be empty");
  return db.transaction(async (tx) => {
    const found = await tx.query(`SELECT ${EVENT_COLUMNS} FROM earnings_events WHERE symbol = $1 AND report_date = $2::date FOR UPDATE`, [key.symbol, key.reportDate]);
    const before = found.rows[0] === undefined ? null : toEvent(found.rows[0]);
    if (before !== null && before.reportTime === req.reportTime && before.source === source) {
      return { outcome: "unchanged", action: "earnings-add", target, auditIds: [], detail: { ...before }, message: `${target} (${req.reportTime}, ${source}) is already in the calendar; nothing changed` };
    }
    // A second add for the same day corrects its time or source (the previous values are audited).
    await tx.query(
      `INSERT INTO earnings_events (symbol, report_date, report_time, source, created_by, created_at)
       VALUES ($1, $2::date, $3, $4, $5, $6::timestamptz)
       ON CONFLICT (symbol, report_date) DO UPDATE SET report_time = EXCLUDED.report_time, source = EXCLUDED.source,
         created_by = EXCLUDED.created_by, created_at = EXCLUDED.created_at`,
      [key.symbol, key.reportDate, req.reportTime, source, req.actor, req.now.toISOString()],
    );
    const previous = before === null ? null : { report_time: before.reportTime, source: before.source, created_by: before.createdBy };
    const auditId = await insertAudit(tx, {
      at: req.now, actor: req.actor, action: "earnings-add", target,
      detail: { reason: req.reason ?? null, symbol: key.symbol, report_date: key.reportDate, report_time: req.reportTime, source, previous },
    });
    return {
      outcome: "done", action: "earnings-add", target, auditIds: [auditId],
      detail: { symbol: key.symbol, reportDate: key.reportDate, reportTime: req.reportTime, source, previous },
      message: `${before === null ? "added" : "updated"} earnings ${key.symbol} on ${key.reportDate} (${req.reportTime}, source ${source})` +
        (before === null ? "" : `; was ${before.reportTime}, source ${before.source}`),
    };
  });
}

export async function removeEarningsEvent(db: Db, req: EarningsBase): Promise<OpsResult> {
  const key = validKey(req.symbol, req.reportDate);
  if (typeof key === "string") return refused("earnings-remove", req.symbol, key);
  const target = `${key.symbol} ${key.reportDate}`;
  return db.transaction(async (tx) => {
    const deleted = await tx.query(`DELETE FROM earnings_events WHERE symbol = $1 AND report_date = $2::date RETURNING ${EVENT_COLUMNS}`, [key.symbol, key.reportDate]);
    const row = deleted.rows[0];
    // A typo in the date should not look like a successful removal.
    if (row === undefined) return refused("earnings-remove", target, `no earnings event for ${key.symbol} on ${key.reportDate} (pnpm ops earnings list)`);
    const removed = toEvent(row);
    const auditId = await insertAudit(tx, {
      at: req.now, actor: req.actor, action: "earnings-remove", target,
      detail: { reason: req.reason ?? null, symbol: key.symbol, report_date: key.reportDate, removed: { report_time: removed.reportTime, source: removed.source, created_by: removed.createdBy } },
    });
    return {
      outcome: "done", action: "earnings-remove", target, auditIds: [auditId], detail: { removed },
      message: `removed earnings ${key.symbol} on ${key.reportDate} (${removed.reportTime}, source ${removed.source})`,
    };
  });
}

/** Events on or after `from` (default: today in New York), soonest first. */
export async function listEarningsEvents(db: Queryable, from: string | undefined, now: Date): Promise<{ from: string; events: EarningsEvent[] }> {
  const start = from ?? etDateString(now);
  const { rows } = await db.query(`SELECT ${EVENT_COLUMNS} FROM earnings_events WHERE report_date >= $1::date ORDER BY report_date, symbol`, [start]);
  return { from: start, events: rows.map(toEvent) };
}

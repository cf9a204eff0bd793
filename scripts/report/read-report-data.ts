// Reads a replay report from the pipeline's tables for one time window. Read-only: every statement is a SELECT.
import { etDateString, etParts } from "@ops/core";
import type { Queryable } from "@ops/core";
import { ACCOUNT_IDS } from "@ops/trading";
import type { AccountId } from "@ops/trading";
import { date, int, num, numOr, str } from "../ops/shared/row-values.js";
import { etDayEnd, etDayStart } from "./et-day.js";
import { equityCurve, maxDrawdownPct } from "./equity-curve.js";
import type { EquityPosition, MarkSeries } from "./equity-curve.js";
import type { AccountReport, ActivityMinute, CountRow, GateRejectionRow, ReportData, ReportWindow, TradeRow } from "./report-data.js";

const MINUTE_MS = 60_000;

export interface ReadReportOptions {
  /** Both default to the ET calendar day of the newest bar (the replayed day after `pnpm start`). */
  readonly from?: Date;
  readonly to?: Date;
  readonly now?: Date;
  readonly title?: string;
  /** Chart only 09:31 to 16:05 ET (default: true when the window is defaulted, false when --from/--to set it). */
  readonly regularSessionOnly?: boolean;
}

export async function readReportData(db: Queryable, options: ReadReportOptions = {}): Promise<ReportData> {
  const window = await resolveWindow(db, options);
  const explicit = options.from !== undefined || options.to !== undefined;
  const grid = await equityGrid(db, window, options.regularSessionOnly ?? !explicit);
  const accounts: AccountReport[] = [];
  for (const account of ACCOUNT_IDS) accounts.push(await readAccount(db, account, window, grid));
  return {
    title: options.title ?? `ops-pipeline replay report, ${etDateString(window.from)}`,
    generatedAt: (options.now ?? new Date()).toISOString(),
    window: { from: window.from.toISOString(), to: window.to.toISOString() },
    accounts,
    activity: await readActivity(db, grid),
  };
}

export async function resolveWindow(db: Queryable, options: Pick<ReadReportOptions, "from" | "to">): Promise<ReportWindow> {
  if (options.from !== undefined && options.to !== undefined) return { from: options.from, to: options.to };
  const newest = date((await db.query<{ ts: unknown }>(`SELECT max(ts) AS ts FROM bars`)).rows[0]?.ts) ?? options.to ?? options.from ?? new Date();
  const day = etDateString(options.from ?? newest);
  const from = options.from ?? etDayStart(day);
  const to = options.to ?? etDayEnd(day);
  return { from, to };
}

/**
 * The instants the equity curve is evaluated at: every minute in which a bar finished. For the default
 * window this keeps to the regular session (09:31 to 16:05 ET), so pre-market backfill does not stretch the charts.
 */
async function equityGrid(db: Queryable, window: ReportWindow, sessionOnly: boolean): Promise<number[]> {
  const { rows } = await db.query<{ ts: unknown }>(
    `SELECT DISTINCT ts FROM bars WHERE ts + interval '1 minute' > $1 AND ts + interval '1 minute' <= $2 ORDER BY ts`,
    [window.from, window.to],
  );
  const all = rows.map((r) => date(r.ts)).filter((d): d is Date => d !== null).map((d) => d.getTime() + MINUTE_MS);
  const inSession = all.filter((t) => {
    const m = etParts(new Date(t)).minutesOfDay;
    return m >= 9 * 60 + 31 && m <= 16 * 60 + 5;
  });
  const chosen = sessionOnly && inSession.length > 0 ? inSession : all;
  if (chosen.length > 0) return chosen;
  // No bars: one point at each end, so the curve still shows the starting equity.
  return [window.from.getTime(), window.to.getTime()];
}

async function readAccount(db: Queryable, account: AccountId, window: ReportWindow, grid: readonly number[]): Promise<AccountReport> {
  const head = (await db.query<{ starting: unknown; before: unknown }>(
    `SELECT a.starting_equity AS starting,
            (SELECT coalesce(sum(pnl_usd), 0) FROM position_history h WHERE h.account_id = a.account_id AND h.closed_at < $2) AS before
       FROM accounts a WHERE a.account_id = $1`,
    [account, window.from],
  )).rows[0];
  const startingEquityUsd = numOr(head?.starting, 0);
  const baseEquityUsd = startingEquityUsd + numOr(head?.before, 0);
  const trades = await readTrades(db, account, window);
  const positions = trades.map(toEquityPosition);
  const marks = await readStockMarks(db, trades.filter((t) => t.instrumentType === "STOCK").map((t) => t.symbol), window);
  const equity = equityCurve(baseEquityUsd, grid, positions, marks);
  const last = equity[equity.length - 1];
  return {
    account,
    startingEquityUsd,
    baseEquityUsd,
    equity,
    brokerEquity: await readBrokerEquity(db, account, window, grid),
    realisedPnlUsd: Math.round(trades.reduce((s, t) => s + (t.pnlKind === "realised" && t.exitAt !== null && Date.parse(t.exitAt) < window.to.getTime() ? (t.pnlUsd ?? 0) : 0), 0) * 100) / 100,
    endEquityUsd: last?.equityUsd ?? baseEquityUsd,
    maxDrawdownPct: maxDrawdownPct(equity),
    trades,
    dispatchOutcomes: await counts(db,
      `SELECT CASE WHEN status = 'skipped' THEN 'skipped: ' || coalesce(skip_code, '?') ELSE status END AS key, count(*) AS n
         FROM recommendation_dispatches WHERE account_id = $1 AND claimed_at >= $2 AND claimed_at < $3 GROUP BY 1 ORDER BY n DESC, key`,
      [account, window.from, window.to]),
    gateRejections: (await db.query<{ gate: unknown; code: unknown; n: unknown }>(
      `SELECT gate, coalesce(code, '?') AS code, count(*) AS n FROM risk_gate_evaluations
        WHERE account_id = $1 AND NOT passed AND evaluated_at >= $2 AND evaluated_at < $3 GROUP BY 1, 2 ORDER BY n DESC, gate, code`,
      [account, window.from, window.to],
    )).rows.map((r): GateRejectionRow => ({ gate: String(r.gate), code: String(r.code), count: int(r.n) })),
    exitReasons: await counts(db,
      `SELECT exit_reason AS key, count(*) AS n FROM position_history
        WHERE account_id = $1 AND closed_at >= $2 AND closed_at < $3 GROUP BY 1 ORDER BY n DESC, key`,
      [account, window.from, window.to]),
  };
}

async function counts(db: Queryable, sql: string, params: readonly unknown[]): Promise<CountRow[]> {
  const { rows } = await db.query<{ key: unknown; n: unknown }>(sql, params);
  return rows.map((r) => ({ key: String(r.key), count: int(r.n) }));
}

/** Positions alive at any time in the window: opened before its end, not closed before its start. */
async function readTrades(db: Queryable, account: AccountId, window: ReportWindow): Promise<TradeRow[]> {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT p.position_id, p.symbol, p.underlying, p.instrument_type, p.strategy_type, p.qty, p.multiplier,
            p.opened_at, coalesce(h.entry_price, p.avg_entry_price) AS entry_price, p.status,
            coalesce(h.closed_at, p.closed_at) AS closed_at, coalesce(h.exit_price, p.exit_price) AS exit_price,
            coalesce(h.exit_reason, p.close_reason) AS exit_reason, h.pnl_usd, p.last_mark_price, p.last_mark_at,
            coalesce(r.reason ->> 'detail', r.reason ->> 'rule') AS entry_reason
       FROM positions p
       LEFT JOIN position_history h ON h.position_id = p.position_id
       LEFT JOIN recommendations r ON r.rec_id = p.rec_id
      WHERE p.account_id = $1 AND p.opened_at < $3 AND (coalesce(h.closed_at, p.closed_at) IS NULL OR coalesce(h.closed_at, p.closed_at) >= $2)
      ORDER BY p.opened_at, p.position_id`,
    [account, window.from, window.to],
  );
  return rows.map((r): TradeRow => {
    const qty = numOr(r.qty, 0);
    const multiplier = numOr(r.multiplier, 1);
    const entryPrice = numOr(r.entry_price, 0);
    const realised = num(r.pnl_usd);
    const mark = num(r.last_mark_price);
    const closed = date(r.closed_at);
    const marked = realised === null && closed === null && mark !== null ? Math.round((mark - entryPrice) * qty * multiplier * 100) / 100 : null;
    return {
      positionId: String(r.position_id),
      symbol: String(r.symbol),
      underlying: String(r.underlying),
      instrumentType: String(r.instrument_type),
      strategyType: str(r.strategy_type),
      qty, multiplier,
      entryAt: date(r.opened_at)?.toISOString() ?? "",
      entryPrice,
      entryReason: str(r.entry_reason),
      status: String(r.status),
      exitAt: closed?.toISOString() ?? null,
      exitPrice: num(r.exit_price),
      exitReason: str(r.exit_reason),
      pnlUsd: realised ?? marked,
      pnlKind: realised !== null ? "realised" : marked !== null ? "marked" : null,
      ...lastMarkOf(r),
    };
  });
}

// Carried on the row (not rendered) so the equity curve can use the end-of-run mark of an open option.
function lastMarkOf(r: Record<string, unknown>): { lastMarkAt?: string; lastMarkPrice?: number } {
  const at = date(r.last_mark_at);
  const price = num(r.last_mark_price);
  return at !== null && price !== null ? { lastMarkAt: at.toISOString(), lastMarkPrice: price } : {};
}

function toEquityPosition(t: TradeRow & { lastMarkAt?: string; lastMarkPrice?: number }): EquityPosition {
  return {
    symbol: t.symbol,
    isOption: t.instrumentType !== "STOCK",
    qty: t.qty,
    multiplier: t.multiplier,
    entryPrice: t.entryPrice,
    openedAtMs: Date.parse(t.entryAt),
    closedAtMs: t.exitAt === null ? null : Date.parse(t.exitAt),
    realisedPnlUsd: t.pnlKind === "realised" ? t.pnlUsd : null,
    lastMark: t.lastMarkAt !== undefined && t.lastMarkPrice !== undefined ? { atMs: Date.parse(t.lastMarkAt), price: t.lastMarkPrice } : null,
  };
}

async function readStockMarks(db: Queryable, symbols: readonly string[], window: ReportWindow): Promise<MarkSeries> {
  const marks = new Map<string, [number, number][]>();
  const unique = [...new Set(symbols)];
  if (unique.length === 0) return marks;
  const { rows } = await db.query<{ symbol: unknown; ts: unknown; close: unknown }>(
    `SELECT symbol, ts, close FROM bars WHERE symbol = ANY($1::text[]) AND ts < $3 AND ts >= $2::timestamptz - interval '1 day' ORDER BY symbol, ts`,
    [unique, window.from, window.to],
  );
  for (const r of rows) {
    const ts = date(r.ts);
    const close = num(r.close);
    if (ts === null || close === null) continue;
    const symbol = String(r.symbol);
    const series = marks.get(symbol) ?? [];
    series.push([ts.getTime() + MINUTE_MS, close]);
    marks.set(symbol, series);
  }
  return marks;
}

async function readBrokerEquity(db: Queryable, account: AccountId, window: ReportWindow, grid: readonly number[]): Promise<(number | null)[]> {
  const { rows } = await db.query<{ at: unknown; equity: unknown }>(
    `SELECT at, equity FROM account_snapshots WHERE account_id = $1 AND at >= $2 AND at < $3 ORDER BY at`,
    [account, window.from, window.to],
  );
  const snapshots = rows.map((r) => [date(r.at)?.getTime() ?? Number.NaN, num(r.equity)] as const).filter(([t, e]) => Number.isFinite(t) && e !== null);
  const out: (number | null)[] = [];
  let i = -1;
  for (const t of grid) {
    while (i + 1 < snapshots.length && snapshots[i + 1]![0] <= t) i += 1;
    out.push(i >= 0 ? snapshots[i]![1] : null);
  }
  return out;
}

/** Counts per minute over the grid's span, zeros included, so quiet minutes show as gaps in activity. */
async function readActivity(db: Queryable, grid: readonly number[]): Promise<ActivityMinute[]> {
  if (grid.length === 0) return [];
  const first = grid[0]!;
  const last = grid[grid.length - 1]!;
  const start = new Date(first - MINUTE_MS);
  const end = new Date(last);
  const { rows } = await db.query<{ kind: unknown; minute: unknown; n: unknown }>(
    `SELECT 'bars' AS kind, ts + interval '1 minute' AS minute, count(*) AS n FROM bars
      WHERE ts + interval '1 minute' > $1 AND ts + interval '1 minute' <= $2 GROUP BY 2
     UNION ALL
     SELECT 'recommendations', date_trunc('minute', created_at), count(*) FROM recommendations
      WHERE created_at > $1 AND created_at <= $2 GROUP BY 2
     UNION ALL
     SELECT 'orders', date_trunc('minute', created_at), count(*) FROM orders
      WHERE created_at > $1 AND created_at <= $2 GROUP BY 2
     UNION ALL
     SELECT 'fills', date_trunc('minute', filled_at), count(*) FROM fills
      WHERE filled_at > $1 AND filled_at <= $2 GROUP BY 2`,
    [start, end],
  );
  const byMinute = new Map<number, { bars: number; recommendations: number; orders: number; fills: number }>();
  for (let t = first; t <= last; t += MINUTE_MS) byMinute.set(t, { bars: 0, recommendations: 0, orders: 0, fills: 0 });
  for (const r of rows) {
    const minute = date(r.minute);
    if (minute === null) continue;
    const slot = byMinute.get(Math.ceil(minute.getTime() / MINUTE_MS) * MINUTE_MS);
    const kind = String(r.kind);
    if (slot !== undefined && (kind === "bars" || kind === "recommendations" || kind === "orders" || kind === "fills")) slot[kind] += int(r.n);
  }
  return [...byMinute].map(([atMs, c]) => ({ atMs, ...c }));
}

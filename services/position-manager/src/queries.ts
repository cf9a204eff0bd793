// This service's SQL. Every statement is scoped to one account, parameterised, and batched (one
// statement per kind of write per cycle; unnest for many rows). orders and fills are read here but
// written only by @ops/execution.
import type { Queryable } from "@ops/core";
import { EARNINGS_REPORT_TIMES, EXIT_REASONS } from "@ops/trading";
import type { AccountId, EarningsEvent, ExitReason, InstrumentType, OrderStatus, StrategyType, VolatilityBar } from "@ops/trading";
import { POSITION_COLUMNS, dateOrNull, numberOrNull, textOrNull, toPositionRow } from "./position-row.js";
import type { PositionRow } from "./position-row.js";

const LIVE_ORDER_LIST = "'pending_submit', 'unresolved', 'accepted', 'partially_filled'";

/** Entry orders older than this are not turned into positions any more: broker adoption covers them. */
export const ENTRY_LOOKBACK_MS = 7 * 24 * 60 * 60 * 1000;

// ---------------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------------

export async function selectLivePositions(db: Queryable, account: AccountId): Promise<PositionRow[]> {
  const result = await db.query(
    `SELECT ${POSITION_COLUMNS} FROM positions WHERE account_id = $1 AND status <> 'closed' ORDER BY position_id`,
    [account],
  );
  return result.rows.map(toPositionRow);
}

/** A terminal entry order with fills, the recommendation it came from, and no position yet. */
export interface FilledEntry {
  readonly orderId: string;
  readonly symbol: string;
  readonly underlying: string;
  readonly instrumentType: InstrumentType;
  readonly recId: string | null;
  /** Σ fill qty (numeric text): equals the order's filled_qty. */
  readonly qtyText: string;
  /** Volume-weighted fill price (numeric text): the entry price comes from fills (seed 50). */
  readonly avgPriceText: string;
  readonly firstFillAt: Date;
  readonly strategyType: StrategyType | null;
  readonly featuresSnapshot: unknown;
}

/**
 * Terminal entry orders of this account whose fills are all recorded and that have no position and
 * were not merged into one. Live (partially filled) entries wait until they are terminal.
 */
export async function selectFilledEntriesWithoutPosition(db: Queryable, account: AccountId, now: Date): Promise<FilledEntry[]> {
  const result = await db.query(
    `SELECT o.order_id, o.symbol, o.underlying, o.instrument_type, o.rec_id, f.fills_qty, f.avg_price, f.first_fill_at,
            r.strategy_type, r.features_snapshot
     FROM orders o
     CROSS JOIN LATERAL (
       SELECT sum(qty) AS fills_qty, sum(qty * price) / NULLIF(sum(qty), 0) AS avg_price, min(filled_at) AS first_fill_at
       FROM fills WHERE fills.order_id = o.order_id
     ) f
     CROSS JOIN LATERAL (
       SELECT COALESCE(sum(af.qty), 0) AS all_qty, sum(af.qty * af.price) / NULLIF(sum(af.qty), 0) AS all_avg_price
       FROM fills af JOIN orders ao ON ao.order_id = af.order_id
       WHERE ao.position_id = o.position_id AND ao.account_id = o.account_id AND ao.purpose = 'exit'
     ) a
     LEFT JOIN recommendations r ON r.rec_id = o.rec_id
     WHERE o.account_id = $1 AND o.purpose = 'entry' AND o.filled_qty > 0
       AND o.status NOT IN (${LIVE_ORDER_LIST})
       AND o.updated_at >= $2::timestamptz
       AND f.fills_qty = o.filled_qty
       AND NOT EXISTS (SELECT 1 FROM positions p WHERE p.entry_order_id = o.order_id)
       AND NOT EXISTS (
         SELECT 1 FROM position_events e
         WHERE e.account_id = $1 AND e.event_type = 'entry_merged' AND e.detail ->> 'entry_order_id' = o.order_id::text)
     ORDER BY o.order_id`,
    [account, new Date(now.getTime() - ENTRY_LOOKBACK_MS).toISOString()],
  );
  return result.rows.map((r) => ({
    orderId: String(r.order_id),
    symbol: String(r.symbol),
    underlying: String(r.underlying),
    instrumentType: String(r.instrument_type) as InstrumentType,
    recId: textOrNull(r.rec_id),
    qtyText: String(r.fills_qty),
    avgPriceText: String(r.avg_price),
    firstFillAt: dateOrNull(r.first_fill_at) ?? now,
    strategyType: textOrNull(r.strategy_type) as StrategyType | null,
    featuresSnapshot: r.features_snapshot ?? null,
  }));
}

/** Instruments with an entry order in flight (live, or filled but not yet a position): not adoptable. */
export async function selectPendingEntrySymbols(db: Queryable, account: AccountId, now: Date): Promise<Set<string>> {
  const result = await db.query<{ symbol: string }>(
    `SELECT DISTINCT o.symbol FROM orders o
     WHERE o.account_id = $1 AND o.purpose = 'entry'
       AND (o.status IN (${LIVE_ORDER_LIST})
            OR (o.filled_qty > 0 AND o.updated_at >= $2::timestamptz
                AND NOT EXISTS (SELECT 1 FROM positions p WHERE p.entry_order_id = o.order_id)
                AND NOT EXISTS (
                  SELECT 1 FROM position_events e
                  WHERE e.account_id = $1 AND e.event_type = 'entry_merged' AND e.detail ->> 'entry_order_id' = o.order_id::text)))`,
    [account, new Date(now.getTime() - ENTRY_LOOKBACK_MS).toISOString()],
  );
  return new Set(result.rows.map((r) => String(r.symbol)));
}

/** Instruments whose row in this account closed at or after `since` (the broker listing may still show them). */
export async function selectRecentlyClosedSymbols(db: Queryable, account: AccountId, since: Date): Promise<Set<string>> {
  const result = await db.query<{ symbol: string }>(
    "SELECT DISTINCT symbol FROM positions WHERE account_id = $1 AND status = 'closed' AND closed_at >= $2::timestamptz",
    [account, since.toISOString()],
  );
  return new Set(result.rows.map((r) => String(r.symbol)));
}

/** The newest exit order of a position (attempts only grow, so a live one is always the newest). */
export interface LatestExitOrder {
  readonly positionId: string;
  readonly orderId: string;
  readonly clientOrderId: string;
  readonly attempt: number;
  readonly status: OrderStatus;
  readonly qty: number;
  readonly filledQty: number;
  readonly lastError: string | null;
  readonly orderType: "market" | "limit";
  /** Why the exit was placed (orders.raw.request.reason, else the exit_triggered event); manual if unknown. */
  readonly reason: ExitReason;
  /** Σ recorded fill qty (numeric text) and their volume-weighted price. */
  readonly fillsQtyText: string;
  readonly fillsAvgPriceText: string | null;
  /**
   * The same over EVERY exit order of the position: an exit that partly filled and was then cancelled
   * sold contracts too, and the close books them with the rest (never lost from the history).
   */
  readonly positionFillsQtyText: string;
  readonly positionFillsAvgPriceText: string | null;
}

export async function selectLatestExitOrders(
  db: Queryable,
  account: AccountId,
  positionIds: readonly string[],
): Promise<Map<string, LatestExitOrder>> {
  if (positionIds.length === 0) return new Map();
  const result = await db.query(
    `SELECT DISTINCT ON (o.position_id) o.position_id, o.order_id, o.client_order_id, o.attempt, o.status, o.qty,
            o.filled_qty, o.last_error, o.order_type, f.fills_qty, f.avg_price, a.all_qty, a.all_avg_price,
            COALESCE(o.raw -> 'request' ->> 'reason', (
              SELECT e.detail ->> 'reason' FROM position_events e
              WHERE e.position_id = o.position_id AND e.account_id = o.account_id AND e.event_type = 'exit_triggered'
              ORDER BY e.id DESC LIMIT 1)) AS reason
     FROM orders o
     CROSS JOIN LATERAL (
       SELECT COALESCE(sum(qty), 0) AS fills_qty, sum(qty * price) / NULLIF(sum(qty), 0) AS avg_price
       FROM fills WHERE fills.order_id = o.order_id
     ) f
     CROSS JOIN LATERAL (
       SELECT COALESCE(sum(af.qty), 0) AS all_qty, sum(af.qty * af.price) / NULLIF(sum(af.qty), 0) AS all_avg_price
       FROM fills af JOIN orders ao ON ao.order_id = af.order_id
       WHERE ao.position_id = o.position_id AND ao.account_id = o.account_id AND ao.purpose = 'exit'
     ) a
     WHERE o.account_id = $1 AND o.purpose = 'exit' AND o.position_id = ANY($2::bigint[])
     ORDER BY o.position_id, o.attempt DESC`,
    [account, positionIds],
  );
  const out = new Map<string, LatestExitOrder>();
  for (const r of result.rows) {
    const positionId = String(r.position_id);
    out.set(positionId, {
      positionId,
      orderId: String(r.order_id),
      clientOrderId: String(r.client_order_id),
      attempt: Number(r.attempt),
      status: String(r.status) as OrderStatus,
      qty: Number(r.qty),
      filledQty: Number(r.filled_qty),
      lastError: textOrNull(r.last_error),
      orderType: r.order_type === "limit" ? "limit" : "market",
      reason: toExitReason(r.reason),
      fillsQtyText: String(r.fills_qty),
      fillsAvgPriceText: textOrNull(r.avg_price),
      positionFillsQtyText: String(r.all_qty),
      positionFillsAvgPriceText: textOrNull(r.all_avg_price),
    });
  }
  return out;
}

function toExitReason(value: unknown): ExitReason {
  return typeof value === "string" && (EXIT_REASONS as readonly string[]).includes(value) ? (value as ExitReason) : "manual";
}

export interface NewestBar {
  readonly symbol: string;
  readonly ts: Date;
  readonly close: number;
}

/** Newest complete bar per symbol at `now` (a bar is complete one minute after its ts). */
export async function selectNewestBars(db: Queryable, symbols: readonly string[], now: Date): Promise<Map<string, NewestBar>> {
  if (symbols.length === 0) return new Map();
  const result = await db.query(
    `SELECT s.symbol, b.ts, b.close
     FROM unnest($1::text[]) AS s(symbol)
     CROSS JOIN LATERAL (
       SELECT ts, close FROM bars
       WHERE bars.symbol = s.symbol AND bars.ts <= $2::timestamptz - interval '1 minute'
       ORDER BY ts DESC LIMIT 1
     ) b`,
    [[...new Set(symbols)], now.toISOString()],
  );
  const out = new Map<string, NewestBar>();
  for (const r of result.rows) {
    const close = numberOrNull(r.close);
    const ts = dateOrNull(r.ts);
    if (close !== null && ts !== null) out.set(String(r.symbol), { symbol: String(r.symbol), ts, close });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Writes
// ---------------------------------------------------------------------------------------------------

export interface EventRow {
  readonly positionId: string;
  readonly eventType: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

export async function insertEvents(tx: Queryable, account: AccountId, events: readonly EventRow[], now: Date): Promise<number> {
  if (events.length === 0) return 0;
  const result = await tx.query(
    `INSERT INTO position_events (position_id, account_id, event_type, detail, created_at)
     SELECT u.position_id::bigint, $1, u.event_type, u.detail::jsonb, $5::timestamptz
     FROM unnest($2::text[], $3::text[], $4::text[]) AS u(position_id, event_type, detail)`,
    [
      account,
      events.map((e) => e.positionId),
      events.map((e) => e.eventType),
      events.map((e) => JSON.stringify(e.detail)),
      now.toISOString(),
    ],
  );
  return result.rowCount;
}

export interface NewPosition {
  readonly symbol: string;
  readonly underlying: string;
  readonly instrumentType: InstrumentType;
  readonly optionExpiry: string | null;
  readonly optionStrike: number | null;
  readonly optionRight: "call" | "put" | null;
  readonly qtyText: string;
  readonly multiplier: 1 | 100;
  readonly avgEntryPriceText: string;
  readonly entryOrderId: string | null;
  readonly recId: string | null;
  readonly strategyType: StrategyType | null;
  readonly openedAt: Date;
  readonly entryFeatures: unknown;
}

/**
 * Inserts positions; a row that would be a second live row for (account, symbol) or a second
 * position for one entry order is skipped (ON CONFLICT DO NOTHING). Returns the inserted rows.
 */
export async function insertPositions(
  tx: Queryable,
  account: AccountId,
  rows: readonly NewPosition[],
  now: Date,
): Promise<{ positionId: string; symbol: string; entryOrderId: string | null }[]> {
  if (rows.length === 0) return [];
  const result = await tx.query(
    `INSERT INTO positions (account_id, symbol, underlying, instrument_type, option_expiry, option_strike, option_right, qty,
       multiplier, avg_entry_price, entry_order_id, rec_id, strategy_type, opened_at, status, entry_features, created_at, updated_at)
     SELECT $1, u.symbol, u.underlying, u.instrument_type, u.option_expiry::date, u.option_strike::numeric, u.option_right,
       u.qty::numeric, u.multiplier::integer, u.avg_entry_price::numeric, u.entry_order_id::bigint, u.rec_id::bigint,
       u.strategy_type, u.opened_at::timestamptz, 'open', u.entry_features::jsonb, $15::timestamptz, $15::timestamptz
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                 $11::text[], $12::text[], $13::text[], $14::text[], $16::text[])
       AS u(symbol, underlying, instrument_type, option_expiry, option_strike, option_right, qty, multiplier, avg_entry_price,
            entry_order_id, rec_id, strategy_type, opened_at, entry_features)
     ON CONFLICT DO NOTHING
     RETURNING position_id, symbol, entry_order_id`,
    [
      account,
      rows.map((r) => r.symbol),
      rows.map((r) => r.underlying),
      rows.map((r) => r.instrumentType),
      rows.map((r) => r.optionExpiry),
      rows.map((r) => (r.optionStrike === null ? null : String(r.optionStrike))),
      rows.map((r) => r.optionRight),
      rows.map((r) => r.qtyText),
      rows.map((r) => String(r.multiplier)),
      rows.map((r) => r.avgEntryPriceText),
      rows.map((r) => r.entryOrderId),
      rows.map((r) => r.recId),
      rows.map((r) => r.strategyType),
      rows.map((r) => r.openedAt.toISOString()),
      now.toISOString(),
      rows.map((r) => (r.entryFeatures === null || r.entryFeatures === undefined ? null : JSON.stringify(r.entryFeatures))),
    ],
  );
  return result.rows.map((r) => ({
    positionId: String(r.position_id),
    symbol: String(r.symbol),
    entryOrderId: textOrNull(r.entry_order_id),
  }));
}

export interface QtyUpdate {
  readonly positionId: string;
  readonly qtyText: string;
  /** The broker's average entry price of the combined holding; null keeps the stored one. */
  readonly avgEntryPriceText: string | null;
}

/**
 * DB follows the broker's quantity (and then its cost basis), for open rows only (a closing row's qty
 * is its exit order's).
 */
export async function updateOpenQuantities(tx: Queryable, account: AccountId, updates: readonly QtyUpdate[], now: Date): Promise<Set<string>> {
  if (updates.length === 0) return new Set();
  const result = await tx.query(
    `UPDATE positions p SET qty = u.qty::numeric, avg_entry_price = COALESCE(u.avg_price::numeric, p.avg_entry_price), updated_at = $4::timestamptz
     FROM unnest($2::text[], $3::text[], $5::text[]) AS u(position_id, qty, avg_price)
     WHERE p.position_id = u.position_id::bigint AND p.account_id = $1 AND p.status = 'open'
     RETURNING p.position_id`,
    [account, updates.map((u) => u.positionId), updates.map((u) => u.qtyText), now.toISOString(), updates.map((u) => u.avgEntryPriceText)],
  );
  return new Set(result.rows.map((r) => String(r.position_id)));
}

export interface MarkUpdate {
  readonly positionId: string;
  readonly markPrice: number;
  readonly peakPrice: number | null;
  readonly trailPrice: number | null;
  readonly mfePct: number | null;
  readonly maePct: number | null;
}

export async function updateMarks(tx: Queryable, account: AccountId, updates: readonly MarkUpdate[], now: Date): Promise<number> {
  if (updates.length === 0) return 0;
  const text = (n: number | null): string | null => (n === null || !Number.isFinite(n) ? null : String(n));
  const positive = (n: number | null): string | null => (n === null || !(n > 0) ? null : text(n));
  const result = await tx.query(
    `UPDATE positions p SET last_mark_price = u.mark::numeric, last_mark_at = $8::timestamptz,
       peak_price = COALESCE(u.peak::numeric, p.peak_price), trail_price = COALESCE(u.trail::numeric, p.trail_price),
       mfe_pct = COALESCE(u.mfe::float8, p.mfe_pct), mae_pct = COALESCE(u.mae::float8, p.mae_pct), updated_at = $8::timestamptz
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS u(position_id, mark, peak, trail, mfe, mae)
     WHERE p.position_id = u.position_id::bigint AND p.account_id = $1 AND p.status = 'open'`,
    [
      account,
      updates.map((u) => u.positionId),
      updates.map((u) => String(u.markPrice)),
      updates.map((u) => positive(u.peakPrice)),
      updates.map((u) => positive(u.trailPrice)),
      updates.map((u) => text(u.mfePct)),
      updates.map((u) => text(u.maePct)),
      now.toISOString(),
    ],
  );
  return result.rowCount;
}

/** open → closing, only if the row is still open. Returns whether it changed. */
export async function markClosing(tx: Queryable, account: AccountId, positionId: string, now: Date): Promise<boolean> {
  const result = await tx.query(
    `UPDATE positions SET status = 'closing', closing_since = $3::timestamptz, updated_at = $3::timestamptz
     WHERE position_id = $2::bigint AND account_id = $1 AND status = 'open'`,
    [account, positionId, now.toISOString()],
  );
  return result.rowCount === 1;
}

/** closing → open (the broker said the exit did not happen). Returns the ids that changed. */
/**
 * A 'closing' row whose exit ended part-filled goes back to open holding only what is left: the
 * next exit sells that and no more (never more than held), and the sold part is booked with it.
 */
export async function reopenWithRemainingQty(tx: Queryable, account: AccountId, positionId: string, soldQtyText: string, now: Date): Promise<boolean> {
  // In numeric: 1.5 − 0.7 shares is 0.8, not 0.8000000000000002.
  const result = await tx.query(
    `UPDATE positions SET status = 'open', closing_since = NULL, qty = qty - $3::numeric, updated_at = $4::timestamptz
     WHERE account_id = $1 AND position_id = $2::bigint AND status = 'closing' AND $3::numeric > 0 AND qty > $3::numeric`,
    [account, positionId, soldQtyText, now.toISOString()],
  );
  return result.rowCount === 1;
}

export async function reopenPositions(tx: Queryable, account: AccountId, positionIds: readonly string[], now: Date): Promise<Set<string>> {
  if (positionIds.length === 0) return new Set();
  const result = await tx.query(
    `UPDATE positions SET status = 'open', closing_since = NULL, updated_at = $3::timestamptz
     WHERE account_id = $1 AND position_id = ANY($2::bigint[]) AND status = 'closing'
     RETURNING position_id`,
    [account, positionIds, now.toISOString()],
  );
  return new Set(result.rows.map((r) => String(r.position_id)));
}

export const EXIT_PRICE_SOURCES = ["fills", "last_mark", "broker_activity"] as const;
export type ExitPriceSource = (typeof EXIT_PRICE_SOURCES)[number];

/** Flags rows missing at the broker without evidence; returns the ids flagged now (not already under review). */
export async function flagForReview(tx: Queryable, account: AccountId, positionIds: readonly string[], now: Date): Promise<Set<string>> {
  if (positionIds.length === 0) return new Set();
  const result = await tx.query(
    `UPDATE positions SET review_since = $3::timestamptz, updated_at = $3::timestamptz
     WHERE account_id = $1 AND position_id = ANY($2::bigint[]) AND status <> 'closed' AND review_since IS NULL
     RETURNING position_id`,
    [account, positionIds, now.toISOString()],
  );
  return new Set(result.rows.map((r) => String(r.position_id)));
}

/** Lifts the review flag of rows the broker holds again; returns the ids cleared. */
export async function clearReview(tx: Queryable, account: AccountId, positionIds: readonly string[], now: Date): Promise<Set<string>> {
  if (positionIds.length === 0) return new Set();
  const result = await tx.query(
    `UPDATE positions SET review_since = NULL, updated_at = $3::timestamptz
     WHERE account_id = $1 AND position_id = ANY($2::bigint[]) AND review_since IS NOT NULL
     RETURNING position_id`,
    [account, positionIds, now.toISOString()],
  );
  return new Set(result.rows.map((r) => String(r.position_id)));
}

export interface PositionClose {
  readonly positionId: string;
  readonly reason: ExitReason;
  /** numeric text: from our exit fills, or the broker's fills for a close made behind our back. */
  readonly exitPriceText: string;
  /** Quantity the P&L is realised on (numeric text). */
  readonly qtyText: string;
  readonly source: ExitPriceSource;
  readonly eventType: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface ClosedPosition {
  readonly positionId: string;
  readonly symbol: string;
  readonly recId: string | null;
  readonly exitPrice: number;
  readonly realizedPnl: number;
}

/**
 * Closes rows, writes their position_history row and a lifecycle event in ONE statement, so a close
 * without history (seed 28) cannot exist. P&L is computed in numeric from the stored entry price and
 * the exit price: (exit − entry) × qty × multiplier.
 */
export async function closePositions(
  tx: Queryable,
  account: AccountId,
  closes: readonly PositionClose[],
  now: Date,
): Promise<ClosedPosition[]> {
  if (closes.length === 0) return [];
  const result = await tx.query(
    `WITH input AS (
       SELECT u.position_id::bigint AS position_id, u.reason, u.exit_price::numeric AS exit_price, u.qty::numeric AS exit_qty,
              u.source, u.event_type, u.detail::jsonb AS detail
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
         AS u(position_id, reason, exit_price, qty, source, event_type, detail)
     ),
     closed AS (
       UPDATE positions p SET status = 'closed', close_reason = i.reason, exit_price = i.exit_price,
         realized_pnl = (i.exit_price - p.avg_entry_price) * i.exit_qty * p.multiplier,
         closed_at = GREATEST($9::timestamptz, p.opened_at), updated_at = $9::timestamptz
       FROM input i
       WHERE p.position_id = i.position_id AND p.account_id = $1 AND p.status <> 'closed'
       RETURNING p.position_id, p.account_id, p.symbol, p.underlying, p.instrument_type, p.strategy_type, p.multiplier,
         p.avg_entry_price, p.opened_at, p.closed_at, p.mfe_pct, p.mae_pct, p.entry_features, p.rec_id, p.realized_pnl,
         i.exit_price, i.exit_qty, i.source, i.reason, i.event_type, i.detail
     ),
     history AS (
       INSERT INTO position_history (position_id, account_id, symbol, underlying, instrument_type, strategy_type, qty, multiplier,
         entry_price, exit_price, exit_price_source, pnl_usd, pnl_pct, opened_at, closed_at, holding_s, exit_reason, mfe_pct,
         mae_pct, entry_features, created_at)
       SELECT c.position_id, c.account_id, c.symbol, c.underlying, c.instrument_type, c.strategy_type, c.exit_qty, c.multiplier,
         c.avg_entry_price, c.exit_price, c.source, c.realized_pnl,
         ((c.exit_price / c.avg_entry_price - 1) * 100)::float8, c.opened_at, c.closed_at,
         GREATEST(0, floor(extract(epoch FROM (c.closed_at - c.opened_at))))::bigint, c.reason, c.mfe_pct, c.mae_pct,
         c.entry_features, $9::timestamptz
       FROM closed c
       ON CONFLICT (position_id) DO NOTHING
       RETURNING position_id
     ),
     events AS (
       INSERT INTO position_events (position_id, account_id, event_type, detail, created_at)
       SELECT c.position_id, c.account_id, c.event_type,
         c.detail || jsonb_build_object('reason', c.reason, 'exit_price', c.exit_price, 'qty', c.exit_qty,
           'exit_price_source', c.source, 'realized_pnl', c.realized_pnl),
         $9::timestamptz
       FROM closed c
       RETURNING position_id
     )
     SELECT c.position_id, c.symbol, c.rec_id, c.exit_price, c.realized_pnl,
       (SELECT count(*) FROM history) AS history_rows, (SELECT count(*) FROM events) AS event_rows
     FROM closed c`,
    [
      account,
      closes.map((c) => c.positionId),
      closes.map((c) => c.reason),
      closes.map((c) => c.exitPriceText),
      closes.map((c) => c.qtyText),
      closes.map((c) => c.source),
      closes.map((c) => c.eventType),
      closes.map((c) => JSON.stringify(c.detail)),
      now.toISOString(),
    ],
  );
  return result.rows.map((r) => ({
    positionId: String(r.position_id),
    symbol: String(r.symbol),
    recId: textOrNull(r.rec_id),
    exitPrice: Number(r.exit_price),
    realizedPnl: Number(r.realized_pnl),
  }));
}

export interface AccountSnapshotRow {
  readonly equity: number;
  readonly cash: number;
  readonly buyingPower: number;
  readonly optionsBuyingPower: number | undefined;
  readonly raw: unknown;
}

export async function insertAccountSnapshot(db: Queryable, account: AccountId, snap: AccountSnapshotRow, now: Date): Promise<number> {
  const result = await db.query(
    `INSERT INTO account_snapshots (account_id, at, equity, cash, buying_power, options_buying_power, raw)
     VALUES ($1, $2::timestamptz, $3::numeric, $4::numeric, $5::numeric, $6::numeric, $7::jsonb)
     ON CONFLICT (account_id, at) DO NOTHING`,
    [
      account,
      now.toISOString(),
      String(snap.equity),
      String(snap.cash),
      String(Math.max(0, snap.buyingPower)),
      snap.optionsBuyingPower === undefined ? null : String(Math.max(0, snap.optionsBuyingPower)),
      JSON.stringify(snap.raw ?? null),
    ],
  );
  return result.rowCount;
}

// ---------------------------------------------------------------------------------------------------
// End-of-day inputs: earnings dates (ops-entered) and the volatility source's bars
// ---------------------------------------------------------------------------------------------------

/** Earnings of these underlyings dated within [from, to] (New York dates). */
export async function selectEarningsEvents(db: Queryable, symbols: readonly string[], from: string, to: string): Promise<EarningsEvent[]> {
  if (symbols.length === 0) return [];
  const result = await db.query(
    `SELECT symbol, report_date::text AS report_date, report_time FROM earnings_events
     WHERE symbol = ANY($1::text[]) AND report_date >= $2::date AND report_date <= $3::date
     ORDER BY report_date, symbol`,
    [symbols, from, to],
  );
  return result.rows.map((r) => ({
    symbol: String(r.symbol),
    reportDate: String(r.report_date).slice(0, 10),
    reportTime: EARNINGS_REPORT_TIMES.find((t) => t === r.report_time) ?? "unknown",
  }));
}

/** The newest `limit` bars of one symbol at or before `now` (replays never see the future). */
export async function selectNewestCloses(db: Queryable, symbol: string, now: Date, limit: number): Promise<VolatilityBar[]> {
  if (limit <= 0) return [];
  const result = await db.query(
    `SELECT ts, close FROM bars WHERE symbol = $1 AND ts <= $2::timestamptz ORDER BY ts DESC LIMIT $3`,
    [symbol, now.toISOString(), limit],
  );
  return result.rows.map((r) => ({ ts: dateOrNull(r.ts) ?? new Date(0), close: Number(r.close) })).reverse();
}

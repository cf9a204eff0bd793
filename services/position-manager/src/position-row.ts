// One positions row as this service reads it. pg returns numeric (and pg's bigint) as strings and
// PGlite returns bigint as a number, so every value is normalised here, once.
import type { AccountId, InstrumentType, Position, PositionStatus, StrategyType } from "@ops/trading";

export interface PositionRow {
  readonly positionId: string;
  readonly accountId: AccountId;
  /** Exact instrument id: the OCC symbol for options, the ticker for stock. */
  readonly symbol: string;
  readonly underlying: string;
  readonly instrumentType: InstrumentType;
  /** "YYYY-MM-DD" for options. */
  readonly optionExpiry: string | null;
  readonly optionStrike: number | null;
  readonly qty: number;
  /** qty exactly as stored (numeric text), for writes that must not round-trip through a float. */
  readonly qtyText: string;
  readonly multiplier: number;
  readonly avgEntryPrice: number;
  readonly entryOrderId: string | null;
  readonly recId: string | null;
  readonly strategyType: StrategyType | null;
  readonly openedAt: Date;
  readonly status: PositionStatus;
  readonly closingSince: Date | null;
  readonly stopPrice: number | null;
  readonly targetPrice: number | null;
  readonly maxHoldMinutes: number | null;
  readonly peakPrice: number | null;
  readonly trailPrice: number | null;
  readonly lastMarkPrice: number | null;
  readonly lastMarkAt: Date | null;
  readonly mfePct: number | null;
  readonly maePct: number | null;
  /** Set while the row is missing at the broker without evidence of a close: no exits meanwhile. */
  readonly reviewSince: Date | null;
}

export const POSITION_COLUMNS = `position_id, account_id, symbol, underlying, instrument_type, option_expiry::text AS option_expiry,
  option_strike, qty, multiplier, avg_entry_price, entry_order_id, rec_id, strategy_type, opened_at, status, closing_since,
  stop_price, target_price, max_hold_minutes, peak_price, trail_price, last_mark_price, last_mark_at, mfe_pct, mae_pct, review_since`;

/**
 * Adopted positions carry no strategy (NULL in the table: unknown is never made up, seed 48). The
 * exit policy still needs one, so they are managed as swing trades: premium/stop exits, theta and
 * expiry protection, no intraday flattening of something we did not open intraday.
 */
export const ADOPTED_EXIT_STRATEGY: StrategyType = "swing_trade";

export function toPositionRow(row: Record<string, unknown>): PositionRow {
  return {
    positionId: String(row.position_id),
    accountId: String(row.account_id) as AccountId,
    symbol: String(row.symbol),
    underlying: String(row.underlying),
    instrumentType: String(row.instrument_type) as InstrumentType,
    optionExpiry: textOrNull(row.option_expiry),
    optionStrike: numberOrNull(row.option_strike),
    qty: Number(row.qty),
    qtyText: String(row.qty),
    multiplier: Number(row.multiplier),
    avgEntryPrice: Number(row.avg_entry_price),
    entryOrderId: textOrNull(row.entry_order_id),
    recId: textOrNull(row.rec_id),
    strategyType: textOrNull(row.strategy_type) as StrategyType | null,
    openedAt: toDate(row.opened_at),
    status: String(row.status) as PositionStatus,
    closingSince: dateOrNull(row.closing_since),
    stopPrice: numberOrNull(row.stop_price),
    targetPrice: numberOrNull(row.target_price),
    maxHoldMinutes: numberOrNull(row.max_hold_minutes),
    peakPrice: numberOrNull(row.peak_price),
    trailPrice: numberOrNull(row.trail_price),
    lastMarkPrice: numberOrNull(row.last_mark_price),
    lastMarkAt: dateOrNull(row.last_mark_at),
    mfePct: numberOrNull(row.mfe_pct),
    maePct: numberOrNull(row.mae_pct),
    reviewSince: dateOrNull(row.review_since),
  };
}

/** The row as the pure exit logic sees it. Only long positions exist (the table has no short side). */
export function toTradingPosition(row: PositionRow): Position {
  return {
    id: row.positionId,
    accountId: row.accountId,
    symbol: row.symbol,
    underlying: row.underlying,
    instrumentType: row.instrumentType,
    strategyType: row.strategyType ?? ADOPTED_EXIT_STRATEGY,
    side: "long",
    qty: row.qty,
    multiplier: row.multiplier,
    entryPrice: row.avgEntryPrice,
    entryAt: row.openedAt,
    expiration: row.optionExpiry,
    strike: row.optionStrike,
    stopPrice: row.stopPrice,
    targetPrice: row.targetPrice,
    maxHoldMinutes: row.maxHoldMinutes,
    peakPrice: row.peakPrice,
    trailingStopPrice: row.trailPrice,
    mfePct: row.mfePct,
    maePct: row.maePct,
    status: row.status,
  };
}

export function textOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

export function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

export function dateOrNull(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return toDate(value);
}

function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

// The closed sets shared by SQL CHECK constraints and TypeScript. The strings here are exactly the
// strings in migrations/ (seed failure 19: a gate compared `CALL` against `BUY_CALL`).

export const ACCOUNT_IDS = ["large-100k", "tiny-1k"] as const;
export type AccountId = (typeof ACCOUNT_IDS)[number];

/** What a recommendation asks for: a side and an instrument kind together. */
export const ACTIONS = ["BUY_STOCK", "SELL_STOCK", "BUY_CALL", "BUY_PUT"] as const;
export type Action = (typeof ACTIONS)[number];

export const INSTRUMENT_TYPES = ["STOCK", "CALL", "PUT"] as const;
export type InstrumentType = (typeof INSTRUMENT_TYPES)[number];

export const STRATEGY_TYPES = ["day_trade", "swing_trade", "conservative", "gap_fade"] as const;
export type StrategyType = (typeof STRATEGY_TYPES)[number];

export const SIGNAL_DECISIONS = ["BUY", "SELL", "HOLD"] as const;
export type SignalDecision = (typeof SIGNAL_DECISIONS)[number];

/** Per-(recommendation, account) dispatch outcome; one row per pair (see ARCHITECTURE.md). */
export const DISPATCH_STATUSES = ["claimed", "skipped", "ordered", "failed"] as const;
export type DispatchStatus = (typeof DISPATCH_STATUSES)[number];

/** Our record of a broker order. `unresolved` = POST outcome unknown; settled by client_order_id lookup. */
export const ORDER_STATUSES = [
  "pending_submit", "unresolved", "accepted", "partially_filled", "filled", "canceled", "rejected", "expired",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_SIDES = ["buy", "sell"] as const;
export type OrderSide = (typeof ORDER_SIDES)[number];

export const ORDER_PURPOSES = ["entry", "exit"] as const;
export type OrderPurpose = (typeof ORDER_PURPOSES)[number];

export const POSITION_STATUSES = ["open", "closing", "closed"] as const;
export type PositionStatus = (typeof POSITION_STATUSES)[number];

export const EXIT_REASONS = [
  "take_profit", "stop_loss", "option_profit_target", "option_stop_loss", "trailing_stop",
  "theta_decay_risk", "day_trade_close", "max_hold_time", "expiration_risk", "eod_flat",
  "volatility_extreme", "earnings_close", "phantom_reconciliation", "manual",
] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];

export const SENTIMENT_LABELS = ["positive", "negative", "neutral"] as const;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];

export const UNIVERSE_SOURCES = ["config", "ops_pin", "ai"] as const;
export type UniverseSource = (typeof UNIVERSE_SOURCES)[number];

/** Direction of a held position. Options are always bought (long premium); stock may be short only if allowed. */
export const POSITION_SIDES = ["long", "short"] as const;
export type PositionSide = (typeof POSITION_SIDES)[number];

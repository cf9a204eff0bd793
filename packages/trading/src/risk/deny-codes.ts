// Stable reason codes stored with every denied recommendation. Never rename one: dashboards, alerts and
// the learning loop group on these strings. Add new codes at the end of their group.

export const DENY_CODES = [
  // account identity and kill switch
  "ACCOUNT_NOT_CONFIGURED",
  "CONFIG_ACCOUNT_MISMATCH",
  "RISK_STATE_MISSING",
  "TRADING_DISABLED",
  "TRADING_HALTED",
  "TRADING_REDUCING",
  // account-level loss limits
  "DAILY_LOSS_LIMIT",
  "LOSS_STREAK",
  "ACCOUNT_LOCKED",
  "SYMBOL_LOCKED",
  "POSITION_MANAGER_DOWN",
  "VOLATILITY_REGIME",
  // calendar and clock
  "NOT_TRADING_DAY",
  "OUTSIDE_MARKET_HOURS",
  "OPENING_WINDOW",
  "PAST_ENTRY_CUTOFF",
  // data presence and freshness (no data ⇒ no trade)
  "NO_DATA",
  "BAR_STALE",
  "BAR_IN_FUTURE",
  "FEATURES_MISSING",
  "FEATURES_STALE",
  "REC_STALE",
  "REC_IN_FUTURE",
  // exposure and concentration
  "DUPLICATE_POSITION",
  "MAX_POSITIONS",
  "MAX_EXPOSURE",
  "TICKER_DAILY_LIMIT",
  "TICKER_COOLDOWN",
  // the recommendation itself
  "CONFIDENCE_TOO_LOW",
  "UNKNOWN_STRATEGY",
  "UNKNOWN_ACTION",
  "ACTION_NOT_ALLOWED",
  "ACTION_INSTRUMENT_MISMATCH",
  "NO_LONG_POSITION",
  "INVALID_INPUT",
] as const;
export type DenyCode = (typeof DENY_CODES)[number];

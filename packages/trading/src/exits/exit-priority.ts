import type { ExitReason } from "../domain/vocabulary.js";

/** 1 = act first. Price protection beats clock rules; the max-hold clock is last. */
export const EXIT_PRIORITY: Readonly<Record<ExitReason, number>> = {
  take_profit: 1,
  stop_loss: 1,
  option_profit_target: 1,
  option_stop_loss: 1,
  trailing_stop: 1,
  theta_decay_risk: 2,
  day_trade_close: 2,
  expiration_risk: 2,
  eod_flat: 2,
  volatility_extreme: 2,
  earnings_close: 2,
  max_hold_time: 3,
  phantom_reconciliation: 1,
  manual: 1,
};

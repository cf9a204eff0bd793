import { deny, pass } from "../gate-result.js";
import type { Gate } from "../gate-result.js";

/** Entries per symbol per day, counted for THIS account only (seed 46). */
export const checkTickerDailyLimit: Gate = (input, cfg) => {
  const trades = input.account.tradesTodayForSymbol;
  if (!Number.isInteger(trades) || trades < 0) return deny("INVALID_INPUT", { trades_today: trades }, { value: trades, threshold: cfg.maxTradesPerSymbolPerDay });
  if (trades >= cfg.maxTradesPerSymbolPerDay) {
    return deny("TICKER_DAILY_LIMIT", {
      symbol: input.rec.symbol,
      trades_today: trades,
      max: cfg.maxTradesPerSymbolPerDay,
    }, { value: trades, threshold: cfg.maxTradesPerSymbolPerDay });
  }
  return pass(trades, cfg.maxTradesPerSymbolPerDay);
};

import { hasLongStock } from "../action-facts.js";
import { deny, PASS } from "../gate-result.js";
import type { Gate } from "../gate-result.js";

/** SELL_STOCK may only reduce a held long, unless the account is explicitly allowed to short. */
export const checkSellStockPosition: Gate = (input, cfg) => {
  if (input.rec.action !== "SELL_STOCK") return PASS;
  if (hasLongStock(input) || cfg.allowShorting) return PASS;
  return deny("NO_LONG_POSITION", { symbol: input.rec.symbol, allow_shorting: cfg.allowShorting });
};

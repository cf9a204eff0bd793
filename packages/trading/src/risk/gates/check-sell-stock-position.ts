import { hasLongStock } from "../action-facts.js";
import { deny, pass } from "../gate-result.js";
import type { Gate } from "../gate-result.js";

/** SELL_STOCK may only reduce a held long, unless the account is explicitly allowed to short. */
export const checkSellStockPosition: Gate = (input, cfg) => {
  if (input.rec.action !== "SELL_STOCK") return pass(null, null);
  const held = hasLongStock(input);
  if (held || cfg.allowShorting) return pass(held, cfg.allowShorting ? "shorting_allowed" : true);
  return deny("NO_LONG_POSITION", { symbol: input.rec.symbol, allow_shorting: cfg.allowShorting }, { value: false, threshold: true });
};

import { deny, pass } from "../gate-result.js";
import type { Gate } from "../gate-result.js";

/** Hard invariant: no bar for the symbol means no trade, with no bypass (seed 17). */
export const checkNoData: Gate = (input) => {
  const bar = input.newestBar;
  if (bar === null) return deny("NO_DATA", { symbol: input.rec.symbol }, { value: null, threshold: input.rec.symbol });
  if (bar.symbol !== input.rec.symbol) return deny("NO_DATA", { symbol: input.rec.symbol, bar_symbol: bar.symbol }, { value: bar.symbol, threshold: input.rec.symbol });
  return pass(bar.symbol, input.rec.symbol);
};

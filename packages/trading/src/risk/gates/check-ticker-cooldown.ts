import { deny, pass } from "../gate-result.js";
import type { Gate } from "../gate-result.js";

/**
 * Minimum time between entries in one symbol, from THIS account's last entry (seed 46: the other
 * account's fill blocked this one). An unreadable time fails closed; the seed let it pass.
 */
export const checkTickerCooldown: Gate = (input, cfg) => {
  const last = input.account.lastEntryAtForSymbol;
  if (last === null) return pass(null, cfg.symbolCooldownMinutes);
  const sinceMinutes = (input.now.getTime() - last.getTime()) / 60_000;
  if (Number.isNaN(sinceMinutes)) return deny("INVALID_INPUT", { last_entry_at: last });
  if (sinceMinutes < cfg.symbolCooldownMinutes) {
    return deny("TICKER_COOLDOWN", {
      symbol: input.rec.symbol,
      minutes_since_last_entry: sinceMinutes,
      cooldown_minutes: cfg.symbolCooldownMinutes,
    }, { value: sinceMinutes, threshold: cfg.symbolCooldownMinutes });
  }
  return pass(sinceMinutes, cfg.symbolCooldownMinutes);
};

import { deny, pass } from "../gate-result.js";
import type { Gate } from "../gate-result.js";

/**
 * Blocks entries in the configured regimes. Without a reading it passes, flagged `no_reading`, so the
 * status shows that the check did nothing (the seed passed silently on missing data).
 */
export const checkVolatilityRegime: Gate = (input, cfg) => {
  const blocked = cfg.blockedVolatilityRegimes.join(",");
  const reading = input.volatility;
  if (reading === undefined) return pass(null, blocked, "not_supplied");
  if (reading === null) return pass(null, blocked, "no_reading");
  if (cfg.blockedVolatilityRegimes.includes(reading.regime)) {
    return deny(
      "VOLATILITY_REGIME",
      { regime: reading.regime, level: reading.level, source: reading.source, as_of: reading.asOf },
      { value: reading.regime, threshold: blocked },
    );
  }
  return pass(reading.regime, blocked);
};

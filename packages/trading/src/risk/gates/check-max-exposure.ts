import { isRiskReducing } from "../action-facts.js";
import { accountExposureUsd, liveAccountPositions } from "../exposure.js";
import { deny, PASS } from "../gate-result.js";
import type { Gate } from "../gate-result.js";

/**
 * Σ qty × entry price × multiplier must be under the account's cap. A position whose numbers cannot
 * be trusted (an option with multiplier 1 is the seed-45 bug) fails closed.
 */
export const checkMaxExposure: Gate = (input, cfg) => {
  if (isRiskReducing(input)) return PASS;
  const live = liveAccountPositions(input.account.positions);
  const broken = live.find(
    (p) =>
      !Number.isFinite(p.qty) ||
      !Number.isFinite(p.entryPrice) ||
      !(p.multiplier > 0) ||
      (p.instrumentType !== "STOCK" && p.multiplier === 1),
  );
  if (broken !== undefined) {
    return deny("INVALID_INPUT", {
      position: broken.symbol,
      qty: broken.qty,
      entry_price: broken.entryPrice,
      multiplier: broken.multiplier,
    });
  }
  const exposure = accountExposureUsd(live);
  if (exposure >= cfg.maxExposureUsd) {
    return deny("MAX_EXPOSURE", { exposure_usd: exposure, max_usd: cfg.maxExposureUsd });
  }
  return PASS;
};

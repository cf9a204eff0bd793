import { isRiskReducing } from "../action-facts.js";
import { accountExposureUsd, liveAccountPositions } from "../exposure.js";
import { deny, pass } from "../gate-result.js";
import type { Gate } from "../gate-result.js";

/**
 * Σ qty × entry price × multiplier must stay under the account's cap, including the entry's own
 * notional when the caller knows it. A position whose numbers cannot be trusted (an option with
 * multiplier 1 is the seed-45 bug) fails closed.
 */
export const checkMaxExposure: Gate = (input, cfg) => {
  const max = cfg.maxExposureUsd;
  // Selling a held long only shrinks exposure; its other rows are not this order's business.
  if (isRiskReducing(input)) return pass(null, max);
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
  const proposed = input.proposedExposureUsd;
  if (proposed !== undefined && !(Number.isFinite(proposed) && proposed >= 0)) {
    return deny("INVALID_INPUT", { proposed_exposure_usd: proposed }, { value: proposed, threshold: max });
  }
  if (exposure >= max) {
    return deny("MAX_EXPOSURE", { exposure_usd: exposure, max_usd: max }, { value: exposure, threshold: max });
  }
  if (proposed !== undefined && exposure + proposed > max) {
    return deny(
      "MAX_EXPOSURE",
      { exposure_usd: exposure, proposed_usd: proposed, max_usd: max },
      { value: exposure + proposed, threshold: max },
    );
  }
  return pass(proposed === undefined ? exposure : exposure + proposed, max);
};

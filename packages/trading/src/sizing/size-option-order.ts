import type { StrategyType } from "../domain/vocabulary.js";
import type { SizingSkipCode } from "./sizing-codes.js";
import type { SizingTier } from "./sizing-tiers.js";

export const OPTION_CONTRACT_MULTIPLIER = 100;

export interface OptionSizingInput {
  readonly buyingPower: number;
  /** Per-share premium the order will pay (the limit price). */
  readonly premiumMid: number;
  readonly strategyType: StrategyType;
  readonly tier: SizingTier;
  /** Account exposure cap minus current exposure, in dollars. */
  readonly maxExposureLeft: number;
}

export type OptionSizing =
  | { readonly ok: true; readonly contracts: number; readonly notionalUsd: number; readonly riskBudgetUsd: number }
  | { readonly ok: false; readonly contracts: 0; readonly code: SizingSkipCode; readonly detail: string };

/**
 * contracts = floor(buying power × strategy risk % / (premium × 100)), capped by the tier's maximum,
 * the exposure left and the buying power. Never more than any limit; zero means "skip".
 */
export function sizeOptionOrder(input: OptionSizingInput): OptionSizing {
  const { buyingPower, premiumMid, strategyType, tier, maxExposureLeft } = input;
  if (!(Number.isFinite(premiumMid) && premiumMid > 0)) return skip("INVALID_PRICE", `premium=${premiumMid}`);
  if (!(Number.isFinite(buyingPower) && buyingPower > 0)) return skip("NO_BUYING_POWER", `buying_power=${buyingPower}`);
  if (!(maxExposureLeft > 0)) return skip("EXPOSURE_LIMIT_REACHED", `exposure_left=${maxExposureLeft}`);
  const riskPct = tier.optionRiskPct[strategyType];
  if (!(riskPct > 0 && riskPct <= 1)) return skip("INVALID_RISK_PCT", `risk_pct=${riskPct}`);

  const perContract = premiumMid * OPTION_CONTRACT_MULTIPLIER;
  const riskBudget = buyingPower * riskPct;
  const hardCap = Math.min(
    tier.maxContracts,
    Math.floor(maxExposureLeft / perContract),
    Math.floor(buyingPower / perContract),
  );
  let contracts = Math.min(Math.floor(riskBudget / perContract), hardCap);
  if (contracts === 0 && tier.allowMinimumOneContract && hardCap >= 1) contracts = 1;
  if (contracts <= 0) {
    const code: SizingSkipCode =
      perContract > buyingPower ? "NO_BUYING_POWER" : perContract > maxExposureLeft ? "EXPOSURE_LIMIT_REACHED" : "RISK_BUDGET_TOO_SMALL";
    return skip(code, `per_contract_usd=${round2(perContract)} risk_budget_usd=${round2(riskBudget)} exposure_left=${round2(maxExposureLeft)} buying_power=${round2(buyingPower)}`);
  }
  return { ok: true, contracts, notionalUsd: round2(contracts * perContract), riskBudgetUsd: round2(riskBudget) };
}

function skip(code: SizingSkipCode, detail: string): OptionSizing {
  return { ok: false, contracts: 0, code, detail };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

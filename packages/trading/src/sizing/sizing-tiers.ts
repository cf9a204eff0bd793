import type { AccountId, StrategyType } from "../domain/vocabulary.js";

/**
 * Sizing parameters, chosen by ACCOUNT (not by buying power: the tiny account's buying power drifted
 * to ~$122 and the seed re-tiered it mid-day). Percentages are fractions of buying power per trade.
 */
export interface SizingTier {
  readonly accountId: AccountId;
  readonly optionRiskPct: Readonly<Record<StrategyType, number>>;
  readonly maxContracts: number;
  /** Stocks: fraction of equity risked between entry and stop. */
  readonly stockRiskPct: number;
  /**
   * Buy one contract when the risk budget rounds to zero but one contract still fits the exposure
   * and buying-power limits (what lets a $1K account trade $1–3 premiums at all).
   */
  readonly allowMinimumOneContract: boolean;
}

/** §3.10: large 1 %/2 %/10 contracts; tiny 15 %/8 %/1 contract; other strategies get half the swing %. */
export const DEFAULT_SIZING_TIERS: Readonly<Record<AccountId, SizingTier>> = {
  "large-100k": {
    accountId: "large-100k",
    optionRiskPct: { day_trade: 0.01, swing_trade: 0.02, conservative: 0.01, gap_fade: 0.01 },
    maxContracts: 10,
    stockRiskPct: 0.05,
    allowMinimumOneContract: true,
  },
  "tiny-1k": {
    accountId: "tiny-1k",
    optionRiskPct: { day_trade: 0.15, swing_trade: 0.08, conservative: 0.04, gap_fade: 0.04 },
    maxContracts: 1,
    stockRiskPct: 0.1,
    allowMinimumOneContract: true,
  },
};

/** Ordered calm → stressed, the seed's vix_history regimes; a config names those in which no entry is made. */
export const VOLATILITY_REGIMES = ["complacent", "normal", "elevated", "high", "extreme"] as const;
export type VolatilityRegime = (typeof VOLATILITY_REGIMES)[number];

/**
 * One reading of the configured source. The IEX feed has no index, so the source is e.g. a VIX-tracking
 * ETF's bars from the market-data API, classified by the reader against configured levels.
 */
export interface VolatilityReading {
  readonly regime: VolatilityRegime;
  /** The raw level the regime was classified from (e.g. the ETF's close), for the audit trail. */
  readonly level: number | null;
  readonly source: string;
  readonly asOf: Date;
}

/** Exclusive upper bounds of each regime below `extreme`, ascending (seed VIX: 15 / 20 / 30 / 40). */
export interface VolatilityLevels {
  readonly complacentBelow: number;
  readonly normalBelow: number;
  readonly elevatedBelow: number;
  readonly highBelow: number;
}

/** Classifies a level; a non-finite or negative level is no reading at all. */
export function classifyVolatility(level: number, levels: VolatilityLevels): VolatilityRegime | null {
  if (!Number.isFinite(level) || level < 0) return null;
  if (level < levels.complacentBelow) return "complacent";
  if (level < levels.normalBelow) return "normal";
  if (level < levels.elevatedBelow) return "elevated";
  if (level < levels.highBelow) return "high";
  return "extreme";
}

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

/** Where readings come from: `close` reads a VIX-tracking ETF's close, `realized` estimates from our own bars. */
export type VolatilitySource =
  | { readonly kind: "none" }
  | { readonly kind: "close" | "realized"; readonly symbol: string };

export interface VolatilityBar {
  readonly ts: Date;
  readonly close: number;
}

export interface VolatilityReaderSettings {
  readonly levels: VolatilityLevels;
  /** The newest bar older than this is no reading (stale). */
  readonly maxAgeSeconds: number;
  /** realized only: how many 1-minute log returns the estimate uses (e.g. 60). */
  readonly realizedWindow: number;
}

/** Minutes in a regular session × trading days: scales a 1-minute stdev to an annual one, as VIX is quoted. */
export const MINUTES_PER_TRADING_YEAR = 252 * 390;
const ONE_MINUTE_MS = 60_000;

/**
 * How many newest bars to fetch. `realized` asks for twice its window so that a few missing minutes
 * (IEX gaps, the overnight break) still leave enough genuine 1-minute returns.
 */
export function volatilityBarsNeeded(source: VolatilitySource, settings: VolatilityReaderSettings): number {
  switch (source.kind) {
    case "none":
      return 0;
    case "close":
      return 1;
    case "realized":
      return 2 * settings.realizedWindow + 1;
  }
}

/**
 * Bars usable at `now`, ascending and one per timestamp. Bars after `now` (a replay running ahead) and
 * bars with a non-finite or non-positive close are ignored rather than voiding the reading; a duplicate
 * timestamp keeps the later bar in input order (the correction).
 */
function usableBars(bars: readonly VolatilityBar[], now: Date): VolatilityBar[] {
  const byTs = new Map<number, VolatilityBar>();
  for (const bar of bars) {
    const t = bar.ts.getTime();
    if (!Number.isFinite(t) || t > now.getTime()) continue;
    if (!Number.isFinite(bar.close) || bar.close <= 0) continue;
    byTs.set(t, bar);
  }
  return [...byTs.values()].sort((a, b) => a.ts.getTime() - b.ts.getTime());
}

/**
 * Sample stdev of the newest `window` log returns between bars exactly one minute apart, annualised, in
 * percent. A return across a gap is not a 1-minute return, so it is skipped; fewer than `window` → null.
 */
function realizedVolatilityPct(ascending: readonly VolatilityBar[], window: number): number | null {
  const returns: number[] = [];
  for (let i = ascending.length - 1; i > 0 && returns.length < window; i--) {
    const newer = ascending[i]!;
    const older = ascending[i - 1]!;
    if (newer.ts.getTime() - older.ts.getTime() !== ONE_MINUTE_MS) continue;
    returns.push(Math.log(newer.close / older.close));
  }
  if (window < 2 || returns.length < window) return null;
  const mean = returns.reduce((sum, r) => sum + r, 0) / returns.length;
  const variance = returns.reduce((sum, r) => sum + (r - mean) ** 2, 0) / (returns.length - 1);
  return Math.sqrt(variance) * Math.sqrt(MINUTES_PER_TRADING_YEAR) * 100;
}

/** null = configured but no usable reading now (missing/stale/too few bars/bad values). */
export function volatilityReadingFromBars(
  source: Exclude<VolatilitySource, { kind: "none" }>,
  bars: readonly VolatilityBar[],
  now: Date,
  settings: VolatilityReaderSettings,
): VolatilityReading | null {
  const ascending = usableBars(bars, now);
  const newest = ascending.at(-1);
  if (newest === undefined) return null;
  if (now.getTime() - newest.ts.getTime() > settings.maxAgeSeconds * 1000) return null;
  const level = source.kind === "close" ? newest.close : realizedVolatilityPct(ascending, settings.realizedWindow);
  if (level === null) return null;
  const regime = classifyVolatility(level, settings.levels);
  if (regime === null) return null;
  return { regime, level, source: `${source.kind}:${source.symbol}`, asOf: newest.ts };
}

import type { AccountId } from "../domain/vocabulary.js";
import { VOLATILITY_REGIMES } from "../risk/volatility-regime.js";
import type { VolatilityRegime } from "../risk/volatility-regime.js";

/**
 * End-of-day engine thresholds for one account tier (seed §3.8 item 8). Windows are minutes before
 * the session's close, so on an early-close day (13:00) they shift with the calendar (11:30 … 12:55).
 */
export interface EodRules {
  /** Graduated windows, earliest first; the last is the final flat (14:30, 15:00, 15:30, 15:55 on a 16:00 close). */
  readonly windowsMinutesBeforeClose: readonly number[];
  /** Intraday options: close in window i (all but the last) when P&L % is below this; the last window closes all. */
  readonly intradayCloseBelowPnlPct: readonly number[];
  /** Overnight-hold criteria for swing options (all must pass to hold through the close). */
  readonly overnight: {
    readonly minDte: number;
    readonly minPnlPct: number;
    /** Position notional (mark × qty × multiplier) as % of account equity. */
    readonly maxNotionalPctOfEquity: number;
    /**
     * theta score = |theta| / mark (share of premium lost per day); at or above this the P&L bar RISES by
     * highThetaExtraPnlPct. Deliberately the opposite of the seed, which lowered the bar by 10 points for high
     * theta: a contract bleeding premium overnight must earn more to be carried, not less.
     */
    readonly highThetaScore: number;
    readonly highThetaExtraPnlPct: number;
  };
  /** Close regardless of strategy when DTE ≤ maxDte and the theta score exceeds minScore (needs a real theta). */
  readonly thetaForceClose: { readonly maxDte: number; readonly minScore: number };
  /** Sum of held-overnight option notional; least profitable holds are closed first above it. */
  readonly overnightExposureCapUsd: number;
  /** On expiration day, close this many minutes before the close (60 → 15:00, ahead of Alpaca's ~15:15 liquidation). */
  readonly expirationDayExitMinutesBeforeClose: number;
  /** The volatility regime of the configured source (the dispatcher's gate reads the same one). */
  readonly volatility: {
    /** In these regimes every option is closed from the first window (`volatility_extreme`; seed: extreme). */
    readonly closeInRegimes: readonly VolatilityRegime[];
    /** The overnight P&L bar is multiplied by this in a regime (seed: elevated ×1.5, high ×2); unlisted → ×1. */
    readonly overnightPnlBarMultiplier: Readonly<Partial<Record<VolatilityRegime, number>>>;
    /** The overnight notional limit is divided by this in a regime (seed: high ÷2); unlisted → ÷1. */
    readonly overnightNotionalDivisor: Readonly<Partial<Record<VolatilityRegime, number>>>;
    /** A configured source without a usable reading counts as this regime (seed: stale → elevated). */
    readonly noReadingAs: VolatilityRegime;
  };
  /** Close options whose underlying reports earnings before the next session (`earnings_close`). */
  readonly closeBeforeEarnings: boolean;
}

const LARGE: EodRules = {
  windowsMinutesBeforeClose: [90, 60, 30, 5],
  intradayCloseBelowPnlPct: [-20, -10, 0],
  overnight: { minDte: 3, minPnlPct: 10, maxNotionalPctOfEquity: 5, highThetaScore: 0.05, highThetaExtraPnlPct: 10 },
  thetaForceClose: { maxDte: 2, minScore: 0.05 },
  overnightExposureCapUsd: 5_000,
  expirationDayExitMinutesBeforeClose: 60,
  volatility: {
    closeInRegimes: ["extreme"],
    overnightPnlBarMultiplier: { elevated: 1.5, high: 2 },
    overnightNotionalDivisor: { high: 2 },
    noReadingAs: "elevated",
  },
  closeBeforeEarnings: true,
};

/** Per-tier defaults (seed §3.10: the tiny account holds overnight only with a higher P&L and a $200 cap). */
export const DEFAULT_EOD_RULES: Readonly<Record<AccountId, EodRules>> = {
  "large-100k": LARGE,
  "tiny-1k": { ...LARGE, overnight: { ...LARGE.overnight, minPnlPct: 15 }, overnightExposureCapUsd: 200 },
};

/** Problems with a rule set (empty = valid); config loaders refuse to start on any. */
export function eodRulesProblems(rules: EodRules): string[] {
  const problems: string[] = [];
  const windows = rules.windowsMinutesBeforeClose;
  if (windows.length < 1) problems.push("at least one EOD window is required");
  for (let i = 0; i < windows.length; i++) {
    const w = windows[i] ?? NaN;
    if (!(Number.isFinite(w) && w > 0 && w <= 390)) problems.push(`window ${i} must be within (0, 390] minutes before the close`);
    if (i > 0 && !(w < (windows[i - 1] ?? -Infinity))) problems.push("windows must be strictly later (fewer minutes before the close) each step");
  }
  if (rules.intradayCloseBelowPnlPct.length !== Math.max(0, windows.length - 1)) {
    problems.push("intradayCloseBelowPnlPct needs one threshold per window except the final one");
  }
  const o = rules.overnight;
  if (!(Number.isInteger(o.minDte) && o.minDte >= 1)) problems.push("overnight.minDte must be an integer >= 1");
  if (!(o.maxNotionalPctOfEquity > 0 && o.maxNotionalPctOfEquity <= 100)) problems.push("overnight.maxNotionalPctOfEquity must be within (0, 100]");
  if (!(o.highThetaScore > 0)) problems.push("overnight.highThetaScore must be > 0");
  if (!(o.highThetaExtraPnlPct >= 0)) problems.push("overnight.highThetaExtraPnlPct must be >= 0");
  if (!(rules.thetaForceClose.minScore > 0)) problems.push("thetaForceClose.minScore must be > 0");
  if (!(rules.overnightExposureCapUsd >= 0)) problems.push("overnightExposureCapUsd must be >= 0");
  const v = rules.volatility;
  for (const [regime, factor] of Object.entries(v.overnightPnlBarMultiplier)) {
    if (!(typeof factor === "number" && factor >= 1)) problems.push(`volatility.overnightPnlBarMultiplier.${regime} must be >= 1 (a regime never lowers the bar)`);
  }
  for (const [regime, factor] of Object.entries(v.overnightNotionalDivisor)) {
    if (!(typeof factor === "number" && factor >= 1)) problems.push(`volatility.overnightNotionalDivisor.${regime} must be >= 1 (a regime never raises the limit)`);
  }
  const regimes: readonly string[] = VOLATILITY_REGIMES;
  for (const regime of [...v.closeInRegimes, ...Object.keys(v.overnightPnlBarMultiplier), ...Object.keys(v.overnightNotionalDivisor), v.noReadingAs]) {
    if (!regimes.includes(regime)) problems.push(`unknown volatility regime ${regime}`);
  }
  const expiry = rules.expirationDayExitMinutesBeforeClose;
  if (!(expiry >= 45 && expiry <= 390)) problems.push("expirationDayExitMinutesBeforeClose must be >= 45 (Alpaca liquidates expiring contracts from ~15:15 ET)");
  return problems;
}

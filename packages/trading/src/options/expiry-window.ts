import type { StrategyType } from "../domain/vocabulary.js";

/** Days to expiry (calendar days, inclusive) a strategy may buy. */
export interface ExpiryWindow {
  readonly minDte: number;
  readonly maxDte: number;
}

/**
 * Day trades 0–1 DTE and swings 7–30 DTE as in the seed. Conservative starts at 3 DTE (the seed used
 * 0–7), because the theta and expiry exit rules close anything at ≤ 2 DTE and would sell it at once.
 * Gap fades are intraday (held ≤ 90 minutes) and use the day-trade window (issue 9), not the seed's 0–7.
 */
export const EXPIRY_WINDOWS: Readonly<Record<StrategyType, ExpiryWindow>> = {
  day_trade: { minDte: 0, maxDte: 1 },
  swing_trade: { minDte: 7, maxDte: 30 },
  conservative: { minDte: 3, maxDte: 7 },
  gap_fade: { minDte: 0, maxDte: 1 },
};

/** Chain request filter: strikes within ±10 % of the underlying. */
export const STRIKE_BAND_PCT = 0.1;

/**
 * A deterministic implied-vol surface: ATM level with a short-dated premium (term structure), a
 * downside skew and a smile, both in moneyness normalised by sqrt(T) so they scale sensibly from
 * 0 DTE to months out. Shaped after listed equity chains (e.g. the 2024-07-31 yfinance snapshot:
 * puts richer than calls, wings rising).
 */
export interface IvSurfaceParams {
  /** ATM vol at ~30 days. */
  atmIv: number;
  /** Extra ATM vol for the shortest expiries, as a fraction of atmIv. */
  shortTermPremium: number;
  /** Slope per unit of normalised moneyness (negative: puts richer). */
  skew: number;
  /** Curvature per unit² of normalised moneyness. */
  smile: number;
}

export const MIN_IV = 0.03;
export const MAX_IV = 3;
const MIN_YEARS = 1 / (365 * 24);

export function defaultIvParams(atmIv: number): IvSurfaceParams {
  // Fitted by eye to SPY's 1-DTE chain of 2024-07-31: 2 % OTM puts ~1.25× ATM, calls flatter.
  return { atmIv, shortTermPremium: 0.15, skew: -0.35, smile: 0.45 };
}

/** Moneyness ln(K/S) scaled by sqrt(T), clamped so deep wings do not explode. */
export function normalisedMoneyness(strike: number, spot: number, years: number): number {
  const x = Math.log(strike / spot) / Math.sqrt(Math.max(years, MIN_YEARS));
  return Math.max(-3, Math.min(3, x));
}

export function impliedVol(params: IvSurfaceParams, strike: number, spot: number, years: number): number {
  const days = Math.max(years, MIN_YEARS) * 365;
  const atm = params.atmIv * (1 + params.shortTermPremium * Math.exp(-days / 10));
  const x = normalisedMoneyness(strike, spot, years);
  const iv = atm * (1 + params.skew * x + params.smile * x * x);
  return Math.max(MIN_IV, Math.min(MAX_IV, iv));
}

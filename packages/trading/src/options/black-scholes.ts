// Black-Scholes price and greeks of a European option (no dividends). Used where a chain has IV but no
// greeks (yfinance) so the selector's delta score is computed instead of scoring the "no greeks" floor.
// Pure: every input, including the time to expiry, is passed in.
import type { OptionType } from "./occ-symbol.js";

export interface BlackScholesInput {
  readonly type: OptionType;
  readonly spot: number;
  readonly strike: number;
  /** Time to expiry in years (> 0). */
  readonly years: number;
  /** Annualised implied volatility, e.g. 0.25. */
  readonly iv: number;
  /** Continuously compounded risk-free rate. Default 0. */
  readonly rate?: number;
}

export interface BlackScholesResult {
  readonly price: number;
  readonly delta: number;
  readonly gamma: number;
  /** Per calendar day (negative for a long option). */
  readonly theta: number;
  /** Per 1.00 of volatility. */
  readonly vega: number;
}

export function blackScholes(input: BlackScholesInput): BlackScholesResult {
  const { type, spot: s, strike: k, years: t, iv: v } = input;
  const r = input.rate ?? 0;
  if (!(s > 0 && k > 0 && t > 0 && v > 0 && Number.isFinite(s + k + t + v + r))) {
    throw new RangeError(`black-scholes needs positive finite spot, strike, years and iv: ${JSON.stringify(input)}`);
  }
  const sqrtT = Math.sqrt(t);
  const d1 = (Math.log(s / k) + (r + (v * v) / 2) * t) / (v * sqrtT);
  const d2 = d1 - v * sqrtT;
  const discount = Math.exp(-r * t);
  const pdf = normalPdf(d1);
  const gamma = pdf / (s * v * sqrtT);
  const vega = s * pdf * sqrtT;
  if (type === "call") {
    const price = s * normalCdf(d1) - k * discount * normalCdf(d2);
    const theta = (-(s * pdf * v) / (2 * sqrtT) - r * k * discount * normalCdf(d2)) / 365;
    return { price, delta: normalCdf(d1), gamma, theta, vega };
  }
  const price = k * discount * normalCdf(-d2) - s * normalCdf(-d1);
  const theta = (-(s * pdf * v) / (2 * sqrtT) + r * k * discount * normalCdf(-d2)) / 365;
  return { price, delta: normalCdf(d1) - 1, gamma, theta, vega };
}

export function normalPdf(x: number): number {
  return Math.exp(-(x * x) / 2) / Math.sqrt(2 * Math.PI);
}

/** Standard normal CDF via the complementary error function. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

function erfc(x: number): number {
  // Numerical Recipes erfcc: fractional error below 1.2e-7 everywhere.
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

import type { OptionType } from "../types.js";

export interface BsInput {
  type: OptionType;
  spot: number;
  strike: number;
  /** Time to expiry in years (ACT/365). */
  years: number;
  /** Continuously compounded risk-free rate, e.g. 0.05. */
  rate: number;
  /** Annualised volatility, e.g. 0.2. */
  vol: number;
  /** Continuous dividend yield; 0 when omitted. */
  dividendYield?: number;
}

/**
 * Black–Scholes–Merton price and greeks in the units option chains quote them:
 * theta per calendar day, vega and rho per one percentage point (0.01) of vol / rate.
 */
export interface BsResult {
  price: number;
  delta: number;
  gamma: number;
  theta: number;
  vega: number;
  rho: number;
}

/**
 * Standard normal CDF, Hart (1968) as given by West (2005): accurate to double precision,
 * which the put–call parity tests rely on.
 */
export function normCdf(x: number): number {
  const z = Math.abs(x);
  let c: number;
  if (z > 37) {
    c = 0;
  } else {
    const e = Math.exp((-z * z) / 2);
    if (z < 7.07106781186547) {
      let n = 3.52624965998911e-2 * z + 0.700383064443688;
      n = n * z + 6.37396220353165;
      n = n * z + 33.912866078383;
      n = n * z + 112.079291497871;
      n = n * z + 221.213596169931;
      n = n * z + 220.206867912376;
      let d = 8.83883476483184e-2 * z + 1.75566716318264;
      d = d * z + 16.064177579207;
      d = d * z + 86.7807322029461;
      d = d * z + 296.564248779674;
      d = d * z + 637.333633378831;
      d = d * z + 793.826512519948;
      d = d * z + 440.413735824752;
      c = (e * n) / d;
    } else {
      const f = z + 1 / (z + 2 / (z + 3 / (z + 4 / (z + 0.65))));
      c = e / f / 2.506628274631;
    }
  }
  return x <= 0 ? c : 1 - c;
}

export function normPdf(x: number): number {
  return Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
}

export function blackScholes(input: BsInput): BsResult {
  const { type, spot, strike, years, rate, vol } = input;
  const q = input.dividendYield ?? 0;
  const isCall = type === "call";
  if (!(spot > 0) || !(strike > 0)) throw new RangeError("spot and strike must be positive");
  if (years <= 0 || vol <= 0) {
    // At (or past) expiry, or with no volatility, the option is worth its discounted forward intrinsic.
    const t = Math.max(years, 0);
    const fwdSpot = spot * Math.exp(-q * t);
    const pvStrike = strike * Math.exp(-rate * t);
    const itm = isCall ? fwdSpot > pvStrike : pvStrike > fwdSpot;
    const price = itm ? Math.abs(fwdSpot - pvStrike) : 0;
    const delta = itm ? (isCall ? Math.exp(-q * t) : -Math.exp(-q * t)) : 0;
    return { price, delta, gamma: 0, theta: 0, vega: 0, rho: 0 };
  }
  const sqrtT = Math.sqrt(years);
  const d1 = (Math.log(spot / strike) + (rate - q + (vol * vol) / 2) * years) / (vol * sqrtT);
  const d2 = d1 - vol * sqrtT;
  const dfR = Math.exp(-rate * years);
  const dfQ = Math.exp(-q * years);
  const pdf = normPdf(d1);
  const gamma = (dfQ * pdf) / (spot * vol * sqrtT);
  const vegaPerUnit = spot * dfQ * pdf * sqrtT;
  const decay = (-spot * dfQ * pdf * vol) / (2 * sqrtT);
  if (isCall) {
    const nd1 = normCdf(d1);
    const nd2 = normCdf(d2);
    const thetaYear = decay - rate * strike * dfR * nd2 + q * spot * dfQ * nd1;
    return {
      price: spot * dfQ * nd1 - strike * dfR * nd2,
      delta: dfQ * nd1,
      gamma,
      theta: thetaYear / 365,
      vega: vegaPerUnit / 100,
      rho: (strike * years * dfR * nd2) / 100,
    };
  }
  const nmd1 = normCdf(-d1);
  const nmd2 = normCdf(-d2);
  const thetaYear = decay + rate * strike * dfR * nmd2 - q * spot * dfQ * nmd1;
  return {
    price: strike * dfR * nmd2 - spot * dfQ * nmd1,
    delta: -dfQ * nmd1,
    gamma,
    theta: thetaYear / 365,
    vega: vegaPerUnit / 100,
    rho: (-strike * years * dfR * nmd2) / 100,
  };
}

import { etDateString, etDateTime, formatOccSymbol, tryParseOccSymbol } from "@ops/core";
import type { Bar } from "@ops/trading";
import { sessionVolumeFraction } from "../generate-bars.js";
import { SeededRandom } from "../seeded-random.js";
import type { MarketData, OptionContractInfo, OptionDailyBar, OptionMarket, OptionQuote, OptionType } from "../types.js";
import { blackScholes } from "./bs.js";
import { listExpirations, listStrikes } from "./chain-layout.js";
import { defaultIvParams, impliedVol, type IvSurfaceParams } from "./iv-surface.js";
import { optionProfile, type OptionProfile } from "./option-profile.js";

const BAR_MS = 60_000;
/** Floor on time to expiry when measuring moneyness, so the last minutes of 0 DTE stay sane. */
const MIN_LIQUIDITY_YEARS = 1 / (365 * 24);
const YEAR_MS = 365 * 86_400_000;
const CACHE_LIMIT = 2_000;

export interface SyntheticOptionMarketOptions {
  /** Continuously compounded risk-free rate; 0.02 by default. */
  rate?: number;
  /** Per-underlying overrides of the built-in profile (IV level, liquidity, expiry style). */
  profiles?: Readonly<Record<string, Partial<OptionProfile>>>;
}

/** What the underlying looked like at one instant, from complete bars only. */
interface UnderlyingState {
  spot: number;
  /** End of the bar the spot comes from (when the price became known). */
  at: Date;
  day: string;
  /** Regular-session bars of `day` complete at asOf (may be empty before 09:31). */
  session: { open: number; high: number; low: number; openAt: Date } | undefined;
  /** Share of the day's volume traded so far. */
  volumeFraction: number;
}

/**
 * Share of at-the-money volume by distance (standard deviations, > 0 out of the money). Shaped on
 * SPY's 1-DTE chain of 2024-07-31: OTM strikes keep trading ~1.5 sd out, ITM volume dies fast.
 */
function volumeFactor(otm: number): number {
  if (otm >= 0) return Math.exp(-0.5 * (otm / 1.3) ** 2);
  return 0.9 * Math.exp(-0.5 * (otm / 0.45) ** 2) + 0.1 * Math.exp(-0.5 * (otm / 1.5) ** 2);
}

function roundCents(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * Options priced on demand from the underlying's last complete bar: Black–Scholes over a
 * deterministic IV surface, with spreads that widen and volume/open interest that thin out away
 * from the money and further out in time, so liquidity gates meet realistic rejections.
 */
export class SyntheticOptionMarket implements OptionMarket {
  private readonly rate: number;
  private readonly profileOverrides: Readonly<Record<string, Partial<OptionProfile>>>;
  private readonly contractCache = new Map<string, OptionContractInfo[]>();
  private readonly stateCache = new Map<string, UnderlyingState | null>();

  constructor(
    private readonly marketData: MarketData,
    options: SyntheticOptionMarketOptions = {},
  ) {
    this.rate = options.rate ?? 0.02;
    this.profileOverrides = options.profiles ?? {};
  }

  profile(underlying: string): OptionProfile {
    return { ...optionProfile(underlying), ...this.profileOverrides[underlying] };
  }

  contracts(underlying: string, asOf: Date): OptionContractInfo[] {
    const day = etDateString(asOf);
    const key = `${underlying}|${day}`;
    const cached = this.contractCache.get(key);
    if (cached) return cached;
    const reference = this.referencePrice(underlying, day, asOf);
    if (reference === undefined) return [];
    const profile = this.profile(underlying);
    const strikes = listStrikes(reference);
    const out: OptionContractInfo[] = [];
    for (const expiration of listExpirations(day, profile.dailyExpiries)) {
      for (const type of ["call", "put"] as const) {
        for (const strike of strikes) {
          out.push({ symbol: formatOccSymbol({ underlying, expiration, right: type, strike }), underlying, expiration, type, strike });
        }
      }
    }
    // The grid depends only on the day's reference price, so it is fixed for the day once known.
    this.remember(this.contractCache, key, out);
    return out;
  }

  quote(occSymbol: string, asOf: Date): OptionQuote | undefined {
    const contract = tryParseOccSymbol(occSymbol);
    if (!contract) return undefined;
    const state = this.underlyingState(contract.underlying, asOf);
    if (!state || contract.expiration < state.day) return undefined;
    const profile = this.profile(contract.underlying);
    const surface = defaultIvParams(profile.atmIv);
    const type: OptionType = contract.right;
    const expiryClose = etDateTime(contract.expiration, "16:00").getTime();
    const years = Math.max(0, (expiryClose - state.at.getTime()) / YEAR_MS);
    const iv = impliedVol(surface, contract.strike, state.spot, years);
    const greeks = blackScholes({ type, spot: state.spot, strike: contract.strike, years, rate: this.rate, vol: iv });
    const mid = greeks.price;

    // Distance from the money in standard deviations of the move to expiry; > 0 is out of the money.
    const sd = iv * Math.sqrt(Math.max(years, MIN_LIQUIDITY_YEARS));
    const z = Math.log(contract.strike / state.spot) / sd;
    const otm = type === "call" ? z : -z;
    const tick = mid < 3 ? 0.01 : profile.wideTick;
    // Spreads widen both ways: deep ITM quotes are wide in dollars, far OTM ones in percent.
    const spreadPct = profile.baseSpreadPct * (1 + 0.35 * Math.min(otm * otm, 9));
    const spread = Math.max(tick, mid * spreadPct);
    let bid = Math.max(0, Math.floor((mid - spread / 2) / tick + 1e-9) * tick);
    let ask = Math.ceil((mid + spread / 2) / tick - 1e-9) * tick;
    if (ask <= bid) ask = bid + tick;
    bid = roundCents(bid);
    ask = roundCents(ask);

    const dte = Math.max(0, (expiryClose - state.at.getTime()) / 86_400_000);
    const dayRng = new SeededRandom(`${occSymbol}|${state.day}`);
    const fullDayVolume = profile.atmDailyVolume * volumeFactor(otm) * (0.1 + Math.exp(-dte / 6)) * Math.exp(0.35 * dayRng.normal());
    const dailyVolume = Math.floor(fullDayVolume * state.volumeFraction);
    const oiRng = new SeededRandom(`oi|${occSymbol}`);
    const oiFactor = Math.exp(-0.5 * (otm / (otm >= 0 ? 2.5 : 1)) ** 2) * (0.3 + 0.7 * Math.exp(-dte / 20));
    const openInterest = Math.floor(profile.atmOpenInterest * oiFactor * Math.exp(0.3 * oiRng.normal()));

    const minuteRng = new SeededRandom(`${occSymbol}|${state.at.getTime()}`);
    const sizeScale = profile.tier === "index-etf" ? 200 : profile.tier === "large-cap" ? 60 : 15;
    const bidSize = bid > 0 ? 1 + Math.floor(minuteRng.next() * sizeScale) : 0;
    const askSize = 1 + Math.floor(minuteRng.next() * sizeScale);
    const last = Math.max(0.01, roundCents(mid + (minuteRng.next() - 0.5) * (ask - bid) * 0.8));
    const lastSize = 1 + Math.floor(minuteRng.next() * 10);
    const lastAt = new Date(state.at.getTime() - Math.floor(minuteRng.next() * 50_000));

    const quote: OptionQuote = {
      bid, ask, bidSize, askSize, last,
      iv,
      delta: greeks.delta, gamma: greeks.gamma, theta: greeks.theta, vega: greeks.vega, rho: greeks.rho,
      dailyVolume, openInterest,
      at: state.at,
      lastSize, lastAt,
      underlyingPrice: state.spot,
    };
    const dailyBar = this.dailyBar(state, contract.strike, type, expiryClose, surface, last, dailyVolume);
    if (dailyBar) quote.dailyBar = dailyBar;
    return quote;
  }

  private dailyBar(
    state: UnderlyingState, strike: number, type: OptionType, expiryClose: number, surface: IvSurfaceParams,
    close: number, volume: number,
  ): OptionDailyBar | undefined {
    if (!state.session) return undefined;
    const priceAt = (spot: number, atMs: number): number => {
      const years = Math.max(0, (expiryClose - atMs) / YEAR_MS);
      return blackScholes({ type, spot, strike, years, rate: this.rate, vol: impliedVol(surface, strike, spot, years) }).price;
    };
    const nowMs = state.at.getTime();
    const open = roundCents(priceAt(state.session.open, state.session.openAt.getTime()));
    // The option is monotone in spot, so its extremes sit at the underlying's high and low.
    const atHigh = roundCents(priceAt(state.session.high, nowMs));
    const atLow = roundCents(priceAt(state.session.low, nowMs));
    const high = Math.max(open, close, atHigh, atLow);
    const low = Math.max(0.01, Math.min(open, close, atHigh, atLow));
    return {
      ts: etDateTime(state.day, "00:00"),
      open, high, low, close, volume,
      tradeCount: volume === 0 ? 0 : Math.max(1, Math.round(volume / 4)),
      vwap: roundCents((high + low + close) / 3),
    };
  }

  /** Fixed for the whole day: the previous close, or (first replay day) the day's first bar. */
  private referencePrice(underlying: string, day: string, asOf: Date): number | undefined {
    const dayStart = etDateTime(day, "00:00");
    const prev = this.marketData.lastBarBefore(underlying, dayStart);
    if (prev) return prev.close;
    const first = this.marketData.nextBarAtOrAfter(underlying, dayStart);
    if (first && first.ts.getTime() + BAR_MS <= asOf.getTime() && etDateString(first.ts) === day) return first.open;
    return undefined;
  }

  private underlyingState(underlying: string, asOf: Date): UnderlyingState | undefined {
    const key = `${underlying}|${asOf.getTime()}`;
    const cached = this.stateCache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const state = this.computeState(underlying, asOf);
    this.remember(this.stateCache, key, state ?? null);
    return state;
  }

  private computeState(underlying: string, asOf: Date): UnderlyingState | undefined {
    const last = this.marketData.lastBarBefore(underlying, asOf);
    if (!last) return undefined;
    const day = etDateString(asOf);
    const open = etDateTime(day, "09:30");
    const completeBefore = new Date(asOf.getTime() - BAR_MS + 1);
    const sessionBars: Bar[] = completeBefore > open ? this.marketData.bars(underlying, open, completeBefore) : [];
    const closeMs = etDateTime(day, "16:00").getTime();
    let session: UnderlyingState["session"];
    if (sessionBars.length > 0) {
      let high = -Infinity;
      let low = Infinity;
      for (const b of sessionBars) {
        if (b.ts.getTime() >= closeMs) break;
        if (b.high > high) high = b.high;
        if (b.low < low) low = b.low;
      }
      const first = sessionBars[0] as Bar;
      if (Number.isFinite(high)) session = { open: first.open, high, low, openAt: first.ts };
    }
    const minutesIn = (Math.min(asOf.getTime(), closeMs) - open.getTime()) / BAR_MS;
    return {
      spot: last.close,
      at: new Date(last.ts.getTime() + BAR_MS),
      day,
      session,
      volumeFraction: sessionVolumeFraction(minutesIn),
    };
  }

  private remember<V>(cache: Map<string, V>, key: string, value: V): void {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, value);
  }
}

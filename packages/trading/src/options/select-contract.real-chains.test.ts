// The contract selector on REAL chains (shared fixtures, read at test time):
// - yfinance 2024-07-31 close: bid/ask, volume and IV for 39 underlyings but no greeks and no spot. The
//   spot is implied by put-call parity and the greeks are computed with Black-Scholes from each contract's
//   own IV, so the delta score is real rather than the "no greeks" floor.
// - Lean AAPL universe 2014-06-10: greeks and IV but no quotes, so nothing may ever be chosen from it.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { blackScholes } from "./black-scholes.js";
import { MIN_QUALITY_SCORE, scoreContract } from "./contract-quality.js";
import { daysBetween } from "./eastern-time.js";
import { EXPIRY_WINDOWS, STRIKE_BAND_PCT } from "./expiry-window.js";
import { SPY_CLOSE_2024_07_31 } from "./fixtures/spy-chain-2024-07-31.js";
import { loadYfinanceChains, paritySpot, YF_TODAY } from "./fixtures/yfinance-chains-2024-07-31.js";
import { liquidityFailure } from "./liquidity.js";
import type { OptionType } from "./occ-symbol.js";
import type { OptionSnapshot } from "./option-snapshot.js";
import { selectContract } from "./select-contract.js";
import { SELECTION_SKIP_CODES } from "./selection-codes.js";
import { targetStrike } from "./target-strike.js";

const chains = loadYfinanceChains();

/** Years from the snapshot (the 16:00 ET close of `asOf`) to the 16:00 ET expiry close. */
function yearsToExpiry(asOf: string, expiration: string): number {
  return Math.max(daysBetween(asOf, expiration), 1 / 24) / 365;
}

function withGreeks(chain: readonly OptionSnapshot[], spot: number, asOf: string): OptionSnapshot[] {
  return chain.map((s) => {
    if (s.iv === null) return s;
    const g = blackScholes({ type: s.type, spot, strike: s.strike, years: yearsToExpiry(asOf, s.expiration), iv: s.iv });
    return { ...s, delta: g.delta, theta: g.theta };
  });
}

function nearestExpiry(chain: readonly OptionSnapshot[]): string {
  return [...new Set(chain.map((s) => s.expiration))].sort()[0] ?? "";
}

/** What every pick must satisfy, checked against the whole chain it came from. */
function expectSoundPick(chain: readonly OptionSnapshot[], spot: number, side: OptionType, today: string, label: string): OptionSnapshot {
  const selection = selectContract(chain, { underlyingPrice: spot, side, strategyType: "day_trade", today });
  if (!selection.ok) throw new Error(`${label}: expected a pick, got ${selection.code} ${selection.detail}`);
  const c = selection.contract;
  const window = EXPIRY_WINDOWS.day_trade;
  expect(c.type, label).toBe(side);
  expect(liquidityFailure(c, today), label).toBeNull();
  expect(daysBetween(today, c.expiration), label).toBeGreaterThanOrEqual(window.minDte);
  expect(daysBetween(today, c.expiration), label).toBeLessThanOrEqual(window.maxDte);
  expect(Math.abs(c.strike - spot) / spot, label).toBeLessThanOrEqual(STRIKE_BAND_PCT);
  expect(selection.score.total, label).toBeGreaterThanOrEqual(MIN_QUALITY_SCORE);
  // No liquid contract of that side and window scores higher.
  const target = targetStrike(spot, side, "day_trade");
  const rivals = chain.filter(
    (s) => s.type === side && liquidityFailure(s, today) === null && daysBetween(today, s.expiration) <= window.maxDte && Math.abs(s.strike - spot) / spot <= STRIKE_BAND_PCT,
  );
  for (const r of rivals) expect(scoreContract(r, target).total, `${label} vs ${r.symbol}`).toBeLessThanOrEqual(selection.score.total + 1e-9);
  return c;
}

describe("selectContract on the yfinance chains of 2024-07-31", () => {
  it("has the underlyings the fixture describes", () => {
    expect(chains.size).toBeGreaterThanOrEqual(39);
    expect(chains.get("SPY")?.length).toBeGreaterThan(100);
  });

  it("implies SPY's spot from put-call parity within 0.3 % of its recorded close", () => {
    const spy = chains.get("SPY") ?? [];
    const spot = paritySpot(spy, nearestExpiry(spy));
    expect(spot).not.toBeNull();
    expect(Math.abs((spot as number) - SPY_CLOSE_2024_07_31) / SPY_CLOSE_2024_07_31).toBeLessThan(0.003);
  });

  // In-the-money yfinance IVs are unreliable (data/SOURCES.md), so the shape is checked out of the money.
  it("computes out-of-the-money deltas that fall with the strike, in [0, 0.6] for calls and [−0.6, 0] for puts", () => {
    const spy = chains.get("SPY") ?? [];
    const spot = paritySpot(spy, nearestExpiry(spy)) as number;
    const near = withGreeks(spy, spot, YF_TODAY).filter((s) => s.expiration === nearestExpiry(spy) && Math.abs(s.strike - spot) / spot < 0.02 && s.delta !== null);
    for (const side of ["call", "put"] as const) {
      const bySide = near.filter((s) => s.type === side && (side === "call" ? s.strike >= spot : s.strike <= spot)).sort((a, b) => a.strike - b.strike);
      expect(bySide.length).toBeGreaterThan(5);
      for (let i = 1; i < bySide.length; i++) expect(bySide[i]!.delta!).toBeLessThanOrEqual(bySide[i - 1]!.delta! + 1e-9);
      const [lo, hi] = side === "call" ? [0, 0.6] : [-0.6, 0];
      for (const s of bySide) {
        expect(s.delta!).toBeGreaterThanOrEqual(lo);
        expect(s.delta!).toBeLessThanOrEqual(hi);
      }
    }
  });

  it.each(["SPY", "QQQ", "IWM"])("a %s day trade (1 DTE) picks a liquid near-the-money call and put, each the best-scoring with a real delta", (underlying) => {
    const raw = chains.get(underlying) ?? [];
    const spot = paritySpot(raw, nearestExpiry(raw)) as number;
    const chain = withGreeks(raw, spot, YF_TODAY);
    for (const side of ["call", "put"] as const) {
      const c = expectSoundPick(chain, spot, side, YF_TODAY, `${underlying} ${side}`);
      // With computed greeks the pick is a tradeable delta, not whatever the no-greeks floor lets through.
      expect(Math.abs(c.delta as number)).toBeGreaterThan(0.2);
      expect(Math.abs(c.delta as number)).toBeLessThan(0.7);
    }
  });

  it("a chain whose nearest expiry is 2 days out is skipped for a day trade with NO_CONTRACT_IN_WINDOW, never bought outside the window", () => {
    const twoDay = [...chains].filter(([, c]) => daysBetween(YF_TODAY, nearestExpiry(c)) >= 2);
    expect(twoDay.length).toBeGreaterThan(20);
    for (const [underlying, raw] of twoDay) {
      const spot = paritySpot(raw, nearestExpiry(raw));
      if (spot === null) continue;
      for (const side of ["call", "put"] as const) {
        const selection = selectContract(withGreeks(raw, spot, YF_TODAY), { underlyingPrice: spot, side, strategyType: "day_trade", today: YF_TODAY });
        expect(selection, underlying).toMatchObject({ ok: false, code: "NO_CONTRACT_IN_WINDOW" });
      }
    }
  });

  it("judged one day later (1 DTE, quotes as of the prior close), every underlying's pick is sound or a skip with a stable code", () => {
    const nextDay = "2024-08-01";
    let picks = 0;
    const skips = new Map<string, number>();
    for (const [underlying, raw] of chains) {
      const spot = paritySpot(raw, nearestExpiry(raw));
      if (spot === null || daysBetween(nextDay, nearestExpiry(raw)) !== 1) continue;
      const chain = withGreeks(raw, spot, nextDay);
      for (const side of ["call", "put"] as const) {
        const selection = selectContract(chain, { underlyingPrice: spot, side, strategyType: "day_trade", today: nextDay });
        if (selection.ok) {
          expectSoundPick(chain, spot, side, nextDay, `${underlying} ${side}`);
          picks += 1;
        } else {
          expect(SELECTION_SKIP_CODES).toContain(selection.code);
          skips.set(selection.code, (skips.get(selection.code) ?? 0) + 1);
        }
      }
    }
    // Liquid megacaps yield picks; thin names (wide spreads, tiny volume, sub-$1 mids) are skipped.
    expect(picks).toBeGreaterThan(10);
    expect(skips.get("NO_LIQUID_CONTRACT") ?? 0).toBeGreaterThan(0);
  });

  it("refuses the SPY pick when a year of stored IV puts today's IV at the top of its range", () => {
    const raw = chains.get("SPY") ?? [];
    const spot = paritySpot(raw, nearestExpiry(raw)) as number;
    const chain = withGreeks(raw, spot, YF_TODAY);
    const free = selectContract(chain, { underlyingPrice: spot, side: "call", strategyType: "day_trade", today: YF_TODAY });
    if (!free.ok) throw new Error("expected a pick without IV history");
    const iv = free.contract.iv as number;
    const high = selectContract(chain, { underlyingPrice: spot, side: "call", strategyType: "day_trade", today: YF_TODAY, ivHistory: { observations: 252, min: iv * 0.4, max: iv * 1.05 } });
    const low = selectContract(chain, { underlyingPrice: spot, side: "call", strategyType: "day_trade", today: YF_TODAY, ivHistory: { observations: 252, min: iv * 0.5, max: iv * 2 } });
    expect(high).toMatchObject({ ok: false, code: "IV_RANK_TOO_HIGH" });
    expect(low).toMatchObject({ ok: true, contract: { symbol: free.contract.symbol } });
  });
});

describe("selectContract on the Lean AAPL universe of 2014-06-10 (greeks, no quotes)", () => {
  const csv = resolve(import.meta.dirname, "../../../../..", "shared", "data", "options", "lean", "aapl_universe_20140610.csv");
  const lines = readFileSync(csv, "utf8").split(/\r?\n/).filter((l) => l.trim() !== "");
  const spot = Number((lines[1] ?? "").split(",")[6]);
  const chain: OptionSnapshot[] = lines.slice(2).flatMap((line) => {
    const [expiry, strike, right, , , , , volume, , iv, delta, , , theta] = line.split(",");
    if (expiry === undefined || expiry.length !== 8) return [];
    const expiration = `${expiry.slice(0, 4)}-${expiry.slice(4, 6)}-${expiry.slice(6, 8)}`;
    const type: OptionType = right === "P" ? "put" : "call";
    const k = Number(strike);
    const occ = `AAPL${expiry.slice(2)}${type === "call" ? "C" : "P"}${String(Math.round(k * 1000)).padStart(8, "0")}`;
    const ivNum = Number(iv);
    return [{
      symbol: occ, expiration, type, strike: k, bid: 0, ask: 0,
      delta: ivNum > 0 ? Number(delta) : null, theta: ivNum > 0 ? Number(theta) : null, iv: ivNum > 0 ? ivNum : null, dailyVolume: Number(volume) || 0,
    }];
  });

  it("never picks a contract without a two-sided quote, however good its greeks", () => {
    expect(spot).toBeGreaterThan(50);
    expect(chain.filter((s) => s.delta !== null).length).toBeGreaterThan(100);
    for (const strategyType of ["swing_trade", "conservative"] as const) {
      for (const side of ["call", "put"] as const) {
        const selection = selectContract(chain, { underlyingPrice: spot, side, strategyType, today: "2014-06-10" });
        expect(selection, `${strategyType} ${side}`).toMatchObject({ ok: false, code: "NO_LIQUID_CONTRACT" });
      }
    }
  });

  it("scores the real deltas: a 0.3–0.5 delta earns the full delta points, a deep in-the-money one the least", () => {
    const target = targetStrike(spot, "call", "swing_trade");
    const mid = chain.find((s) => s.type === "call" && s.delta !== null && s.delta >= 0.3 && s.delta <= 0.5);
    const deep = chain.find((s) => s.type === "call" && s.delta !== null && s.delta > 0.95);
    expect(mid && scoreContract(mid, target).delta).toBe(20);
    expect(deep && scoreContract(deep, target).delta).toBe(5);
  });
});

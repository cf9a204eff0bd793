import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { STRATEGY_TYPES } from "../domain/vocabulary.js";
import { makeOptionSnapshot } from "../testing/builders.js";
import { spreadPct } from "./contract-quality.js";
import { daysBetween } from "./eastern-time.js";
import { EXPIRY_WINDOWS } from "./expiry-window.js";
import { SPY_CHAIN_2024_07_31, SPY_CHAIN_TODAY, SPY_CLOSE_2024_07_31 } from "./fixtures/spy-chain-2024-07-31.js";
import { DEFAULT_LIQUIDITY_FLOOR, liquidityFailure } from "./liquidity.js";
import { formatOccSymbol } from "./occ-symbol.js";
import type { OptionType } from "./occ-symbol.js";
import type { OptionSnapshot } from "./option-snapshot.js";
import { selectContract } from "./select-contract.js";
import { targetStrike } from "./target-strike.js";

const TODAY = "2026-02-10";
const SPOT = 600;

/** A contract with a consistent OCC symbol; defaults are liquid and near the money. */
function contract(o: Partial<OptionSnapshot> & { strike: number; expiration?: string; type?: OptionType }): OptionSnapshot {
  const expiration = o.expiration ?? "2026-02-11";
  const type = o.type ?? "call";
  return makeOptionSnapshot({
    ...o,
    expiration,
    type,
    symbol: formatOccSymbol({ root: "SPY", expiration, type, strike: o.strike }),
  });
}

const dayCall = { underlyingPrice: SPOT, side: "call", strategyType: "day_trade", today: TODAY } as const;

describe("selectContract", () => {
  it("picks the best-scoring liquid contract near the strategy's target strike, at mid rounded to tick", () => {
    // Day trade target: 1.5 % OTM → $609.
    const chain = [contract({ strike: 600 }), contract({ strike: 609 }), contract({ strike: 620 })];
    const selected = selectContract(chain, dayCall);
    expect(selected).toMatchObject({ ok: true, contract: { strike: 609 }, limitPrice: 2.5, dte: 1 });
  });

  it.each([
    ["day_trade", "call", SPOT * 1.015],
    ["day_trade", "put", SPOT * 0.985],
    ["swing_trade", "call", SPOT],
    ["swing_trade", "put", SPOT],
    ["conservative", "call", SPOT * 0.97],
    ["conservative", "put", SPOT * 1.03],
  ] as const)("targets the %s %s strike per §3.7", (strategyType, side, expected) => {
    expect(targetStrike(SPOT, side, strategyType)).toBeCloseTo(expected, 9);
  });

  it.each([
    ["day_trade", ["2026-02-10", "2026-02-11"], ["2026-02-12", "2026-02-17"]],
    ["swing_trade", ["2026-02-17", "2026-03-12"], ["2026-02-13", "2026-03-13"]],
    ["conservative", ["2026-02-13", "2026-02-17"], ["2026-02-11", "2026-02-18"]],
  ] as const)("%s only buys expiries inside its window", (strategyType, inside, outside) => {
    for (const expiration of inside) {
      const chain = [contract({ strike: targetStrike(SPOT, "call", strategyType), expiration })];
      expect(selectContract(chain, { ...dayCall, strategyType }).ok, expiration).toBe(true);
    }
    for (const expiration of outside) {
      const chain = [contract({ strike: targetStrike(SPOT, "call", strategyType), expiration })];
      expect(selectContract(chain, { ...dayCall, strategyType }), expiration).toMatchObject({
        ok: false,
        code: "NO_CONTRACT_IN_WINDOW",
      });
    }
  });

  it("never buys the wrong side", () => {
    const chain = [contract({ strike: 609, type: "put" })];
    expect(selectContract(chain, dayCall)).toMatchObject({ ok: false, code: "NO_CONTRACT_IN_WINDOW" });
  });

  it.each([
    ["no bid", { bid: 0 }],
    ["a spread over 5 %", { bid: 2.3, ask: 2.6 }],
    ["a mid under $1", { bid: 0.58, ask: 0.6 }],
    ["daily volume under 500", { dailyVolume: 499 }],
    // seed 27 (CRM, −86.6 % in 0 minutes): volume 10, 10 % spread, $0.30 premium
    ["the CRM contract's numbers", { bid: 0.285, ask: 0.315, dailyVolume: 10 }],
  ])("never selects an illiquid contract: rejects %s", (_label, worse) => {
    const chain = [contract({ strike: 609, ...worse })];
    expect(selectContract(chain, dayCall)).toMatchObject({ ok: false, code: "NO_LIQUID_CONTRACT" });
  });

  it("skips the chain when no liquid contract scores 70", () => {
    // Liquid but far from target, thin-ish volume and poor delta.
    const chain = [contract({ strike: 640, dailyVolume: 600, delta: 0.05, bid: 2.4, ask: 2.52 })];
    expect(selectContract(chain, dayCall)).toMatchObject({ ok: false, code: "NO_QUALITY_CONTRACT" });
  });

  it.each([
    ["rejects a winner whose IV rank is above 0.8 with 30+ observations", { observations: 30, min: 0.1, max: 0.2 }, 0.19, false],
    ["passes an IV rank of 0.8 exactly", { observations: 60, min: 0.1, max: 0.2 }, 0.18, true],
    ["ignores IV rank with fewer than 30 observations", { observations: 29, min: 0.1, max: 0.2 }, 0.5, true],
  ])("%s", (_label, ivHistory, iv, ok) => {
    const selected = selectContract([contract({ strike: 609, iv })], { ...dayCall, ivHistory });
    expect(selected.ok).toBe(ok);
    if (!ok) expect(selected).toMatchObject({ code: "IV_RANK_TOO_HIGH" });
  });

  it("drops a snapshot whose OCC symbol disagrees with its fields", () => {
    const lying = { ...contract({ strike: 609 }), strike: 600 };
    expect(selectContract([lying], dayCall)).toMatchObject({ ok: false, code: "NO_CONTRACT_IN_WINDOW" });
  });

  it.each([
    ["an empty chain", [], "NO_CHAIN"],
    ["a zero underlying price", [contract({ strike: 609 })], "INVALID_UNDERLYING_PRICE"],
  ] as const)("skips %s", (_label, chain, code) => {
    const params = code === "INVALID_UNDERLYING_PRICE" ? { ...dayCall, underlyingPrice: 0 } : dayCall;
    expect(selectContract(chain, params)).toMatchObject({ ok: false, code });
  });

  it("on the real SPY chain of 2024-07-31, a day-trade put passes over the $0.23 target strike for a liquid near-the-money put", () => {
    const params = { underlyingPrice: SPY_CLOSE_2024_07_31, side: "put", strategyType: "day_trade", today: SPY_CHAIN_TODAY } as const;
    const selected = selectContract(SPY_CHAIN_2024_07_31, params);
    expect(selected.ok).toBe(true);
    if (!selected.ok) return;
    // 1.5 % OTM ≈ $542.55, where puts cost $0.23: too cheap to trade. The pick sits between target and spot.
    const atTarget = SPY_CHAIN_2024_07_31.find((s) => s.type === "put" && s.strike === 542);
    expect(atTarget && liquidityFailure(atTarget, SPY_CHAIN_TODAY)).toBe("cheap");
    expect(selected.contract.symbol).toMatch(/^SPY240801P/);
    expect(selected.contract.strike).toBeGreaterThan(selected.targetStrike);
    expect(selected.contract.strike).toBeLessThan(SPY_CLOSE_2024_07_31);
    expect(liquidityFailure(selected.contract, SPY_CHAIN_TODAY)).toBeNull();
    expect(Math.round(selected.limitPrice * 100) % 5).toBe(0);
  });

  it("property: whatever the chain, a selected contract passes the liquidity floor, window and side", () => {
    const snapshot = fc
      .record({
        strike: fc.integer({ min: 540, max: 660 }),
        dte: fc.integer({ min: -2, max: 35 }),
        type: fc.constantFrom("call" as const, "put" as const),
        bid: fc.double({ min: 0, max: 20, noNaN: true }),
        spread: fc.double({ min: 0, max: 2, noNaN: true }),
        delta: fc.option(fc.double({ min: -1, max: 1, noNaN: true })),
        dailyVolume: fc.integer({ min: 0, max: 20_000 }),
      })
      .map(({ strike, dte, type, bid, spread, delta, dailyVolume }) => {
        const expiration = new Date(Date.UTC(2026, 1, 10 + dte)).toISOString().slice(0, 10);
        return contract({ strike, expiration, type, bid, ask: bid + spread, delta, dailyVolume });
      });
    fc.assert(
      fc.property(
        fc.array(snapshot, { maxLength: 25 }),
        fc.constantFrom(...STRATEGY_TYPES),
        fc.constantFrom("call" as const, "put" as const),
        (chain, strategyType, side) => {
          const selected = selectContract(chain, { underlyingPrice: SPOT, side, strategyType, today: TODAY });
          if (!selected.ok) return;
          const c = selected.contract;
          expect(liquidityFailure(c, TODAY, DEFAULT_LIQUIDITY_FLOOR)).toBeNull();
          expect(spreadPct(c)).toBeLessThanOrEqual(5);
          expect(c.type).toBe(side);
          const dte = daysBetween(TODAY, c.expiration);
          expect(dte).toBeGreaterThanOrEqual(EXPIRY_WINDOWS[strategyType].minDte);
          expect(dte).toBeLessThanOrEqual(EXPIRY_WINDOWS[strategyType].maxDte);
          expect(selected.score.total).toBeGreaterThanOrEqual(70);
        },
      ),
    );
  });
});

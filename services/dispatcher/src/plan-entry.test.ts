import { DEFAULT_SIZING_TIERS } from "@ops/trading";
import type { OptionSnapshot } from "@ops/trading";
import { describe, expect, it } from "vitest";
import { planOptionEntry, planStockEntry } from "./plan-entry.js";

const CALL: OptionSnapshot = { symbol: "AAA240306C00101000", expiration: "2024-03-06", type: "call", strike: 101, bid: 2.1, ask: 2.2, delta: 0.42, theta: -0.08, iv: 0.31, dailyVolume: 5_000 };

const option = (overrides: Partial<Parameters<typeof planOptionEntry>[0]> = {}) =>
  planOptionEntry({
    underlying: "AAA", side: "call", strategyType: "day_trade", underlyingPrice: 100.3, snapshots: [CALL], today: "2024-03-05",
    ivHistory: null, buyingPower: 100_000, exposureLeftUsd: 10_000, tier: DEFAULT_SIZING_TIERS["large-100k"], ...overrides,
  });

describe("planOptionEntry", () => {
  it("buys the selected contract at its mid on the option tick, sized by the account's tier", () => {
    const plan = option();
    const tier = DEFAULT_SIZING_TIERS["large-100k"];
    const expectedQty = Math.floor((100_000 * tier.optionRiskPct.day_trade) / (2.15 * 100));
    expect(plan).toMatchObject({ ok: true, symbol: "AAA240306C00101000", instrumentType: "CALL", limitPrice: 2.15, qty: expectedQty });
  });

  it("skips with the sizing code when one contract does not fit the exposure left", () => {
    expect(option({ exposureLeftUsd: 100 })).toMatchObject({ ok: false, code: "EXPOSURE_LIMIT_REACHED" });
  });

  it("skips with the selection code when no contract is liquid", () => {
    expect(option({ snapshots: [{ ...CALL, dailyVolume: 10 }] })).toMatchObject({ ok: false, code: "NO_LIQUID_CONTRACT" });
  });
});

describe("planStockEntry", () => {
  const stock = (overrides: Partial<Parameters<typeof planStockEntry>[0]> = {}) =>
    planStockEntry({
      symbol: "AAA", lastPrice: 100.3, atr14: 0.5, recentVol: 0.002, equity: 1_000, buyingPower: 1_000, exposureLeftUsd: 1_500,
      tier: DEFAULT_SIZING_TIERS["tiny-1k"], slippageBps: 5, stopAtrMult: 2, ...overrides,
    });

  it("limits a few bps above the last price, rounded up to the cent, within buying power", () => {
    const plan = stock();
    expect(plan).toMatchObject({ ok: true, instrumentType: "STOCK", symbol: "AAA", underlying: "AAA", limitPrice: 100.36 });
    expect(plan.ok && plan.qty * plan.limitPrice).toBeLessThanOrEqual(1_000);
  });

  it("refuses to size without a stop basis", () => {
    expect(stock({ atr14: null, recentVol: null })).toMatchObject({ ok: false, code: "INVALID_STOP" });
  });

  it("refuses a missing price instead of guessing one", () => {
    expect(stock({ lastPrice: null })).toMatchObject({ ok: false, code: "INVALID_PRICE" });
  });
});

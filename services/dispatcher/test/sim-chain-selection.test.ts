// The contract selector on the simulator's synthetic chains (Black-Scholes over an IV surface, spreads
// and volume thinning away from the money), read exactly as the dispatcher reads them: listed contracts
// with explicit expiration bounds joined to snapshots, over HTTP from the default simulator replaying
// real SPY bars of 2013-10-08.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_SIM_ACCOUNTS, createDefaultSimulator } from "@ops/alpaca-sim";
import type { DefaultSimulator } from "@ops/alpaca-sim";
import { createAlpacaBroker } from "@ops/broker-alpaca";
import type { AlpacaBroker } from "@ops/broker-alpaca";
import { addCalendarDays, etDateTime } from "@ops/core";
import { EXPIRY_WINDOWS, MIN_QUALITY_SCORE, SELECTION_SKIP_CODES, daysBetween, liquidityFailure, selectContract } from "@ops/trading";
import type { StrategyType } from "@ops/trading";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listedSnapshots } from "../src/listed-chain.js";
import { toTradingSnapshot } from "../src/to-trading-snapshot.js";

const sharedDataDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..", "shared", "data");
const haveFixtures = existsSync(path.join(sharedDataDir, "bars", "intraday_1min", "lean", "spy"));
if (!haveFixtures) console.warn(`skipping simulator-chain selection: no Lean SPY bars under ${sharedDataDir}`);

const DAY = "2013-10-08";

describe.skipIf(!haveFixtures)("selectContract on the simulator's SPY chains (2013-10-08)", () => {
  let sim: DefaultSimulator;
  let broker: AlpacaBroker;
  let spot: number;

  beforeAll(async () => {
    sim = await createDefaultSimulator({ sharedDataDir, days: [DAY], symbols: ["SPY"], port: 0 });
    sim.clock.advanceTo(etDateTime(DAY, "10:30"));
    const keys = DEFAULT_SIM_ACCOUNTS.find((a) => a.id === "large-100k");
    broker = createAlpacaBroker({ account: "large-100k", keyId: keys?.keyId ?? "", secretKey: keys?.secretKey ?? "", tradingUrl: sim.url, dataUrl: sim.url, retry: false });
    const bars = await broker.getStockBars({ symbols: ["SPY"], start: etDateTime(DAY, "10:00"), end: etDateTime(DAY, "10:30"), timeframe: "1Min" });
    spot = bars.at(-1)?.close ?? Number.NaN;
  });
  afterAll(async () => {
    await sim?.close();
  });

  async function chainFor(strategyType: StrategyType, side: "call" | "put") {
    const window = EXPIRY_WINDOWS[strategyType];
    const bounds = {
      type: side,
      expirationFrom: addCalendarDays(DAY, window.minDte),
      expirationTo: addCalendarDays(DAY, window.maxDte),
      strikeFrom: Math.floor(spot * 0.9),
      strikeTo: Math.ceil(spot * 1.1),
    };
    const [contracts, snapshots] = await Promise.all([
      broker.getOptionContracts({ underlyings: ["SPY"], ...bounds }),
      broker.getOptionSnapshots("SPY", bounds),
    ]);
    return listedSnapshots(contracts, snapshots).map(toTradingSnapshot);
  }

  it.each([
    ["day_trade", "call"], ["day_trade", "put"], ["swing_trade", "call"], ["swing_trade", "put"],
  ] as const)("a %s %s picks a liquid contract in its window with the simulator's greeks, or skips with a stable code", async (strategyType, side) => {
    expect(spot).toBeGreaterThan(100);
    const chain = await chainFor(strategyType, side);
    expect(chain.length).toBeGreaterThan(0);
    expect(chain.every((s) => s.delta !== null && s.iv !== null)).toBe(true);
    const selection = selectContract(chain, { underlyingPrice: spot, side, strategyType, today: DAY });
    if (!selection.ok) {
      expect(SELECTION_SKIP_CODES).toContain(selection.code);
      return;
    }
    const c = selection.contract;
    const window = EXPIRY_WINDOWS[strategyType];
    expect(c.type).toBe(side);
    expect(liquidityFailure(c, DAY)).toBeNull();
    expect(daysBetween(DAY, c.expiration)).toBeGreaterThanOrEqual(window.minDte);
    expect(daysBetween(DAY, c.expiration)).toBeLessThanOrEqual(window.maxDte);
    expect(selection.score.total).toBeGreaterThanOrEqual(MIN_QUALITY_SCORE);
    expect(Math.sign(c.delta as number)).toBe(side === "call" ? 1 : -1);
    expect(Math.abs(c.delta as number)).toBeLessThan(1);
    // 1-DTE out-of-the-money SPY contracts at ~$167 are under the $1.00 mid floor, so a day trade can
    // only land in the money; 7–30 DTE leaves room for a 0.3–0.5 delta pick.
    if (strategyType === "swing_trade") {
      expect(Math.abs(c.delta as number)).toBeGreaterThan(0.25);
      expect(Math.abs(c.delta as number)).toBeLessThan(0.6);
    }
  });

  it("the day-trade chain on a liquid index yields a pick for both sides", async () => {
    for (const side of ["call", "put"] as const) {
      const selection = selectContract(await chainFor("day_trade", side), { underlyingPrice: spot, side, strategyType: "day_trade", today: DAY });
      expect(selection.ok, side).toBe(true);
    }
  });
});

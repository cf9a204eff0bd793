// The shared simulator harness (@ops/alpaca-sim/testing, a devDependency) with this package's market: stocks AAA and
// BBB, and two AAA options whose quotes never move.
import { defineSimHarness, fixedSession } from "@ops/alpaca-sim/testing";
import type { SimHarness as SharedSimHarness } from "@ops/alpaca-sim/testing";
import { afterEach } from "vitest";
import { createAlpacaBroker } from "../../src/index.js";
import type { AlpacaBroker } from "../../src/index.js";

export { DAY, LAST_TRADE_SIZE, at } from "@ops/alpaca-sim/testing";
export type SimHarness = SharedSimHarness<AlpacaBroker>;

export const AAA_CALL = "AAA240308C00100000";
export const AAA_PUT = "AAA240308P00095000";
/** A single print of LAST_TRADE_SIZE contracts, against a day's volume of 1,750: the two must never be confused. */
export const DAILY_VOLUME = 1_750;

export const startSim = defineSimHarness({
  createBroker: createAlpacaBroker,
  afterEach,
  symbols: ["AAA", "BBB"],
  quotes: {
    [AAA_CALL]: { bid: 2.1, ask: 2.2, last: 2.15, delta: 0.52, dailyVolume: DAILY_VOLUME },
    [AAA_PUT]: { bid: 0.55, ask: 0.6, last: 0.58, delta: -0.21, dailyVolume: DAILY_VOLUME },
  },
  session: fixedSession,
  timeoutMs: 5_000,
});

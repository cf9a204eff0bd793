// The shared simulator harness (@ops/alpaca-sim/testing) with this package's market: stock AAA around $100 and two
// liquid, tight AAA options a test can move with h.options.setQuote.
import { createAlpacaBroker } from "@ops/broker-alpaca";
import type { AlpacaBroker } from "@ops/broker-alpaca";
import { defineSimHarness, fixedSession } from "@ops/alpaca-sim/testing";
import type { SimHarness as SharedSimHarness } from "@ops/alpaca-sim/testing";
import { afterEach } from "vitest";

export { DAY, at, count } from "@ops/alpaca-sim/testing";
export type SimHarness = SharedSimHarness<AlpacaBroker>;

export const AAA_CALL = "AAA240308C00100000";
export const AAA_PUT = "AAA240308P00095000";

export const startSim = defineSimHarness({
  createBroker: createAlpacaBroker,
  afterEach,
  session: fixedSession,
  quotes: {
    [AAA_CALL]: { bid: 2.1, ask: 2.2, delta: 0.45, dailyVolume: 5_000 },
    [AAA_PUT]: { bid: 1.5, ask: 1.55, delta: -0.35, dailyVolume: 5_000 },
  },
});

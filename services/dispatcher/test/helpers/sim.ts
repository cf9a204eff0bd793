// The shared simulator harness (@ops/alpaca-sim/testing) with the dispatcher's market: stock AAA around $100 and a
// small AAA chain expiring the next day (1 DTE: the day-trade window) whose quotes a test can move.
import { createAlpacaBroker } from "@ops/broker-alpaca";
import type { AlpacaBroker } from "@ops/broker-alpaca";
import { defineSimHarness } from "@ops/alpaca-sim/testing";
import type { SimHarness as SharedSimHarness } from "@ops/alpaca-sim/testing";
import { afterEach } from "vitest";

export { DAY, at, count } from "@ops/alpaca-sim/testing";
export type { Intercept } from "@ops/alpaca-sim/testing";
export type SimHarness = SharedSimHarness<AlpacaBroker>;

export const CALL_1DTE = "AAA240306C00101000";
export const PUT_1DTE = "AAA240306P00099000";
export const CALL_ATM_1DTE = "AAA240306C00100000";

// The session's dailyBar follows the quote (sessionFromQuote), so a moved quote moves the snapshot's range too.
export const startSim = defineSimHarness({
  createBroker: createAlpacaBroker,
  afterEach,
  quotes: {
    [CALL_1DTE]: { bid: 2.1, ask: 2.2, delta: 0.42, dailyVolume: 5_000 },
    [CALL_ATM_1DTE]: { bid: 2.6, ask: 2.8, delta: 0.52, dailyVolume: 300 },
    [PUT_1DTE]: { bid: 2.0, ask: 2.1, delta: -0.4, dailyVolume: 4_000 },
  },
});

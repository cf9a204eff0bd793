// Tiny hand-made market for broker/server tests: a few bars with known prices, so every expected
// fill can be computed by hand from the fixture (not from the simulator).
import { etDateString, etDateTime, MarketCalendar } from "@ops/core";
import type { Bar } from "@ops/trading";
import { afterEach } from "vitest";
import { DEFAULT_SIM_ACCOUNTS, SimClock, startSimulator, type RunningSimulator, type SimulatorOptions } from "../src/index.js";
import type { MarketData, OptionContractInfo, OptionMarket, OptionQuote } from "../src/market-data/types.js";
import { sdkClient, type Alpaca } from "./server-sdk-client.js";

/** A Tuesday; 09:30 ET = 13:30 UTC (EDT). */
export const DAY = "2013-10-08";
export const at = (hhmm: string): Date => etDateTime(DAY, hhmm);
export const atSeconds = (hhmm: string, seconds: number): Date => new Date(at(hhmm).getTime() + seconds * 1000);

export const LARGE = DEFAULT_SIM_ACCOUNTS[0]!;
export const TINY = DEFAULT_SIM_ACCOUNTS[1]!;

export function bar(symbol: string, hhmm: string, open: number, high: number, low: number, close: number): Bar {
  return { symbol, ts: at(hhmm), open, high, low, close, volume: 1_000 };
}

/**
 * AAA trades around $100. The previous day's last bar gives orders sent before the open a
 * reference price; the pre-market bar checks that extended hours never fill.
 */
export const AAA_BARS: readonly Bar[] = [
  { symbol: "AAA", ts: etDateTime("2013-10-07", "15:59"), open: 99, high: 99, low: 99, close: 99, volume: 1_000 },
  bar("AAA", "09:00", 90, 90, 90, 90),
  bar("AAA", "09:30", 100, 100.5, 99.9, 100.2),
  bar("AAA", "09:31", 100.2, 100.4, 100.0, 100.3),
  bar("AAA", "09:32", 101, 101.2, 99.8, 100.9),
  bar("AAA", "09:33", 99.7, 99.9, 99.4, 99.6),
  bar("AAA", "09:34", 99.6, 100.1, 99.5, 100.0),
  bar("AAA", "09:35", 100.0, 100.0, 100.0, 100.0),
];

export class StubMarketData implements MarketData {
  private readonly bySymbol = new Map<string, Bar[]>();

  constructor(bars: readonly Bar[]) {
    for (const b of bars) {
      const list = this.bySymbol.get(b.symbol) ?? [];
      list.push(b);
      this.bySymbol.set(b.symbol, list);
    }
    for (const list of this.bySymbol.values()) list.sort((a, b) => a.ts.getTime() - b.ts.getTime());
  }

  symbols(): string[] {
    return [...this.bySymbol.keys()].sort();
  }

  tradingDays(): string[] {
    const days = new Set<string>();
    for (const list of this.bySymbol.values()) for (const b of list) days.add(etDateString(b.ts));
    return [...days].sort();
  }

  bars(symbol: string, fromInclusive: Date, toExclusive: Date): Bar[] {
    return (this.bySymbol.get(symbol) ?? []).filter((b) => b.ts >= fromInclusive && b.ts < toExclusive);
  }

  nextBarAtOrAfter(symbol: string, t: Date): Bar | undefined {
    return (this.bySymbol.get(symbol) ?? []).find((b) => b.ts.getTime() >= t.getTime());
  }

  lastBarBefore(symbol: string, t: Date): Bar | undefined {
    const done = (this.bySymbol.get(symbol) ?? []).filter((b) => b.ts.getTime() + 60_000 <= t.getTime());
    return done.at(-1);
  }
}

/** AAA 2013-10-11 100 call (OCC). */
export const AAA_CALL = "AAA131011C00100000";

/** Quotes step down each minute from 09:30: ask 2.50, 2.40, 2.30, ... (bid = ask − 0.10). */
export class StubOptionMarket implements OptionMarket {
  contracts(underlying: string): OptionContractInfo[] {
    if (underlying !== "AAA") return [];
    return [
      { symbol: AAA_CALL, underlying: "AAA", expiration: "2013-10-11", type: "call", strike: 100 },
      { symbol: "AAA131011P00100000", underlying: "AAA", expiration: "2013-10-11", type: "put", strike: 100 },
      { symbol: "AAA131018C00105000", underlying: "AAA", expiration: "2013-10-18", type: "call", strike: 105 },
    ];
  }

  quote(occSymbol: string, asOf: Date): OptionQuote | undefined {
    if (!this.contracts("AAA").some((c) => c.symbol === occSymbol)) return undefined;
    const minutes = Math.floor((asOf.getTime() - at("09:30").getTime()) / 60_000);
    if (minutes < 0) return undefined;
    const ask = Math.max(0.5, 2.5 - 0.1 * minutes);
    return {
      bid: Math.round((ask - 0.1) * 100) / 100, ask: Math.round(ask * 100) / 100, bidSize: 10, askSize: 10,
      last: ask - 0.05, iv: 0.3, delta: 0.5, gamma: 0.05, theta: -0.05, vega: 0.1, rho: 0.01,
      dailyVolume: 500, openInterest: 1_200, at: asOf,
    };
  }
}

export interface TestSim {
  readonly sim: RunningSimulator;
  readonly clock: SimClock;
  readonly large: Alpaca;
  readonly tiny: Alpaca;
}

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

/** A simulator on the stub market with its clock at `start`, plus SDK clients for both accounts. */
export async function startTestSim(
  start: Date,
  overrides: Partial<Omit<SimulatorOptions, "clock" | "calendar">> = {},
): Promise<TestSim> {
  const clock = new SimClock({ start });
  const sim = await startSimulator({
    marketData: new StubMarketData(AAA_BARS),
    optionMarket: new StubOptionMarket(),
    calendar: MarketCalendar.nyse(2013, 2013),
    clock,
    ...overrides,
  });
  running.push(sim);
  return {
    sim,
    clock,
    large: sdkClient(sim.url, { keyId: LARGE.keyId, secret: LARGE.secretKey }),
    tiny: sdkClient(sim.url, { keyId: TINY.keyId, secret: TINY.secretKey }),
  };
}

/** Awaits a promise expected to reject and returns the error (fails the test otherwise). */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

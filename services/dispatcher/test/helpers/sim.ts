// alpaca-sim over 127.0.0.1 with one stock (AAA, ~$100) and a small AAA option chain whose quotes a test
// can move. Contracts expire the next day (1 DTE: day-trade window) and in 3 days.
import { createAlpacaBroker } from "@ops/broker-alpaca";
import type { AlpacaBroker } from "@ops/broker-alpaca";
import { DEFAULT_SIM_ACCOUNTS, InMemoryMarketData, SimClock, dataRoutes, startSimulator } from "@ops/alpaca-sim";
import type { OptionContractInfo, OptionMarket, OptionQuote, RunningSimulator } from "@ops/alpaca-sim";
import { MarketCalendar, etDateTime } from "@ops/core";
import type { AccountId, Bar } from "@ops/trading";
import { afterEach } from "vitest";

/** A Tuesday (EST): 09:30 ET = 14:30 UTC. */
export const DAY = "2024-03-05";
export const at = (hhmm: string): Date => etDateTime(DAY, hhmm);

export const CALL_1DTE = "AAA240306C00101000";
export const PUT_1DTE = "AAA240306P00099000";
export const CALL_ATM_1DTE = "AAA240306C00100000";

export function dayBars(symbol = "AAA"): Bar[] {
  const bars: Bar[] = [];
  for (let minute = 0; minute < 390; minute++) {
    const open = Math.round((100 + minute * 0.01) * 100) / 100;
    bars.push({ symbol, ts: new Date(at("09:30").getTime() + minute * 60_000), open, high: open + 0.05, low: open - 0.05, close: open + 0.01, volume: 1_000 + minute });
  }
  return bars;
}

interface Quote {
  bid: number;
  ask: number;
  delta: number;
  volume: number;
}

const DEFAULT_QUOTES: Record<string, Quote> = {
  [CALL_1DTE]: { bid: 2.1, ask: 2.2, delta: 0.42, volume: 5_000 },
  [CALL_ATM_1DTE]: { bid: 2.6, ask: 2.8, delta: 0.52, volume: 300 },
  [PUT_1DTE]: { bid: 2.0, ask: 2.1, delta: -0.4, volume: 4_000 },
};

export class MovableOptionMarket implements OptionMarket {
  private readonly overrides = new Map<string, Partial<Quote>>();

  setQuote(symbol: string, quote: Partial<Quote>): void {
    this.overrides.set(symbol, { ...this.overrides.get(symbol), ...quote });
  }

  contracts(underlying: string): OptionContractInfo[] {
    if (underlying !== "AAA") return [];
    return [
      { symbol: CALL_1DTE, underlying: "AAA", expiration: "2024-03-06", type: "call", strike: 101 },
      { symbol: CALL_ATM_1DTE, underlying: "AAA", expiration: "2024-03-06", type: "call", strike: 100 },
      { symbol: PUT_1DTE, underlying: "AAA", expiration: "2024-03-06", type: "put", strike: 99 },
    ];
  }

  quote(occSymbol: string, asOf: Date): OptionQuote | undefined {
    const base = DEFAULT_QUOTES[occSymbol];
    if (base === undefined) return undefined;
    const q = { ...base, ...this.overrides.get(occSymbol) };
    const call = occSymbol.includes("C");
    return {
      bid: q.bid, ask: q.ask, bidSize: 20, askSize: 15, last: (q.bid + q.ask) / 2, lastSize: 2, iv: call ? 0.31 : 0.35,
      delta: q.delta, gamma: 0.04, theta: -0.08, vega: 0.06, rho: 0.01, dailyVolume: q.volume, openInterest: 4_000, at: asOf,
      dailyBar: { ts: etDateTime(DAY, "00:00"), open: q.bid, high: q.ask, low: q.bid, close: q.ask, volume: q.volume, tradeCount: 140, vwap: q.bid },
    };
  }
}

/** Sees every request ("POST /v2/orders") and may answer it itself instead of forwarding it. */
export type Intercept = (request: string, forward: () => Promise<Response>) => Promise<Response>;

export interface SimHarness {
  readonly sim: RunningSimulator;
  readonly clock: SimClock;
  readonly options: MovableOptionMarket;
  readonly requests: string[];
  /** Full URLs (with query) of every request, for checking parameters. */
  readonly urls: string[];
  broker(account: AccountId, intercept?: Intercept): AlpacaBroker;
  advanceTo(hhmm: string): void;
}

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

export async function startSim(start: Date = at("10:00")): Promise<SimHarness> {
  const marketData = new InMemoryMarketData(dayBars());
  const options = new MovableOptionMarket();
  const clock = new SimClock({ start });
  const sim = await startSimulator({
    marketData, optionMarket: options, clock, calendar: MarketCalendar.nyse(2024, 2024),
    extraRoutes: dataRoutes({ marketData, optionMarket: options }),
  });
  running.push(sim);
  const requests: string[] = [];
  const urls: string[] = [];
  const countingFetch = (url: string, init: RequestInit) => {
    requests.push(`${init.method ?? "GET"} ${new URL(url).pathname}`);
    urls.push(url);
    return fetch(url, init);
  };
  return {
    sim, clock, options, requests, urls,
    broker(account, intercept) {
      const keys = DEFAULT_SIM_ACCOUNTS.find((a) => a.id === account);
      if (!keys) throw new Error(`no simulator account ${account}`);
      const fetchImpl =
        intercept === undefined
          ? countingFetch
          : (url: string, init: RequestInit) => intercept(`${init.method ?? "GET"} ${new URL(url).pathname}`, () => countingFetch(url, init));
      return createAlpacaBroker({
        account, keyId: keys.keyId, secretKey: keys.secretKey, tradingUrl: sim.url, dataUrl: sim.url,
        fetchImpl, timeoutMs: 3_000, retry: false,
      });
    },
    advanceTo(hhmm) {
      clock.advanceTo(at(hhmm));
    },
  };
}

export function count(h: SimHarness, request: string): number {
  return h.requests.filter((r) => r === request).length;
}

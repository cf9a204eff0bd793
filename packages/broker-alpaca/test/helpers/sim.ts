// A running alpaca-sim with a small hand-made market, plus an AlpacaBroker per account pointed at it.
// @ops/alpaca-sim is a devDependency of this package.
import { MarketCalendar, etDateTime } from "@ops/core";
import type { AccountId, Bar } from "@ops/trading";
import { afterEach } from "vitest";
import {
  DEFAULT_SIM_ACCOUNTS,
  InMemoryMarketData,
  SimClock,
  dataRoutes,
  startSimulator,
} from "@ops/alpaca-sim";
import type { OptionContractInfo, OptionMarket, OptionQuote, RunningSimulator } from "@ops/alpaca-sim";
import { createAlpacaBroker } from "../../src/index.js";
import type { AlpacaBroker } from "../../src/index.js";

/** A Tuesday in EST (09:30 ET = 14:30 UTC). */
export const DAY = "2024-03-05";
export const at = (hhmm: string): Date => etDateTime(DAY, hhmm);

/** Deterministic minute bars 09:30..15:59 for two stocks; prices drift by a cent a minute. */
export function dayBars(symbols: readonly string[] = ["AAA", "BBB"]): Bar[] {
  const bars: Bar[] = [];
  symbols.forEach((symbol, s) => {
    for (let minute = 0; minute < 390; minute++) {
      const base = 100 + s * 50 + minute * 0.01;
      const open = Math.round(base * 100) / 100;
      bars.push({ symbol, ts: new Date(at("09:30").getTime() + minute * 60_000), open, high: open + 0.05, low: open - 0.05, close: open + 0.01, volume: 1_000 + minute });
    }
  });
  return bars;
}

export const AAA_CALL = "AAA240308C00100000";
export const AAA_PUT = "AAA240308P00095000";
/** A single print of 2 contracts, against a day's volume of 1,750: the two must never be confused. */
export const LAST_TRADE_SIZE = 2;
export const DAILY_VOLUME = 1_750;

export class FixedOptionMarket implements OptionMarket {
  contracts(underlying: string): OptionContractInfo[] {
    if (underlying !== "AAA") return [];
    return [
      { symbol: AAA_CALL, underlying: "AAA", expiration: "2024-03-08", type: "call", strike: 100 },
      { symbol: AAA_PUT, underlying: "AAA", expiration: "2024-03-08", type: "put", strike: 95 },
    ];
  }

  quote(occSymbol: string, asOf: Date): OptionQuote | undefined {
    if (!this.contracts("AAA").some((c) => c.symbol === occSymbol)) return undefined;
    const call = occSymbol === AAA_CALL;
    return {
      bid: call ? 2.1 : 0.55,
      ask: call ? 2.2 : 0.6,
      bidSize: 20,
      askSize: 15,
      last: call ? 2.15 : 0.58,
      lastSize: LAST_TRADE_SIZE,
      iv: call ? 0.31 : 0.35,
      delta: call ? 0.52 : -0.21,
      gamma: 0.04,
      theta: -0.08,
      vega: 0.06,
      rho: 0.01,
      dailyVolume: DAILY_VOLUME,
      openInterest: 4_000,
      at: asOf,
      dailyBar: { ts: at("00:00"), open: 2.0, high: 2.3, low: 1.9, close: 2.15, volume: DAILY_VOLUME, tradeCount: 140, vwap: 2.11 },
    };
  }
}

export interface SimHarness {
  readonly sim: RunningSimulator;
  readonly clock: SimClock;
  readonly bars: readonly Bar[];
  /** Requests that reached the simulator through the broker, e.g. "GET /v2/stocks/bars". */
  readonly requests: string[];
  broker(account: AccountId, options?: { timeoutMs?: number }): AlpacaBroker;
}

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

export async function startSim(start: Date = at("10:00")): Promise<SimHarness> {
  const bars = dayBars();
  const marketData = new InMemoryMarketData(bars);
  const optionMarket = new FixedOptionMarket();
  const clock = new SimClock({ start });
  const sim = await startSimulator({
    marketData,
    optionMarket,
    clock,
    calendar: MarketCalendar.nyse(2024, 2024),
    extraRoutes: dataRoutes({ marketData, optionMarket }),
  });
  running.push(sim);
  const requests: string[] = [];
  const countingFetch = (url: string, init: RequestInit) => {
    requests.push(`${init.method ?? "GET"} ${new URL(url).pathname}`);
    return fetch(url, init);
  };
  return {
    sim,
    clock,
    bars,
    requests,
    broker(account, options = {}) {
      const keys = DEFAULT_SIM_ACCOUNTS.find((a) => a.id === account);
      if (!keys) throw new Error(`no simulator account ${account}`);
      return createAlpacaBroker({
        account,
        keyId: keys.keyId,
        secretKey: keys.secretKey,
        tradingUrl: sim.url,
        dataUrl: sim.url,
        fetchImpl: countingFetch,
        timeoutMs: options.timeoutMs ?? 5_000,
        retry: false,
      });
    },
  };
}

// A running alpaca-sim with one hand-made stock (AAA) and two listed options whose quotes a test can
// move, plus per-account AlpacaBrokers pointed at it that count the requests they send.
import { createAlpacaBroker } from "@ops/broker-alpaca";
import type { AlpacaBroker } from "@ops/broker-alpaca";
import { MarketCalendar, etDateTime } from "@ops/core";
import type { AccountId, Bar } from "@ops/trading";
import { DEFAULT_SIM_ACCOUNTS, InMemoryMarketData, SimClock, dataRoutes, startSimulator } from "@ops/alpaca-sim";
import type { OptionContractInfo, OptionMarket, OptionQuote, RunningSimulator } from "@ops/alpaca-sim";
import { afterEach } from "vitest";

/** A Tuesday (EST): 09:30 ET = 14:30 UTC. */
export const DAY = "2024-03-05";
export const at = (hhmm: string): Date => etDateTime(DAY, hhmm);

export const AAA_CALL = "AAA240308C00100000";
export const AAA_PUT = "AAA240308P00095000";

/** Minute bars 09:30..15:59 for AAA around $100. */
export function dayBars(symbol = "AAA"): Bar[] {
  const bars: Bar[] = [];
  for (let minute = 0; minute < 390; minute++) {
    const open = Math.round((100 + minute * 0.01) * 100) / 100;
    bars.push({ symbol, ts: new Date(at("09:30").getTime() + minute * 60_000), open, high: open + 0.05, low: open - 0.05, close: open + 0.01, volume: 1_000 + minute });
  }
  return bars;
}

/** Two AAA contracts with a liquid, tight default quote a test can override per symbol. */
export class MovableOptionMarket implements OptionMarket {
  private readonly overrides = new Map<string, { bid: number; ask: number }>();

  setQuote(symbol: string, bid: number, ask: number): void {
    this.overrides.set(symbol, { bid, ask });
  }

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
    const { bid, ask } = this.overrides.get(occSymbol) ?? (call ? { bid: 2.1, ask: 2.2 } : { bid: 1.5, ask: 1.55 });
    return {
      bid,
      ask,
      bidSize: 20,
      askSize: 15,
      last: (bid + ask) / 2,
      lastSize: 2,
      iv: call ? 0.31 : 0.35,
      delta: call ? 0.45 : -0.35,
      gamma: 0.04,
      theta: -0.08,
      vega: 0.06,
      rho: 0.01,
      dailyVolume: 5_000,
      openInterest: 4_000,
      at: asOf,
      dailyBar: { ts: etDateTime(DAY, "00:00"), open: 2.0, high: 2.3, low: 1.9, close: 2.15, volume: 5_000, tradeCount: 140, vwap: 2.11 },
    };
  }
}

export interface SimHarness {
  readonly sim: RunningSimulator;
  readonly clock: SimClock;
  readonly options: MovableOptionMarket;
  /** "POST /v2/orders", "GET /v2/orders:by_client_order_id", ... in the order sent. */
  readonly requests: string[];
  broker(account: AccountId): AlpacaBroker;
  /** Moves the sim clock forward (orders fill at minute boundaries). */
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
    marketData,
    optionMarket: options,
    clock,
    calendar: MarketCalendar.nyse(2024, 2024),
    extraRoutes: dataRoutes({ marketData, optionMarket: options }),
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
    options,
    requests,
    broker(account) {
      const keys = DEFAULT_SIM_ACCOUNTS.find((a) => a.id === account);
      if (!keys) throw new Error(`no simulator account ${account}`);
      return createAlpacaBroker({
        account,
        keyId: keys.keyId,
        secretKey: keys.secretKey,
        tradingUrl: sim.url,
        dataUrl: sim.url,
        fetchImpl: countingFetch,
        timeoutMs: 3_000,
        retry: false,
      });
    },
    advanceTo(hhmm) {
      clock.advanceTo(at(hhmm));
    },
  };
}

/** Requests of one kind, e.g. count(h, "POST /v2/orders"). */
export function count(h: SimHarness, request: string): number {
  return h.requests.filter((r) => r === request).length;
}

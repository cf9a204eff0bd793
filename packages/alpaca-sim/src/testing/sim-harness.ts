// A running simulator with a small hand-made market (minute bars for a few stocks, a handful of listed options whose
// quotes a test can move) and brokers pointed at it that record every request they send. Shared by the broker,
// execution and dispatcher tests; each keeps its own market (symbols, quotes) as arguments.
//
// The broker is built by a factory the caller passes in: @ops/broker-alpaca depends on this package (as a
// devDependency), so importing it here would make the two depend on each other. No vitest import either: the caller
// hands in its afterEach, so this file stays plain code.
import { MarketCalendar, etDateTime, parseOccSymbol } from "@ops/core/market-time";
import type { AccountId, Bar } from "@ops/trading";
import { DEFAULT_SIM_ACCOUNTS } from "../accounts.js";
import { InMemoryMarketData } from "../market-data/in-memory-market-data.js";
import type { OptionContractInfo, OptionDailyBar, OptionMarket, OptionQuote } from "../market-data/types.js";
import { dataRoutes } from "../routes/data-routes.js";
import { startSimulator } from "../server.js";
import type { RunningSimulator } from "../server.js";
import { SimClock } from "../sim-clock.js";

/** A Tuesday in EST (09:30 ET = 14:30 UTC), inside the 2024 calendar the harness loads. */
export const DAY = "2024-03-05";
export const at = (hhmm: string): Date => etDateTime(DAY, hhmm);

/** Every listed option's last print is this many contracts: tests tell it apart from the day's volume. */
export const LAST_TRADE_SIZE = 2;

/**
 * Deterministic minute bars 09:30..15:59 on DAY. The n-th symbol starts at 100 + 50n and drifts up a cent a minute,
 * so each symbol's price is recognisable and no two symbols overlap.
 */
export function dayBars(symbols: readonly string[]): Bar[] {
  const bars: Bar[] = [];
  symbols.forEach((symbol, s) => {
    for (let minute = 0; minute < 390; minute++) {
      const open = Math.round((100 + s * 50 + minute * 0.01) * 100) / 100;
      bars.push({ symbol, ts: new Date(at("09:30").getTime() + minute * 60_000), open, high: open + 0.05, low: open - 0.05, close: open + 0.01, volume: 1_000 + minute });
    }
  });
  return bars;
}

/** The parts of an option quote a test sets or moves; everything else is fixed (see MovableOptionMarket.quote). */
export interface MovableQuote {
  bid: number;
  ask: number;
  delta: number;
  dailyVolume: number;
  /** The last print's price; the mid of bid and ask when absent. */
  last?: number;
}

/** The session's prices in a snapshot's dailyBar, from the contract's current quote. */
export type SessionPrices = (quote: MovableQuote) => Pick<OptionDailyBar, "open" | "high" | "low" | "close" | "vwap">;

/** The session traded between bid and ask: opened and printed its low at the bid, its high and close at the ask. */
export const sessionFromQuote: SessionPrices = ({ bid, ask }) => ({ open: bid, high: ask, low: bid, close: ask, vwap: bid });

/** One session for every contract whatever its quote, for tests that read the dailyBar as given numbers. */
export const fixedSession: SessionPrices = () => ({ open: 2.0, high: 2.3, low: 1.9, close: 2.15, vwap: 2.11 });

export interface MovableOptionMarketOptions {
  /** Listed contracts by OCC symbol (underlying, expiry, right and strike come from the symbol), in listing order. */
  readonly quotes: Readonly<Record<string, MovableQuote>>;
  /** Default: sessionFromQuote. */
  readonly session?: SessionPrices;
}

/** Listed options with a default quote each, which a test can move per symbol. */
export class MovableOptionMarket implements OptionMarket {
  readonly #listed: ReadonlyMap<string, { contract: OptionContractInfo; quote: MovableQuote }>;
  readonly #session: SessionPrices;
  readonly #overrides = new Map<string, Partial<MovableQuote>>();

  constructor(options: MovableOptionMarketOptions) {
    this.#listed = new Map(
      Object.entries(options.quotes).map(([symbol, quote]) => {
        const { underlying, expiration, right, strike } = parseOccSymbol(symbol);
        return [symbol, { contract: { symbol, underlying, expiration, type: right, strike }, quote }];
      }),
    );
    this.#session = options.session ?? sessionFromQuote;
  }

  /** Moves part of one contract's quote (or just its bid and ask); later calls add to earlier ones. */
  setQuote(symbol: string, quote: Partial<MovableQuote>): void;
  setQuote(symbol: string, bid: number, ask: number): void;
  setQuote(symbol: string, quoteOrBid: Partial<MovableQuote> | number, ask?: number): void {
    // A typo'd symbol would otherwise leave the default quote in place and the test passing for the wrong reason.
    if (!this.#listed.has(symbol)) throw new Error(`${symbol} is not listed in this option market`);
    const quote = typeof quoteOrBid === "number" ? { bid: quoteOrBid, ...(ask === undefined ? {} : { ask }) } : quoteOrBid;
    this.#overrides.set(symbol, { ...this.#overrides.get(symbol), ...quote });
  }

  contracts(underlying: string): OptionContractInfo[] {
    return [...this.#listed.values()].filter((l) => l.contract.underlying === underlying).map((l) => ({ ...l.contract }));
  }

  quote(occSymbol: string, asOf: Date): OptionQuote | undefined {
    const listed = this.#listed.get(occSymbol);
    if (listed === undefined) return undefined;
    const q = { ...listed.quote, ...this.#overrides.get(occSymbol) };
    const call = listed.contract.type === "call";
    return {
      bid: q.bid,
      ask: q.ask,
      bidSize: 20,
      askSize: 15,
      last: q.last ?? (q.bid + q.ask) / 2,
      lastSize: LAST_TRADE_SIZE,
      iv: call ? 0.31 : 0.35,
      delta: q.delta,
      gamma: 0.04,
      theta: -0.08,
      vega: 0.06,
      rho: 0.01,
      dailyVolume: q.dailyVolume,
      openInterest: 4_000,
      at: asOf,
      dailyBar: { ts: at("00:00"), ...this.#session(q), volume: q.dailyVolume, tradeCount: 140 },
    };
  }
}

/** How the harness connects a broker to the simulator; structurally what @ops/broker-alpaca's createAlpacaBroker takes. */
export interface SimBrokerConnection {
  readonly account: AccountId;
  readonly keyId: string;
  readonly secretKey: string;
  readonly tradingUrl: string;
  readonly dataUrl: string;
  readonly fetchImpl: (url: string, init: RequestInit) => Promise<Response>;
  readonly timeoutMs: number;
  readonly retry: false;
}

/** Sees every request ("POST /v2/orders") and may answer it itself instead of forwarding it. */
export type Intercept = (request: string, forward: () => Promise<Response>) => Promise<Response>;

export interface SimHarness<B> {
  readonly sim: RunningSimulator;
  readonly clock: SimClock;
  readonly bars: readonly Bar[];
  readonly options: MovableOptionMarket;
  /** "POST /v2/orders", "GET /v2/orders:by_client_order_id", ... in the order they reached the simulator. */
  readonly requests: string[];
  /** Full URLs (with query) of the same requests, for checking parameters. */
  readonly urls: string[];
  /** A request an intercept answers itself is not recorded: it never reached the simulator. */
  broker(account: AccountId, intercept?: Intercept): B;
  /** Moves the sim clock forward to hhmm on DAY (orders fill at minute boundaries). */
  advanceTo(hhmm: string): void;
}

export interface SimHarnessSetup<B> {
  readonly createBroker: (connection: SimBrokerConnection) => B;
  /** Registers a hook run after each test (vitest's afterEach): it closes the simulators that test started. */
  readonly afterEach: (hook: () => Promise<void>) => void;
  /** Listed options and their default quotes (see MovableOptionMarketOptions). */
  readonly quotes: MovableOptionMarketOptions["quotes"];
  readonly session?: SessionPrices;
  /** Stocks with bars on DAY (see dayBars). Default: AAA alone. */
  readonly symbols?: readonly string[];
  /** The broker's per-attempt deadline. Default 3 s. */
  readonly timeoutMs?: number;
}

/** Registers the cleanup hook once and returns `startSim(start = 10:00 on DAY)`. */
export function defineSimHarness<B>(setup: SimHarnessSetup<B>): (start?: Date) => Promise<SimHarness<B>> {
  const running: RunningSimulator[] = [];
  setup.afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.close()));
  });

  return async (start = at("10:00")) => {
    const bars = dayBars(setup.symbols ?? ["AAA"]);
    const marketData = new InMemoryMarketData(bars);
    const options = new MovableOptionMarket({ quotes: setup.quotes, session: setup.session });
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
    const urls: string[] = [];
    const recordingFetch = (url: string, init: RequestInit): Promise<Response> => {
      requests.push(describeRequest(url, init));
      urls.push(url);
      return fetch(url, init);
    };
    return {
      sim,
      clock,
      bars,
      options,
      requests,
      urls,
      broker(account, intercept) {
        const keys = DEFAULT_SIM_ACCOUNTS.find((a) => a.id === account);
        if (!keys) throw new Error(`no simulator account ${account}`);
        const fetchImpl =
          intercept === undefined
            ? recordingFetch
            : (url: string, init: RequestInit) => intercept(describeRequest(url, init), () => recordingFetch(url, init));
        return setup.createBroker({
          account,
          keyId: keys.keyId,
          secretKey: keys.secretKey,
          tradingUrl: sim.url,
          dataUrl: sim.url,
          fetchImpl,
          timeoutMs: setup.timeoutMs ?? 3_000,
          retry: false,
        });
      },
      advanceTo(hhmm) {
        clock.advanceTo(at(hhmm));
      },
    };
  };
}

/** Requests of one kind, e.g. count(h, "POST /v2/orders"). */
export function count(h: Pick<SimHarness<unknown>, "requests">, request: string): number {
  return h.requests.filter((r) => r === request).length;
}

function describeRequest(url: string, init: RequestInit): string {
  return `${init.method ?? "GET"} ${new URL(url).pathname}`;
}

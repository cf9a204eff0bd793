// The telemetry cycle against the real simulator over HTTP (127.0.0.1) and a migrated PGlite.
import { randomUUID } from "node:crypto";
import { DEFAULT_SIM_ACCOUNTS, InMemoryMarketData, SimClock, dataRoutes, startSimulator } from "@ops/alpaca-sim";
import type { OptionMarket, RunningSimulator } from "@ops/alpaca-sim";
import { BrokerContractError, createAlpacaBroker } from "@ops/broker-alpaca";
import type { Broker } from "@ops/broker-alpaca";
import { ManualClock, MarketCalendar, etDateTime } from "@ops/core";
import type { CycleContext, Db, Logger } from "@ops/core";
import { freshPgliteDb } from "@ops/core/testing";
import type { Bar } from "@ops/trading";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTelemetryCycle } from "../src/index.js";
import { captureLogger } from "@ops/core/testing";
import type { LogLine } from "@ops/core/testing";

const DAY = "2024-03-05";
const at = (hhmm: string): Date => etDateTime(DAY, hhmm);
const MALFORMED_TS = at("09:45");

/**
 * AAA and BBB trade 09:30–10:29; BBB's 09:45 bar has its high below its low. CCC has no data. VIXY (not
 * in the universe) trades too: only a configured volatility source fetches it.
 */
function marketBars(): Bar[] {
  const bars: Bar[] = [];
  ["AAA", "BBB", "VIXY"].forEach((symbol, s) => {
    for (let minute = 0; minute < 60; minute++) {
      const ts = new Date(at("09:30").getTime() + minute * 60_000);
      const open = Math.round((100 + s * 50 + minute * 0.03) * 100) / 100;
      const bar: Bar = { symbol, ts, open, high: open + 0.1, low: open - 0.1, close: open + 0.02, volume: 1_000 + minute };
      bars.push(symbol === "BBB" && ts.getTime() === MALFORMED_TS.getTime() ? { ...bar, high: open - 1, low: open + 1 } : bar);
    }
  });
  return bars;
}

const noOptions: OptionMarket = { contracts: () => [], quote: () => undefined };

let sim: RunningSimulator;
let simClock: SimClock;
let broker: Broker;
const source = marketBars();

beforeEach(async () => {
  const marketData = new InMemoryMarketData(source);
  simClock = new SimClock({ start: at("10:00") });
  sim = await startSimulator({
    marketData,
    optionMarket: noOptions,
    clock: simClock,
    calendar: MarketCalendar.nyse(2024, 2024),
    extraRoutes: dataRoutes({ marketData, optionMarket: noOptions }),
  });
  const keys = DEFAULT_SIM_ACCOUNTS.find((a) => a.id === "large-100k");
  if (!keys) throw new Error("simulator has no large-100k account");
  broker = createAlpacaBroker({
    account: "large-100k", keyId: keys.keyId, secretKey: keys.secretKey,
    tradingUrl: sim.url, dataUrl: sim.url, retry: false, timeoutMs: 5_000,
  });
});
afterEach(async () => sim.close());

let db: Db;
let clock: ManualClock;
let lines: LogLine[];
let logger: Logger;
// One migrated database per file (creating one costs seconds); each test starts from empty bars.
beforeAll(async () => {
  db = await freshPgliteDb();
  await db.query(
    `INSERT INTO universe (symbol, source, status, updated_by)
     SELECT s, 'config', 'active', 'test' FROM unnest(ARRAY['AAA', 'BBB', 'CCC']) AS s`,
  );
});
afterAll(async () => db.close());
beforeEach(async () => {
  await db.query("TRUNCATE bars");
  clock = new ManualClock(at("10:00"));
  ({ logger, lines } = captureLogger());
});

const ctx = (): CycleContext => ({ now: clock.now(), cycleId: randomUUID(), logger, signal: new AbortController().signal });
const config = { OPS_TELEMETRY_LOOKBACK_MIN: 120, OPS_TELEMETRY_FEED: "iex" } as const;
const key = (b: { symbol: string; ts: Date }): string => `${b.symbol}@${b.ts.toISOString()}`;

async function storedBars(): Promise<Bar[]> {
  const result = await db.query<Bar>("SELECT symbol, ts, open, high, low, close, volume FROM bars ORDER BY symbol, ts");
  return result.rows.map((r) => ({ ...r, volume: Number(r.volume) }));
}

/** What the simulator can serve at `now` (complete bars only) for these symbols, minus the malformed one. */
function expectedAt(now: Date, symbols: readonly string[] = ["AAA", "BBB", "CCC"]): Bar[] {
  return source
    .filter((b) => symbols.includes(b.symbol))
    .filter((b) => b.ts.getTime() + 60_000 <= now.getTime())
    .filter((b) => !(b.symbol === "BBB" && b.ts.getTime() === MALFORMED_TS.getTime()))
    .sort((a, b) => (key(a) < key(b) ? -1 : 1));
}

describe("telemetry cycle against the simulator", () => {
  it("stores exactly the simulator's bars for the universe, skipping the malformed one with a logged error", async () => {
    const cycle = createTelemetryCycle({ db, clock, logger, config, broker });
    const counts = await cycle(ctx());

    const expected = expectedAt(clock.now());
    expect(await storedBars()).toEqual(expected);
    expect(counts).toMatchObject({ symbols: 3, fetched: expected.length + 1, accepted: expected.length, rejected: 1, upserted: expected.length, no_data: 1 });

    const rejected = lines.filter((l) => l.event === "telemetry.bar_rejected");
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ level: "error", symbol: "BBB", ts: MALFORMED_TS.toISOString(), reason: "high_below_low" });
    const noData = lines.find((l) => l.event === "telemetry.no_data");
    expect(noData).toMatchObject({ level: "warn", symbols: ["CCC"], market_open: true });
  });

  it("is idempotent: a re-run of the same window changes nothing", async () => {
    const cycle = createTelemetryCycle({ db, clock, logger, config, broker });
    await cycle(ctx());
    const before = await storedBars();
    const again = await cycle(ctx());
    expect(again.upserted).toBe(0);
    expect(await storedBars()).toEqual(before);
  });

  it("fetches from the newest stored bar onwards, adds the new minutes and notifies `bars` with the newest ts", async () => {
    const cycle = createTelemetryCycle({ db, clock, logger, config, broker });
    await cycle(ctx());
    const payloads: string[] = [];
    const unlisten = await db.listen("bars", (payload) => payloads.push(payload));

    simClock.advanceTo(at("10:05"));
    clock.set(at("10:05"));
    const counts = await cycle(ctx());
    // The last two minutes before the previous cycle (09:58, 09:59) are re-read for late corrections,
    // with the five new ones: 7 per symbol, 5 new each, nothing changed.
    expect(counts).toMatchObject({ fetched: 14, inserted: 10, corrected: 0, upserted: 10, rejected: 0 });
    expect(await storedBars()).toEqual(expectedAt(clock.now()));
    await new Promise((r) => setTimeout(r, 20));
    expect(payloads.at(-1)).toBe(at("10:04").toISOString());
    await unlisten();
  });

  it("with no re-read configured, a second cycle asks only for the minutes after the first one", async () => {
    const asked: Array<{ symbols: readonly string[]; start: Date }> = [];
    const spy: Pick<Broker, "getStockBars"> = {
      getStockBars: (request) => {
        asked.push({ symbols: request.symbols, start: request.start });
        return broker.getStockBars(request);
      },
    };
    const cycle = createTelemetryCycle({ db, clock, logger, config: { ...config, OPS_TELEMETRY_REFETCH_MIN: 0 }, broker: spy });
    await cycle(ctx());
    simClock.advanceTo(at("10:05"));
    clock.set(at("10:05"));
    const counts = await cycle(ctx());
    expect(asked.at(-1)).toEqual({ symbols: ["AAA", "BBB", "CCC"], start: at("10:00") });
    expect(counts).toMatchObject({ fetched: 10, inserted: 10, corrected: 0 });
    expect(await storedBars()).toEqual(expectedAt(clock.now()));
  });

  it("logs an unreadable bar response and skips the cycle's writes instead of throwing", async () => {
    const broken: Pick<Broker, "getStockBars"> = {
      getStockBars: () => Promise.reject(new BrokerContractError("bar AAA.o is missing")),
    };
    const cycle = createTelemetryCycle({ db, clock, logger, config, broker: broken });
    await expect(cycle(ctx())).resolves.toMatchObject({ fetched: 0, bad_responses: 1 });
    expect(await storedBars()).toEqual([]);
    expect(lines.find((l) => l.event === "telemetry.bad_response")).toMatchObject({ level: "error" });
  });

  it("fetches the volatility source's symbol too, without adding it to the universe", async () => {
    const asked: Array<readonly string[]> = [];
    const spy: Pick<Broker, "getStockBars"> = {
      getStockBars: (request) => {
        asked.push(request.symbols);
        return broker.getStockBars(request);
      },
    };
    const withSource = { ...config, OPS_VOLATILITY_SOURCE: { kind: "close", symbol: "VIXY" } } as const;
    const counts = await createTelemetryCycle({ db, clock, logger, config: withSource, broker: spy })(ctx());

    expect(counts).toMatchObject({ symbols: 4, no_data: 1 });
    expect(asked.flat()).toContain("VIXY");
    expect(await storedBars()).toEqual(expectedAt(clock.now(), ["AAA", "BBB", "CCC", "VIXY"]));
    const universe = await db.query<{ symbol: string }>("SELECT symbol FROM tradable_universe ORDER BY symbol");
    expect(universe.rows.map((r) => r.symbol)).toEqual(["AAA", "BBB", "CCC"]);
  });

  it("fetches a source symbol that is already in the universe once, and nothing extra without a source", async () => {
    const asked: Array<readonly string[]> = [];
    const spy: Pick<Broker, "getStockBars"> = {
      getStockBars: (request) => {
        asked.push(request.symbols);
        return broker.getStockBars(request);
      },
    };
    const withSource = { ...config, OPS_VOLATILITY_SOURCE: { kind: "realized", symbol: "AAA" } } as const;
    expect(await createTelemetryCycle({ db, clock, logger, config: withSource, broker: spy })(ctx())).toMatchObject({ symbols: 3 });
    expect(asked.flat().filter((symbol) => symbol === "AAA")).toHaveLength(1);

    const none = { ...config, OPS_VOLATILITY_SOURCE: { kind: "none" } } as const;
    asked.length = 0;
    await db.query("TRUNCATE bars");
    await createTelemetryCycle({ db, clock, logger, config: none, broker: spy })(ctx());
    expect(asked.flat()).not.toContain("VIXY");
    expect(await storedBars()).toEqual(expectedAt(clock.now()));
  });

  it("reports no data only at info level while the market is closed", async () => {
    const cycle = createTelemetryCycle({ db, clock, logger, config, broker });
    clock.set(etDateTime("2024-03-09", "12:00")); // a Saturday
    simClock.advanceTo(clock.now());
    const counts = await cycle(ctx());
    expect(counts).toMatchObject({ no_data: 3 });
    expect(lines.find((l) => l.event === "telemetry.no_data")).toMatchObject({ level: "info", market_open: false });
  });
});

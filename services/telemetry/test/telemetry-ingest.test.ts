// Telemetry at production depth against the simulator over HTTP and a migrated PGlite: backfill after
// downtime, corrections, bad bars in the answer, 429s, open-position underlyings, the stale alarm.
import { randomUUID } from "node:crypto";
import { DEFAULT_SIM_ACCOUNTS, InMemoryMarketData } from "@ops/alpaca-sim";
import type { StockBarsRequest } from "@ops/broker-alpaca";
import { ManualClock } from "@ops/core";
import type { CycleContext, Db, Logger } from "@ops/core";
import { freshPgliteDb } from "@ops/core/testing";
import type { Bar } from "@ops/trading";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTelemetryCycle } from "../src/index.js";
import type { TelemetryDeps } from "../src/index.js";
import { captureLogger } from "@ops/core/testing";
import type { LogLine } from "@ops/core/testing";
import { CorruptedMarketData, MINUTE_MS, at, keyOf, sessionBars, startSimMarket } from "./sim-market.js";
import type { SimMarket } from "./sim-market.js";

let db: Db;
let market: SimMarket | undefined;
let clock: ManualClock;
let logger: Logger;
let lines: LogLine[];

beforeAll(async () => {
  db = await freshPgliteDb();
});
afterAll(async () => db.close());
beforeEach(async () => {
  await db.query("TRUNCATE bars, universe, positions CASCADE");
  ({ logger, lines } = captureLogger());
});
afterEach(async () => {
  await market?.close();
  market = undefined;
});

async function setUniverse(symbols: readonly string[]): Promise<void> {
  await db.query(
    `INSERT INTO universe (symbol, source, status, updated_by) SELECT s, 'config', 'active', 'test' FROM unnest($1::text[]) AS s`,
    [symbols],
  );
}

async function storedBars(): Promise<Bar[]> {
  const result = await db.query<Bar>("SELECT symbol, ts, open, high, low, close, volume FROM bars ORDER BY symbol, ts");
  return result.rows.map((r) => ({ ...r, volume: Number(r.volume) }));
}

async function storeBars(bars: readonly Bar[]): Promise<void> {
  await db.query(
    `INSERT INTO bars (symbol, ts, open, high, low, close, volume)
     SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::bigint[])`,
    [bars.map((b) => b.symbol), bars.map((b) => b.ts), bars.map((b) => b.open), bars.map((b) => b.high), bars.map((b) => b.low), bars.map((b) => b.close), bars.map((b) => b.volume)],
  );
}

/** What the simulator serves at `now`: complete bars only (ts + 60 s <= now). */
const visibleAt = (bars: readonly Bar[], now: Date): Bar[] =>
  bars.filter((b) => b.ts.getTime() + MINUTE_MS <= now.getTime()).sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));

const ctx = (): CycleContext => ({ now: clock.now(), cycleId: randomUUID(), logger, signal: new AbortController().signal });
const baseConfig = { OPS_TELEMETRY_LOOKBACK_MIN: 120, OPS_TELEMETRY_FEED: "iex" } as const;

/** A broker wrapper that records every request telemetry makes. */
function recording(broker: SimMarket["broker"]): { broker: TelemetryDeps["broker"]; requests: StockBarsRequest[] } {
  const requests: StockBarsRequest[] = [];
  return {
    requests,
    broker: {
      getStockBars: (request) => broker.getStockBars(request),
      fetchStockBars: (request) => {
        requests.push(request);
        return broker.fetchStockBars(request);
      },
    },
  };
}

describe("telemetry backfill after downtime", () => {
  it("a cold start fills the gap from each symbol's newest stored bar, in committed windows, and loses nothing", async () => {
    const source = sessionBars(["AAA", "BBB"], 120);
    market = await startSimMarket({ marketData: new InMemoryMarketData(source), start: at("10:30") });
    await setUniverse(["AAA", "BBB"]);
    // An earlier run stored AAA up to 09:39 and BBB up to 09:49, then the service was down.
    await storeBars(source.filter((b) => b.ts < at(b.symbol === "AAA" ? "09:40" : "09:50")));
    clock = new ManualClock(at("10:30"));
    const { broker, requests } = recording(market.broker);
    const cycle = createTelemetryCycle({ db, clock, logger, broker, config: { ...baseConfig, OPS_TELEMETRY_BACKFILL_CHUNK_MIN: 15 } });

    const counts = await cycle(ctx());

    expect(await storedBars()).toEqual(visibleAt(source, clock.now()));
    // Both gaps start within 15 minutes of each other: one group from 09:39, cut into 15-minute windows.
    expect(requests.map((r) => r.start.toISOString())).toEqual(["09:39", "09:54", "10:09", "10:24"].map((t) => at(t).toISOString()));
    expect(counts).toMatchObject({ windows: 4, inserted: 50 + 40, corrected: 0, backfill_truncated: 0 });
  });

  it("stops at the backfill bound and says which symbols lost older bars", async () => {
    const source = sessionBars(["AAA"], 120);
    market = await startSimMarket({ marketData: new InMemoryMarketData(source), start: at("11:00") });
    await setUniverse(["AAA"]);
    await storeBars(source.filter((b) => b.ts < at("09:35")));
    clock = new ManualClock(at("11:00"));
    const cycle = createTelemetryCycle({ db, clock, logger, broker: market.broker, config: { ...baseConfig, OPS_TELEMETRY_MAX_BACKFILL_MIN: 30 } });

    const counts = await cycle(ctx());

    expect(counts.backfill_truncated).toBe(1);
    expect(lines.find((l) => l.event === "telemetry.backfill_truncated")).toMatchObject({ level: "warn", symbols: ["AAA"] });
    const stored = await storedBars();
    expect(stored.filter((b) => b.ts >= at("09:35") && b.ts < at("10:30"))).toEqual([]);
    expect(stored.filter((b) => b.ts >= at("10:30"))).toEqual(visibleAt(source, clock.now()).filter((b) => b.ts >= at("10:30")));
  });

  it("spends no request on closed hours: a gap over the night is fetched from the next session", async () => {
    const source = [...sessionBars(["AAA"], 390, "2024-03-04"), ...sessionBars(["AAA"], 30, "2024-03-05")];
    market = await startSimMarket({ marketData: new InMemoryMarketData(source), start: at("10:00") });
    await setUniverse(["AAA"]);
    await storeBars(source.filter((b) => b.ts < at("15:00", "2024-03-04")));
    clock = new ManualClock(at("10:00"));
    const { broker, requests } = recording(market.broker);
    const cycle = createTelemetryCycle({ db, clock, logger, broker, config: { ...baseConfig, OPS_TELEMETRY_BACKFILL_CHUNK_MIN: 60 } });

    const counts = await cycle(ctx());

    expect(await storedBars()).toEqual(visibleAt(source, clock.now()));
    // 15:00 Monday to 10:00 Tuesday in hour windows: the ones between 20:00 and 04:00 ET are skipped.
    expect(counts.windows_skipped_closed).toBeGreaterThanOrEqual(7);
    expect(requests.length).toBe(counts.windows);
  });
});

describe("telemetry corrections and bad bars", () => {
  it("a re-fetched bar whose values changed updates the row and is counted as a correction", async () => {
    const source = sessionBars(["AAA"], 60);
    market = await startSimMarket({ marketData: new InMemoryMarketData(source), start: at("10:00") });
    await setUniverse(["AAA"]);
    clock = new ManualClock(at("10:00"));
    const cycle = createTelemetryCycle({ db, clock, logger, broker: market.broker, config: baseConfig });
    await cycle(ctx());
    // The stored 09:59 bar is a preliminary version (as a bar fetched while still forming would be).
    await db.query("UPDATE bars SET close = close - 0.05, volume = 10 WHERE symbol = 'AAA' AND ts = $1", [at("09:59")]);
    const payloads: string[] = [];
    const unlisten = await db.listen("bars", (p) => payloads.push(p));

    clock.set(at("10:01"));
    market.clock.advanceTo(at("10:01"));
    const counts = await cycle(ctx());

    // Re-read 09:58–09:59, new 10:00: one correction, one new bar, one unchanged.
    expect(counts).toMatchObject({ fetched: 3, corrected: 1, inserted: 1, upserted: 2 });
    expect(await storedBars()).toEqual(visibleAt(source, clock.now()));
    expect(lines.find((l) => l.event === "telemetry.bars_corrected")).toMatchObject({ corrected: 1 });
    await new Promise((r) => setTimeout(r, 20));
    expect(payloads).toEqual([at("10:00").toISOString()]);
    await unlisten();
  });

  it("rejects and counts each kind of bad bar in an answer, logs it, and stores every good bar", async () => {
    const source = sessionBars(["AAA", "BBB"], 30);
    const bad: Bar[] = [
      { symbol: "AAA", ts: new Date(at("09:40").getTime() + 30_000), open: 100, high: 101, low: 99, close: 100, volume: 5 }, // off the minute
      { symbol: "BBB", ts: at("09:31"), open: Number.NaN, high: 101, low: 99, close: 100, volume: 5 }, // null in the JSON
      { symbol: "BBB", ts: at("09:32"), open: 100, high: 100.5, low: 99, close: 101, volume: 5 }, // close above high
      { symbol: "BBB", ts: at("09:33"), open: 100, high: 101, low: 99.5, close: 99, volume: 5 }, // close below low
      { symbol: "BBB", ts: at("09:34"), open: 100, high: 101, low: 99, close: 100, volume: -1 }, // negative volume
    ];
    const future: Bar = { symbol: "AAA", ts: at("10:30"), open: 100, high: 101, low: 99, close: 100, volume: 5 };
    // The bad minutes replace the good ones in the answer (same symbol and minute would otherwise be deduped).
    const good = source.filter((b) => !bad.some((x) => x.symbol === b.symbol && Math.floor(x.ts.getTime() / MINUTE_MS) === Math.floor(b.ts.getTime() / MINUTE_MS) && x.ts.getTime() % MINUTE_MS === 0));
    market = await startSimMarket({ marketData: new CorruptedMarketData(new InMemoryMarketData(good), bad, [future]), start: at("10:00") });
    await setUniverse(["AAA", "BBB"]);
    clock = new ManualClock(at("10:00"));
    const cycle = createTelemetryCycle({ db, clock, logger, broker: market.broker, config: baseConfig });

    const counts = await cycle(ctx());

    expect(await storedBars()).toEqual(visibleAt(good, clock.now()));
    expect(counts).toMatchObject({
      rejected: 6, rejected_not_minute_aligned: 1, rejected_malformed: 1, rejected_close_outside_range: 2,
      rejected_bad_volume: 1, rejected_future_timestamp: 1, inserted: good.length,
    });
    const logged = lines.filter((l) => l.event === "telemetry.bar_rejected");
    expect(logged.map((l) => l.reason).sort()).toEqual(
      ["bad_volume", "close_outside_range", "close_outside_range", "future_timestamp", "malformed", "not_minute_aligned"],
    );
    expect(logged.every((l) => l.level === "error" && typeof l.symbol === "string")).toBe(true);
    expect(lines.find((l) => l.event === "telemetry.bars_rejected")).toMatchObject({ rejected: 6 });
  });
});

describe("telemetry under rate limits", () => {
  it("survives 429s from a key whose budget someone else spent, waiting for the reset, and loses no bar", async () => {
    // The simulator's limiter and the client share one virtual wall clock: a minute's wait takes no time.
    let wall = Date.parse("2024-03-05T15:00:00Z");
    const timing = { nowMs: () => wall, sleep: (ms: number) => ((wall += Math.max(0, ms)), Promise.resolve()) };
    const source = sessionBars(["AAA", "BBB", "CCC"], 60);
    market = await startSimMarket({
      marketData: new InMemoryMarketData(source), start: at("10:30"), rateLimitPerMinute: 3, wallNowMs: () => wall,
      // One symbol per request and 20 bars per page: 9 requests for 3 symbols × 60 bars.
      marketDataOptions: { timing, maxUrlChars: 405 },
    });
    await setUniverse(["AAA", "BBB", "CCC"]);
    const keys = DEFAULT_SIM_ACCOUNTS.find((a) => a.id === "large-100k");
    // A noisy neighbour with the same key spends this minute's budget first.
    for (let i = 0; i < 3; i++) {
      const r = await fetch(`${market.sim.url}/v2/stocks/bars?symbols=AAA&timeframe=1Min`, { headers: { "APCA-API-KEY-ID": keys?.keyId ?? "", "APCA-API-SECRET-KEY": keys?.secretKey ?? "" } });
      await r.arrayBuffer();
    }
    clock = new ManualClock(at("10:30"));
    const cycle = createTelemetryCycle({ db, clock, logger, broker: market.broker, config: { ...baseConfig, OPS_TELEMETRY_PAGE_LIMIT: 20 } });

    const counts = await cycle(ctx());

    expect(await storedBars()).toEqual(visibleAt(source, clock.now()));
    expect(counts.rate_limited).toBeGreaterThanOrEqual(1);
    expect(counts.requests).toBe(9 + (counts.rate_limited ?? 0));
    // Nine requests at three a minute: at least two full windows were waited out.
    expect(counts.rate_limit_wait_ms).toBeGreaterThanOrEqual(2 * 60_000);
    expect(counts.fetch_errors).toBe(0);
  });
});

describe("telemetry universe", () => {
  it("also fetches the underlying of an open position outside the universe, and stops once it is closed", async () => {
    const source = sessionBars(["AAA", "HELD"], 30);
    market = await startSimMarket({ marketData: new InMemoryMarketData(source), start: at("10:00") });
    await setUniverse(["AAA"]);
    const opened = await db.query<{ position_id: string }>(
      `INSERT INTO positions (account_id, symbol, underlying, instrument_type, option_expiry, option_strike, option_right, qty, multiplier, avg_entry_price, opened_at)
       VALUES ('large-100k', 'HELD240308C00100000', 'HELD', 'CALL', '2024-03-08', 100, 'call', 1, 100, 2.5, $1) RETURNING position_id`,
      [at("09:45")],
    );
    clock = new ManualClock(at("10:00"));
    const { broker, requests } = recording(market.broker);
    const cycle = createTelemetryCycle({ db, clock, logger, broker, config: baseConfig });

    expect(await cycle(ctx())).toMatchObject({ symbols: 2 });
    expect(new Set((await storedBars()).map((b) => b.symbol))).toEqual(new Set(["AAA", "HELD"]));

    await db.query(
      `UPDATE positions SET status = 'closed', closed_at = $2, close_reason = 'manual', exit_price = 2.6 WHERE position_id = $1`,
      [opened.rows[0]?.position_id, at("10:01")],
    );
    clock.set(at("10:05"));
    market.clock.advanceTo(at("10:05"));
    expect(await cycle(ctx())).toMatchObject({ symbols: 1 });
    expect(requests.at(-1)?.symbols).toEqual(["AAA"]);
  });
});

describe("telemetry stale-data alarm", () => {
  it("flags symbols without a new bar for N minutes while the market is open and puts every age in the counts", async () => {
    // BBB stops printing at 09:40; CCC never prints.
    const source = [...sessionBars(["AAA"], 60), ...sessionBars(["BBB"], 10)];
    market = await startSimMarket({ marketData: new InMemoryMarketData(source), start: at("10:00") });
    await setUniverse(["AAA", "BBB", "CCC"]);
    clock = new ManualClock(at("10:00"));
    const cycle = createTelemetryCycle({ db, clock, logger, broker: market.broker, config: { ...baseConfig, OPS_TELEMETRY_STALE_AFTER_MIN: 10 } });

    const counts = await cycle(ctx());

    expect(counts).toMatchObject({ stale: 2, no_data: 1, market_open: 1, "bar_age_s.AAA": 60, "bar_age_s.BBB": 21 * 60, bar_age_max_s: 21 * 60 });
    expect(counts["bar_age_s.CCC"]).toBeUndefined();
    expect(lines.find((l) => l.event === "telemetry.stale_data")).toMatchObject({ level: "warn", symbols: ["BBB", "CCC"], count: 2 });
  });

  it("raises nothing right after the open, when yesterday's last bar is old but nothing is missing yet", async () => {
    const source = [...sessionBars(["AAA"], 390, "2024-03-04"), ...sessionBars(["AAA"], 3)];
    market = await startSimMarket({ marketData: new InMemoryMarketData(source.filter((b) => b.ts < at("09:30"))), start: at("09:33") });
    await setUniverse(["AAA"]);
    clock = new ManualClock(at("09:33"));
    const cycle = createTelemetryCycle({ db, clock, logger, broker: market.broker, config: { ...baseConfig, OPS_TELEMETRY_LOOKBACK_MIN: 24 * 60 } });

    const counts = await cycle(ctx());

    expect(counts).toMatchObject({ stale: 0, market_open: 1 });
    expect(counts["bar_age_s.AAA"]).toBeGreaterThan(17 * 3600);
    expect(lines.some((l) => l.event === "telemetry.stale_data")).toBe(false);
  });
});

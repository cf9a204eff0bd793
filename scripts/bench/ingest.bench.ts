// `pnpm bench ingest`: telemetry ingest throughput for a 10,000-symbol universe against the local
// simulator (issue 5). The real cycle runs end to end: the universe query, multi-symbol bar requests
// chunked for the URL limit and paged, validation, batched unnest upserts, NOTIFY. Two figures:
// a cold-start backfill (30 minutes × 10,000 symbols) and the steady state (one new minute per symbol
// per cycle, with the default 2-minute re-read). The simulator runs in this process (its rate limit
// raised), so client and server share the CPU; the database is in-memory PGlite unless
// BENCH_DATABASE_URL names a PostgreSQL server, where a throwaway database is created and dropped.
import { randomBytes, randomUUID } from "node:crypto";
import { DEFAULT_SIM_ACCOUNTS, InMemoryMarketData, SimClock, dataRoutes, generateBars, startSimulator } from "@ops/alpaca-sim";
import type { OptionMarket } from "@ops/alpaca-sim";
import { createAlpacaBroker } from "@ops/broker-alpaca";
import { ManualClock, MarketCalendar, createLogger, etDateTime, openDb, runMigrations } from "@ops/core";
import type { CycleContext, Db } from "@ops/core";
import type { Bar } from "@ops/trading";
import { createTelemetryCycle } from "@ops/svc-telemetry";

const SYMBOLS = 10_000;
const BACKFILL_MINUTES = 30;
const STEADY_CYCLES = 5;
const DAY = "2024-03-05";
const at = (minutesAfterOpen: number): Date => new Date(etDateTime(DAY, "09:30").getTime() + minutesAfterOpen * 60_000);

/** AAAA, AAAB, ...: 10,000 distinct four-letter symbols. */
function symbolNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    let n = i;
    let s = "";
    for (let k = 0; k < 4; k++) {
      s = String.fromCharCode(65 + (n % 26)) + s;
      n = Math.floor(n / 26);
    }
    return s;
  });
}

/** The first `minutes` regular-hours bars of each symbol, generated in batches to bound memory. */
function marketBars(symbols: readonly string[], minutes: number): Bar[] {
  const end = at(minutes).getTime();
  const out: Bar[] = [];
  for (let i = 0; i < symbols.length; i += 500) {
    for (const bar of generateBars({ symbols: symbols.slice(i, i + 500), day: DAY, seed: "ingest-bench" })) {
      if (bar.ts.getTime() < end) out.push(bar);
    }
  }
  return out;
}

async function openBenchDb(): Promise<{ db: Db; label: string; cleanup(): Promise<void> }> {
  const adminUrl = process.env.BENCH_DATABASE_URL?.trim();
  if (!adminUrl) {
    const db = await openDb("pglite:memory");
    await runMigrations(db);
    return { db, label: "PGlite (in-memory)", cleanup: () => db.close() };
  }
  const name = `ops_bench_${randomBytes(4).toString("hex")}`;
  const admin = await openDb(adminUrl);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openDb(url.toString());
  await runMigrations(db);
  return {
    db,
    label: "PostgreSQL",
    cleanup: async () => {
      await db.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}

const rate = (count: number, ms: number): string => `${Math.round((count / ms) * 1000).toLocaleString("en-US")}`;

export default {
  title: `telemetry ingest, ${SYMBOLS.toLocaleString("en-US")}-symbol universe against the simulator`,
  async run(): Promise<string[]> {
    const symbols = symbolNames(SYMBOLS);
    const bars = marketBars(symbols, BACKFILL_MINUTES + STEADY_CYCLES + 1);
    const marketData = new InMemoryMarketData(bars);
    const noOptions: OptionMarket = { contracts: () => [], quote: () => undefined };
    const simClock = new SimClock({ start: at(BACKFILL_MINUTES) });
    const sim = await startSimulator({
      marketData, optionMarket: noOptions, clock: simClock, calendar: MarketCalendar.nyse(2024, 2024),
      extraRoutes: dataRoutes({ marketData, optionMarket: noOptions }), rateLimitPerMinute: 10_000_000,
    });
    const keys = DEFAULT_SIM_ACCOUNTS.find((a) => a.id === "large-100k");
    if (!keys) throw new Error("simulator has no large-100k account");
    const broker = createAlpacaBroker({ account: "large-100k", keyId: keys.keyId, secretKey: keys.secretKey, tradingUrl: sim.url, dataUrl: sim.url, timeoutMs: 60_000 });
    const { db, label, cleanup } = await openBenchDb();
    const lines: string[] = [];
    try {
      await db.query(
        `INSERT INTO universe (symbol, source, status, updated_by) SELECT s, 'config', 'active', 'bench' FROM unnest($1::text[]) AS s`,
        [symbols],
      );
      const logger = createLogger({ service: "telemetry", buildId: "bench", level: "silent" });
      const clock = new ManualClock(at(BACKFILL_MINUTES));
      const cycle = createTelemetryCycle({ db, clock, logger, broker, config: { OPS_TELEMETRY_LOOKBACK_MIN: BACKFILL_MINUTES, OPS_TELEMETRY_FEED: "iex" } });
      const ctx = (): CycleContext => ({ now: clock.now(), cycleId: randomUUID(), logger, signal: new AbortController().signal });

      let started = performance.now();
      const cold = await cycle(ctx());
      const coldMs = performance.now() - started;
      lines.push(
        `database: ${label}; ${bars.length.toLocaleString("en-US")} bars in the simulator`,
        `cold start, ${BACKFILL_MINUTES} minutes × ${SYMBOLS.toLocaleString("en-US")} symbols: ${cold.inserted?.toLocaleString("en-US")} bars stored in ` +
          `${(coldMs / 1000).toFixed(2)} s = ${rate(cold.inserted ?? 0, coldMs)} bars/s (${cold.requests} requests, ${cold.chunks} symbol chunks, ${cold.pages} pages)`,
      );

      let newBars = 0;
      let fetched = 0;
      let steadyMs = 0;
      let worstMs = 0;
      for (let m = 1; m <= STEADY_CYCLES; m++) {
        simClock.advanceTo(at(BACKFILL_MINUTES + m));
        clock.set(at(BACKFILL_MINUTES + m));
        started = performance.now();
        const counts = await cycle(ctx());
        const ms = performance.now() - started;
        steadyMs += ms;
        worstMs = Math.max(worstMs, ms);
        newBars += counts.inserted ?? 0;
        fetched += counts.fetched ?? 0;
      }
      lines.push(
        `steady state, one new minute per symbol per cycle (${STEADY_CYCLES} cycles): ${(steadyMs / STEADY_CYCLES / 1000).toFixed(2)} s per cycle ` +
          `(worst ${(worstMs / 1000).toFixed(2)} s) = ${rate(newBars, steadyMs)} new bars/s, ${rate(fetched, steadyMs)} bars/s fetched incl. the 2-minute re-read`,
      );
      const stored = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM bars");
      const expected = SYMBOLS * (BACKFILL_MINUTES + STEADY_CYCLES);
      lines.push(`check: ${stored.rows[0]?.n.toLocaleString("en-US")} bars stored, ${expected.toLocaleString("en-US")} expected`);
    } finally {
      await cleanup();
      await sim.close();
    }
    return lines;
  },
};

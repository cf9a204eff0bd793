// The position manager against the REAL simulator over 127.0.0.1 and a migrated PGlite: one stock path
// (AAA, BBB), AAA options whose quotes follow a schedule a test writes, and entries placed through
// @ops/execution exactly as the dispatcher places them.
import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { DEFAULT_SIM_ACCOUNTS, InMemoryMarketData, SimClock, dataRoutes, startSimulator } from "@ops/alpaca-sim";
import type { OptionContractInfo, OptionMarket, OptionQuote, RunningSimulator } from "@ops/alpaca-sim";
import { createAlpacaBroker } from "@ops/broker-alpaca";
import type { AlpacaBroker, Broker } from "@ops/broker-alpaca";
import { MarketCalendar, createLogger, etDateTime } from "@ops/core";
import type { Db, Logger, VolatilityConfig } from "@ops/core";
import { freshPgliteDb } from "@ops/core/testing";
import { settleOpenOrders, submitEntryOrder } from "@ops/execution";
import type { ExecutionDeps } from "@ops/execution";
import type { AccountId, Bar, InstrumentType } from "@ops/trading";
import { afterAll, afterEach, expect } from "vitest";
import { DEFAULT_CYCLE_CONFIG, createPositionManagerCycle } from "../../src/index.js";
import type { PositionManagerCycleConfig } from "../../src/index.js";

/** A Tuesday (EST): 09:30 ET = 14:30 UTC. */
export const DAY = "2024-03-05";
export const at = (hhmm: string, day: string = DAY): Date => etDateTime(day, hhmm);

/** Ten days to expiry on DAY: no theta or expiration rule fires on its own. */
export const AAA_CALL = "AAA240315C00100000";
export const AAA_PUT = "AAA240315P00095000";
export const ACCOUNT: AccountId = "large-100k";

/** AAA flat at $100 all day; BBB at $50 until 11:00, then $47 (a 6 % drop through a 2 % stop). */
export function stockPrice(symbol: string, ts: Date): number {
  if (symbol === "AAA") return 100;
  return ts.getTime() < at("11:00").getTime() ? 50 : 47;
}

export function dayBars(): Bar[] {
  const bars: Bar[] = [];
  for (const symbol of ["AAA", "BBB"]) {
    for (let minute = 0; minute < 390; minute++) {
      const ts = new Date(at("09:30").getTime() + minute * 60_000);
      const price = stockPrice(symbol, ts);
      bars.push({ symbol, ts, open: price, high: price + 0.02, low: price - 0.02, close: price, volume: 10_000 });
    }
  }
  return bars;
}

/**
 * AAA contracts whose mid follows a schedule: setMid(symbol, from, mid) holds from `from` on, so fills
 * at an earlier minute boundary still see the earlier price (no lookahead). A null mid removes the
 * quote (nothing can fill, nothing can be marked).
 */
export class ScheduledOptionMarket implements OptionMarket {
  private readonly schedule = new Map<string, { fromMs: number; mid: number | null }[]>();

  constructor(private readonly halfSpread = 0.05) {}

  setMid(symbol: string, from: Date, mid: number | null): void {
    const entries = this.schedule.get(symbol) ?? [];
    entries.push({ fromMs: from.getTime(), mid });
    entries.sort((a, b) => a.fromMs - b.fromMs);
    this.schedule.set(symbol, entries);
  }

  contracts(underlying: string): OptionContractInfo[] {
    if (underlying !== "AAA") return [];
    return [
      { symbol: AAA_CALL, underlying: "AAA", expiration: "2024-03-15", type: "call", strike: 100 },
      { symbol: AAA_PUT, underlying: "AAA", expiration: "2024-03-15", type: "put", strike: 95 },
    ];
  }

  quote(occSymbol: string, asOf: Date): OptionQuote | undefined {
    if (!this.contracts("AAA").some((c) => c.symbol === occSymbol)) return undefined;
    let mid: number | null = 2.0;
    for (const entry of this.schedule.get(occSymbol) ?? []) if (entry.fromMs <= asOf.getTime()) mid = entry.mid;
    if (mid === null) return undefined;
    const bid = round2(mid - this.halfSpread);
    const ask = round2(mid + this.halfSpread);
    return {
      bid, ask, bidSize: 20, askSize: 20, last: mid, lastSize: 1, iv: 0.3, delta: 0.5, gamma: 0.04, theta: -0.05, vega: 0.1,
      rho: 0.01, dailyVolume: 5_000, openInterest: 4_000, at: asOf,
    };
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** JSON log lines the cycle wrote, for assertions on stable event codes. */
export class LogCapture {
  readonly lines: Record<string, unknown>[] = [];
  readonly logger: Logger;

  constructor() {
    const lines = this.lines;
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const text of chunk.toString("utf8").split("\n")) if (text.trim() !== "") lines.push(JSON.parse(text) as Record<string, unknown>);
        done();
      },
    });
    this.logger = createLogger({ service: "position-manager", account: ACCOUNT, buildId: "test", level: "debug", destination: stream });
  }

  events(event: string): Record<string, unknown>[] {
    return this.lines.filter((l) => l.event === event);
  }
}

export interface Harness {
  readonly sim: RunningSimulator;
  readonly clock: SimClock;
  readonly options: ScheduledOptionMarket;
  readonly db: Db;
  readonly broker: AlpacaBroker;
  readonly log: LogCapture;
  /** Execution deps for the dispatcher's side of a test (entries). */
  readonly execution: ExecutionDeps;
  /** Moves the sim clock (orders fill at minute boundaries as it passes them). */
  advanceTo(time: Date): void;
  /** A new position-manager instance on the same database, with the plain broker (a process restart). */
  restart(): void;
  /** Advances to `time` and runs one position-manager cycle there. */
  cycle(time: Date): Promise<Record<string, number>>;
  /** Inserts a recommendation and buys through execution at the sim's now, then settles it as the dispatcher would. */
  enter(entry: EntrySpec): Promise<{ recId: string; orderId: string }>;
  /** Inserts one bar per stock minute up to `until` into the bars table (telemetry's job). */
  loadBars(until: Date): Promise<void>;
}

export interface EntrySpec {
  readonly symbol: string;
  readonly underlying: string;
  readonly instrumentType: InstrumentType;
  readonly qty: number;
  readonly limitPrice: number;
  readonly strategy?: "day_trade" | "swing_trade" | "conservative" | "gap_fade";
  /** When the fill is settled (the sim fills at the next minute boundary). Default: one minute later. */
  readonly settleAt?: Date;
}

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

// One migrated database per test file (a clone costs ~1 s); each harness starts from empty tables.
let sharedDb: Promise<Db> | undefined;
afterAll(async () => {
  const db = sharedDb;
  sharedDb = undefined;
  if (db) await (await db).close();
});

const PIPELINE_TABLES = [
  "position_history", "position_events", "fills", "orders", "positions", "risk_gate_evaluations", "recommendation_dispatches",
  "recommendations", "account_snapshots", "bars",
];

/** The file's database with every pipeline table emptied. */
export async function emptyDb(): Promise<Db> {
  sharedDb ??= freshPgliteDb();
  return emptyTables(await sharedDb);
}

export async function emptyTables(db: Db): Promise<Db> {
  await db.query(`TRUNCATE ${PIPELINE_TABLES.join(", ")} CASCADE`);
  return db;
}

let signalSequence = 0;

export interface HarnessOptions {
  readonly start?: Date;
  readonly config?: Partial<PositionManagerCycleConfig>;
  readonly db?: Db;
  /** Wraps the broker the position manager sees (e.g. to fail one call); the test's own calls stay direct. */
  readonly wrapBroker?: (broker: Broker) => Broker;
  /** The end-of-day engine's volatility source (default none). */
  readonly volatility?: VolatilityConfig;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const bars = dayBars();
  const marketData = new InMemoryMarketData(bars);
  const optionMarket = new ScheduledOptionMarket();
  const clock = new SimClock({ start: options.start ?? at("10:00") });
  const calendar = MarketCalendar.nyse(2024, 2024);
  const sim = await startSimulator({ marketData, optionMarket, clock, calendar, extraRoutes: dataRoutes({ marketData, optionMarket }) });
  const db = options.db ?? (await emptyDb());
  running.push(sim);
  const keys = DEFAULT_SIM_ACCOUNTS.find((a) => a.id === ACCOUNT);
  if (!keys) throw new Error(`no simulator account ${ACCOUNT}`);
  const broker = createAlpacaBroker({ account: ACCOUNT, keyId: keys.keyId, secretKey: keys.secretKey, tradingUrl: sim.url, dataUrl: sim.url, timeoutMs: 3_000, retry: false });
  const log = new LogCapture();
  const execution: ExecutionDeps = { db, broker, logger: log.logger };
  const buildCycle = (cycleBroker: Broker) =>
    createPositionManagerCycle({
      db,
      clock,
      logger: log.logger,
      config: { ...DEFAULT_CYCLE_CONFIG, ...options.config },
      broker: cycleBroker,
      account: ACCOUNT,
      calendar,
      ...(options.volatility ? { volatility: options.volatility } : {}),
    });
  let runCycle = buildCycle(options.wrapBroker ? options.wrapBroker(broker) : broker);
  const advanceTo = (time: Date): void => {
    if (time.getTime() > clock.now().getTime()) clock.advanceTo(time);
  };
  let loadedUntil = at("09:30").getTime();

  return {
    sim, clock, options: optionMarket, db, broker, log, execution, advanceTo,
    restart() {
      runCycle = buildCycle(broker);
    },
    async cycle(time) {
      advanceTo(time);
      const cycleId = randomUUID();
      return runCycle({ now: clock.now(), cycleId, logger: log.logger.child({ cycle_id: cycleId }), signal: new AbortController().signal });
    },
    async enter(entry) {
      const now = clock.now();
      signalSequence += 1;
      const action = entry.instrumentType === "STOCK" ? "BUY_STOCK" : entry.instrumentType === "CALL" ? "BUY_CALL" : "BUY_PUT";
      const rec = await db.query<{ rec_id: unknown }>(
        `INSERT INTO recommendations (symbol, action, instrument_type, strategy_type, confidence, signal_ts, created_at, expires_at, features_snapshot)
         VALUES ($1, $2, $3, $4, 0.8, $5, $6, $7, $8::jsonb) RETURNING rec_id`,
        [
          entry.underlying, action, entry.instrumentType, entry.strategy ?? "swing_trade",
          new Date(now.getTime() - 60_000 - signalSequence).toISOString(), now.toISOString(), new Date(now.getTime() + 600_000).toISOString(),
          JSON.stringify({ rsi14: 55.5, trend_state: 1 }),
        ],
      );
      const recId = String(rec.rows[0]?.rec_id);
      const result = await submitEntryOrder(execution, {
        account: ACCOUNT, recId, symbol: entry.symbol, underlying: entry.underlying, instrumentType: entry.instrumentType,
        qty: entry.qty, limitPrice: entry.limitPrice, now,
      });
      expect(result.kind).toBe("accepted");
      const settleAt = entry.settleAt ?? new Date(now.getTime() + 60_000);
      advanceTo(settleAt);
      await settleOpenOrders(execution, ACCOUNT, clock.now(), { purpose: "entry" });
      if (result.kind !== "accepted") throw new Error("entry not accepted");
      return { recId, orderId: result.orderId };
    },
    async loadBars(until) {
      const rows = bars.filter((b) => b.ts.getTime() >= loadedUntil && b.ts.getTime() < until.getTime());
      if (rows.length === 0) return;
      await db.query(
        `INSERT INTO bars (symbol, ts, open, high, low, close, volume)
         SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::bigint[])
         ON CONFLICT (symbol, ts) DO NOTHING`,
        [
          rows.map((b) => b.symbol), rows.map((b) => b.ts.toISOString()), rows.map((b) => b.open), rows.map((b) => b.high),
          rows.map((b) => b.low), rows.map((b) => b.close), rows.map((b) => b.volume),
        ],
      );
      loadedUntil = until.getTime();
    },
  };
}

export async function positionRows(db: Db, where = "TRUE", params: unknown[] = []): Promise<Record<string, unknown>[]> {
  return (await db.query(`SELECT * FROM positions WHERE ${where} ORDER BY position_id`, params)).rows;
}

export async function eventTypes(db: Db, positionId: unknown): Promise<string[]> {
  const result = await db.query<{ event_type: string }>("SELECT event_type FROM position_events WHERE position_id = $1::bigint ORDER BY id", [String(positionId)]);
  return result.rows.map((r) => r.event_type);
}

export async function exitOrders(db: Db, positionId: unknown): Promise<Record<string, unknown>[]> {
  return (await db.query("SELECT * FROM orders WHERE purpose = 'exit' AND position_id = $1::bigint ORDER BY attempt", [String(positionId)])).rows;
}

export async function historyRow(db: Db, positionId: unknown): Promise<Record<string, unknown> | undefined> {
  return (await db.query("SELECT * FROM position_history WHERE position_id = $1::bigint", [String(positionId)])).rows[0];
}

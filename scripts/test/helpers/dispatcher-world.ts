// A dispatcher (and position manager) against the real simulator over 127.0.0.1 on a migrated PGlite, with
// the rows other services own written directly: one stock AAA near $100 and a small AAA option chain.
// Modelled on services/dispatcher/test/helpers (kept separate so each package's tests stay its own).
import { Writable } from "node:stream";
import { DEFAULT_SIM_ACCOUNTS, InMemoryMarketData, SimClock, dataRoutes, startSimulator } from "@ops/alpaca-sim";
import type { OptionContractInfo, OptionMarket, OptionQuote, RunningSimulator } from "@ops/alpaca-sim";
import { createAlpacaBroker } from "@ops/broker-alpaca";
import type { AlpacaBroker } from "@ops/broker-alpaca";
import { MarketCalendar, createLogger, etDateTime } from "@ops/core";
import type { CycleContext, Db, Logger, Queryable } from "@ops/core";
import { createDispatcherCycle, defaultDispatcherSettings } from "@ops/svc-dispatcher";
import type { DispatchCounts } from "@ops/svc-dispatcher";
import type { AccountId, Bar } from "@ops/trading";

/** A Tuesday (EST): 09:30 ET = 14:30 UTC. */
export const DAY = "2024-03-05";
export const at = (hhmm: string): Date => etDateTime(DAY, hhmm);
export const AAA_CALL = "AAA240306C00101000";

function dayBars(): Bar[] {
  const bars: Bar[] = [];
  for (let minute = 0; minute < 390; minute++) {
    const open = Math.round((100 + minute * 0.01) * 100) / 100;
    bars.push({ symbol: "AAA", ts: new Date(at("09:30").getTime() + minute * 60_000), open, high: open + 0.05, low: open - 0.05, close: open + 0.01, volume: 1_000 + minute });
  }
  return bars;
}

class OneContractMarket implements OptionMarket {
  contracts(underlying: string): OptionContractInfo[] {
    return underlying === "AAA" ? [{ symbol: AAA_CALL, underlying: "AAA", expiration: "2024-03-06", type: "call", strike: 101 }] : [];
  }

  quote(occSymbol: string, asOf: Date): OptionQuote | undefined {
    if (occSymbol !== AAA_CALL) return undefined;
    return {
      bid: 2.1, ask: 2.2, bidSize: 20, askSize: 15, last: 2.15, lastSize: 2, iv: 0.31, delta: 0.42, gamma: 0.04, theta: -0.08, vega: 0.06, rho: 0.01,
      dailyVolume: 5_000, openInterest: 4_000, at: asOf,
      dailyBar: { ts: etDateTime(DAY, "00:00"), open: 2.1, high: 2.2, low: 2.1, close: 2.2, volume: 5_000, tradeCount: 140, vwap: 2.1 },
    };
  }
}

export interface DispatcherWorld {
  readonly sim: RunningSimulator;
  readonly clock: SimClock;
  /** POST /v2/orders seen by the simulator, per account key. */
  posts(account: AccountId): number;
  broker(account: AccountId): AlpacaBroker;
  dispatch(account: AccountId, now: Date): Promise<DispatchCounts>;
  close(): Promise<void>;
}

export async function startDispatcherWorld(db: Db): Promise<DispatcherWorld> {
  const marketData = new InMemoryMarketData(dayBars());
  const options = new OneContractMarket();
  const clock = new SimClock({ start: at("10:00") });
  const sim = await startSimulator({ marketData, optionMarket: options, clock, calendar: MarketCalendar.nyse(2024, 2024), extraRoutes: dataRoutes({ marketData, optionMarket: options }) });
  const posts = new Map<AccountId, number>();
  const brokers = new Map<AccountId, AlpacaBroker>();
  const broker = (account: AccountId): AlpacaBroker => {
    let b = brokers.get(account);
    if (b === undefined) {
      const keys = DEFAULT_SIM_ACCOUNTS.find((a) => a.id === account);
      if (!keys) throw new Error(`no simulator account ${account}`);
      const countingFetch = (url: string, init: RequestInit) => {
        if ((init.method ?? "GET") === "POST" && new URL(url).pathname === "/v2/orders") posts.set(account, (posts.get(account) ?? 0) + 1);
        return fetch(url, init);
      };
      b = createAlpacaBroker({ account, keyId: keys.keyId, secretKey: keys.secretKey, tradingUrl: sim.url, dataUrl: sim.url, fetchImpl: countingFetch, timeoutMs: 3_000, retry: false });
      brokers.set(account, b);
    }
    return b;
  };
  const cycles = new Map<AccountId, (ctx: CycleContext) => Promise<DispatchCounts>>();
  const logger = quietLogger("dispatcher");
  return {
    sim, clock, broker,
    posts: (account) => posts.get(account) ?? 0,
    async dispatch(account, now) {
      let cycle = cycles.get(account);
      if (cycle === undefined) {
        cycle = createDispatcherCycle({ db, clock, logger, broker: broker(account), account, config: defaultDispatcherSettings(account, `test-${account}`) });
        cycles.set(account, cycle);
      }
      if (now.getTime() > clock.now().getTime()) clock.advanceTo(now);
      // The world stands in for a running pipeline, whose position manager is alive: without its
      // heartbeat the dispatcher denies every entry (position_manager_alive fails closed). The dispatcher
      // ages cycle_finished_at on the database clock; updated_at carries the world's time so status
      // does not take this database for a replay.
      await db.query(
        `INSERT INTO service_heartbeats (service, account, instance, build_id, started_at, cycle_started_at, cycle_finished_at, last_success_at, cycles, updated_at)
         VALUES ('position-manager', $1, 'test', 'test', $2, $2, now(), $2, 1, $2)
         ON CONFLICT (service, account, instance) DO UPDATE SET cycle_finished_at = now(), last_success_at = $2, updated_at = $2`,
        [account, now.toISOString()],
      );
      return cycle({ now, cycleId: `test-${now.toISOString()}`, logger, signal: new AbortController().signal });
    },
    close: () => sim.close(),
  };
}

export function quietLogger(service: string): Logger {
  return createLogger({ service, buildId: "test", destination: new Writable({ write: (_c, _e, done) => done() }) });
}

/** Bars for the minutes before `until` and the features row of the newest (telemetry's and features' rows). */
export async function seedMarket(db: Queryable, until: Date, minutes = 10): Promise<void> {
  for (let i = minutes; i >= 1; i--) {
    const ts = new Date(until.getTime() - i * 60_000);
    await db.query(
      `INSERT INTO bars (symbol, ts, open, high, low, close, volume) VALUES ('AAA', $1, 100.3, 100.35, 100.25, 100.3, 1000) ON CONFLICT DO NOTHING`,
      [ts.toISOString()],
    );
  }
  await db.query(
    `INSERT INTO features (symbol, ts, close, atr14, recent_vol) VALUES ('AAA', $1, 100.3, 0.5, 0.002) ON CONFLICT DO NOTHING`,
    [new Date(until.getTime() - 60_000).toISOString()],
  );
}

let sequence = 0;

/** A fresh BUY_CALL day-trade recommendation (the signal engine's row). */
export async function insertRec(db: Queryable, createdAt: Date): Promise<string> {
  sequence += 1;
  const { rows } = await db.query<{ rec_id: unknown }>(
    `INSERT INTO recommendations (symbol, action, instrument_type, strategy_type, confidence, signal_ts, created_at, expires_at)
     VALUES ('AAA', 'BUY_CALL', 'CALL', 'day_trade', 0.8, $1, $2, $3) RETURNING rec_id`,
    [new Date(createdAt.getTime() - 30_000 - sequence).toISOString(), createdAt.toISOString(), new Date(createdAt.getTime() + 900_000).toISOString()],
  );
  return String(rows[0]?.rec_id);
}

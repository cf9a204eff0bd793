// The pipeline exactly as `pnpm start` wires it (same cycle functions, same simulator over 127.0.0.1, same
// heartbeat writes), but for a short stretch of the replayed day and on a database the test owns.
// scripts/start.ts runs main() on import, so its wiring is repeated here rather than imported.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { Writable } from "node:stream";
import { DEFAULT_SIM_ACCOUNTS, createDefaultSimulator } from "@ops/alpaca-sim";
import { createAlpacaBroker } from "@ops/broker-alpaca";
import type { Broker } from "@ops/broker-alpaca";
import { MarketCalendar, createLogger, etDateTime, loadConfig, recordCycleFinish, recordCycleStart, toError } from "@ops/core";
import type { CycleContext, Db, Logger } from "@ops/core";
import { ACCOUNT_IDS } from "@ops/trading";
import type { AccountId } from "@ops/trading";
import { configCandidateSource, createAiWatchlistCycle, loadAiWatchlistConfig } from "@ops/svc-ai-watchlist";
import { createClassifierCycle, loadClassifierConfig } from "@ops/svc-classifier";
import { createDispatcherCycle, loadDispatcherConfig } from "@ops/svc-dispatcher";
import { createFeaturesCycle, loadFeaturesConfig } from "@ops/svc-features";
import { createNewsCycle, loadNewsConfig } from "@ops/svc-news";
import { createPositionManagerCycle, positionManagerConfigSchema } from "@ops/svc-position-manager";
import { createSignalEngineCycle, loadSignalEngineConfig } from "@ops/svc-signal-engine";
import { createTelemetryCycle, loadTelemetryConfig } from "@ops/svc-telemetry";
import { createWatchlistCycle, loadWatchlistConfig } from "@ops/svc-watchlist";

const repoRoot = resolve(import.meta.dirname, "..", "..", "..");
const sharedDataDir = resolve(repoRoot, "..", "shared", "data");
const lean = join(sharedDataDir, "bars", "intraday_1min", "lean");
/** The real replayed day lives in ../shared/data (beside the checkout), as for pnpm start. */
export const HAVE_FIXTURES = existsSync(lean);
export const REPLAY_DAY = "2013-10-07";
export const REPLAY_SYMBOLS = ["SPY", "BAC", "IBM", "AIG"] as const;

type Cycle = (ctx: CycleContext) => Promise<Record<string, number> | void>;

export interface PipelineRun {
  readonly failedCycles: number;
  readonly endedAt: Date;
}

/** Runs every service once per simulated minute (news, watchlist every 5) from the open until `untilEt` (HH:MM). */
export async function runPipeline(db: Db, untilEt: string): Promise<PipelineRun> {
  const haveFixtures = HAVE_FIXTURES;
  const calendar = MarketCalendar.nyse(1998, 2030);
  const day = haveFixtures ? REPLAY_DAY : undefined;
  const sim = await createDefaultSimulator({
    sharedDataDir,
    ...(haveFixtures ? { barsDir: lean, days: [calendar.previousTradingDay(REPLAY_DAY), REPLAY_DAY], start: etDateTime(REPLAY_DAY, "09:30") } : {}),
    symbols: [...REPLAY_SYMBOLS],
    rateLimitPerMinute: 100_000,
  });
  try {
    const replayDay = day ?? sim.days[sim.days.length - 1]!;
    const tradingDay = calendar.day(replayDay);
    if (tradingDay === undefined) throw new Error(`${replayDay} is not a trading day`);
    sim.clock.advanceTo(tradingDay.open);
    const quiet = new Writable({ write: (_c, _e, done) => done() });
    const logFor = (service: string, account?: AccountId): Logger => createLogger({ service, account, instance: "test", buildId: "test", destination: quiet });
    const brokers = new Map<AccountId, Broker>();
    for (const account of ACCOUNT_IDS) {
      const keys = DEFAULT_SIM_ACCOUNTS.find((a) => a.id === account);
      if (keys === undefined) throw new Error(`the simulator has no account ${account}`);
      brokers.set(account, createAlpacaBroker({ account, keyId: keys.keyId, secretKey: keys.secretKey, tradingUrl: sim.url, dataUrl: sim.url }));
    }
    await db.query(`UPDATE risk_state SET trading_enabled = true, halted_reason = NULL, updated_at = $1, updated_by = 'test'`, [tradingDay.open]);

    const baseEnv = { DATABASE_URL: "pglite:memory", BUILD_ID: "test", OPS_CLOCK: "sim", OPS_INSTANCE: "test" };
    const feeds = await listFeeds(sim.url);
    const stages: { name: string; account?: AccountId; every: number; cycle: Cycle; logger: Logger }[] = [];
    const add = (name: string, every: number, make: (logger: Logger) => Cycle, account?: AccountId) => {
      const logger = logFor(name, account);
      stages.push({ name, every, cycle: make(logger), logger, ...(account ? { account } : {}) });
    };
    const clock = sim.clock;
    const ai = loadAiWatchlistConfig({ ...baseEnv, OPS_UNIVERSE_SYMBOLS: REPLAY_SYMBOLS.join(",") });
    add("ai-watchlist", 24 * 60, (logger) => createAiWatchlistCycle({ db, clock, logger, candidates: configCandidateSource(ai.OPS_UNIVERSE_SYMBOLS ?? [...REPLAY_SYMBOLS]), instance: "test" }));
    add("telemetry", 1, (logger) => createTelemetryCycle({ db, clock, logger, config: loadTelemetryConfig(baseEnv), broker: brokers.get("large-100k")!, calendar }));
    add("news", 5, (logger) => createNewsCycle({ db, clock, logger, config: loadNewsConfig({ ...baseEnv, OPS_NEWS_FEEDS: feeds.join(",") }) }));
    add("classifier", 1, (logger) => createClassifierCycle({ db, clock, logger, config: loadClassifierConfig(baseEnv) }));
    add("features", 1, (logger) => createFeaturesCycle({ db, clock, logger, config: loadFeaturesConfig(baseEnv) }));
    add("watchlist", 5, (logger) => createWatchlistCycle({ db, clock, logger, config: loadWatchlistConfig(baseEnv) }));
    add("signal-engine", 1, (logger) => createSignalEngineCycle({ db, clock, logger, config: loadSignalEngineConfig(baseEnv), calendar }));
    for (const account of ACCOUNT_IDS) {
      const settings = loadDispatcherConfig({ ...baseEnv, OPS_ACCOUNT: account }).settings;
      add("dispatcher", 1, (logger) => createDispatcherCycle({ db, clock, logger, broker: brokers.get(account)!, account, config: settings }), account);
    }
    for (const account of ACCOUNT_IDS) {
      const pm = loadConfig(positionManagerConfigSchema, { ...baseEnv, OPS_ACCOUNT: account, OPS_SERVICE: "position-manager", OPS_LOOP_INTERVAL_S: "60" });
      add("position-manager", 1, (logger) => createPositionManagerCycle({
        db, clock, logger, broker: brokers.get(account)!, account, calendar,
        config: { OPS_PM_CLOSING_TIMEOUT_S: pm.OPS_PM_CLOSING_TIMEOUT_S, OPS_PM_MARK_MAX_AGE_S: pm.OPS_PM_MARK_MAX_AGE_S, OPS_PM_UNRESOLVED_GRACE_S: pm.OPS_PM_UNRESOLVED_GRACE_S },
      }), account);
    }

    const end = etDateTime(replayDay, untilEt);
    let failedCycles = 0;
    let minute = 0;
    for (let t = tradingDay.open.getTime() + 60_000; t <= end.getTime(); t += 60_000, minute += 1) {
      clock.advanceTo(new Date(t));
      for (const stage of stages) {
        if (minute % stage.every !== 0) continue;
        const identity = { service: stage.name, account: stage.account, instance: "test", buildId: "test" };
        await recordCycleStart(db, identity, false);
        try {
          const counts = (await stage.cycle({ now: new Date(t), cycleId: `${stage.name}-${t}`, logger: stage.logger, signal: new AbortController().signal })) ?? {};
          await recordCycleFinish(db, identity, { counts, error: null });
        } catch (error) {
          failedCycles += 1;
          await recordCycleFinish(db, identity, { counts: {}, error: toError(error).message });
        }
      }
    }
    return { failedCycles, endedAt: end };
  } finally {
    await sim.close();
  }
}

async function listFeeds(simUrl: string): Promise<string[]> {
  const res = await fetch(`${simUrl}/rss`);
  if (!res.ok) return [];
  const body = (await res.json()) as unknown;
  const files = Array.isArray(body) ? body : (body as { feeds?: unknown }).feeds;
  if (!Array.isArray(files)) return [];
  return files
    .map((f) => (typeof f === "string" ? f : ((f as { url?: string; path?: string; file?: string }).url ?? (f as { path?: string }).path ?? (f as { file?: string }).file)))
    .filter((f): f is string => typeof f === "string")
    .map((f) => (f.startsWith("http") ? f : f.startsWith("/") ? `${simUrl}${f}` : `${simUrl}/rss/${f}`));
}

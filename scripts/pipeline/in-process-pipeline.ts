// The whole pipeline in one process: every service's real cycle function, one shared database, the local simulator
// over 127.0.0.1 and its replay clock. `npm start` drives it over a day; tests drive it over a stretch. Each
// simulated minute the clock moves and every service runs one cycle in pipeline order, with the heartbeat writes
// and error handling the loop runner gives it in production.
import type { CreateLoggerOptions } from "@ops/core";
import { createDefaultSimulator, DEFAULT_SIM_ACCOUNTS, type DefaultSimulator } from "@ops/alpaca-sim";
import { createAlpacaBroker, type Broker } from "@ops/broker-alpaca";
import {
  createLogger, etDateTime, loadConfig, recordCycleFinish, recordCycleStart, toError,
  type CycleContext, type Db, type Logger, type MarketCalendar, type TradingDay,
} from "@ops/core";
import { ACCOUNT_IDS, type AccountId } from "@ops/trading";
import { configCandidateSource, createAiWatchlistCycle } from "@ops/svc-ai-watchlist";
import { buildSentimentModel, createClassifierCycle, loadClassifierConfig } from "@ops/svc-classifier";
import { createDispatcherCycle, loadDispatcherConfig } from "@ops/svc-dispatcher";
import { createFeaturesCycle, loadFeaturesConfig } from "@ops/svc-features";
import { createNewsCycle, loadNewsConfig } from "@ops/svc-news";
import { createPositionManagerCycle, positionManagerConfigSchema, positionManagerSettings } from "@ops/svc-position-manager";
import { createSignalEngineCycle, loadSignalEngineConfig } from "@ops/svc-signal-engine";
import { createTelemetryCycle, loadTelemetryConfig } from "@ops/svc-telemetry";
import { createWatchlistCycle, loadWatchlistConfig } from "@ops/svc-watchlist";

type Cycle = (ctx: CycleContext) => Promise<Record<string, number> | void>;

interface Stage {
  readonly name: string;
  readonly account?: AccountId;
  readonly everyMinutes: number;
  readonly cycle: Cycle;
  readonly logger: Logger;
}

export interface InProcessPipelineOptions {
  readonly db: Db;
  readonly calendar: MarketCalendar;
  /** The shared fixtures folder (…/shared/data); its rss/ feeds become the news. */
  readonly sharedDataDir: string;
  /** A folder of bar files to replay; omitted → the simulator's deterministic generator. */
  readonly barsDir?: string | undefined;
  /** The trading day to replay (the previous trading day is loaded as warm-up history). */
  readonly day?: string | undefined;
  readonly symbols: readonly string[];
  /** Where the services' JSON log lines go. */
  readonly logDestination: NonNullable<CreateLoggerOptions["destination"]>;
  readonly buildId: string;
  /** Instance name in heartbeats and logs, and the actor recorded when trading is enabled. */
  readonly instance: string;
  /** Told once the sentiment model is chosen (lexicon or FinBERT, announced). */
  readonly onModel?: (name: string, reason: string | undefined) => void;
}

export interface InProcessPipeline {
  readonly sim: DefaultSimulator;
  readonly replayDay: string;
  readonly tradingDay: TradingDay;
  readonly brokers: ReadonlyMap<AccountId, Broker>;
  readonly feeds: readonly string[];
  /** Moves the clock to `at` and runs every service due in that minute; returns the number of failed cycles. */
  runMinute(at: Date): Promise<number>;
  /** Minute by minute from just after the open to `end` (inclusive); `onMinute` runs after each minute. */
  runUntil(end: Date, onMinute?: (at: Date) => Promise<void>): Promise<number>;
  close(): Promise<void>;
}

export async function startInProcessPipeline(options: InProcessPipelineOptions): Promise<InProcessPipeline> {
  const { db, calendar } = options;
  const days = options.day === undefined ? undefined : [calendar.previousTradingDay(options.day) ?? options.day, options.day];
  const sim = await createDefaultSimulator({
    sharedDataDir: options.sharedDataDir,
    ...(options.barsDir !== undefined ? { barsDir: options.barsDir } : {}),
    ...(days !== undefined ? { days } : {}),
    symbols: options.symbols,
    ...(options.day !== undefined ? { start: etDateTime(options.day, "09:30") } : {}),
    // One process drives every service; Alpaca's own limit is per account per wall minute.
    rateLimitPerMinute: 100_000,
  });
  try {
    const replayDay = options.day ?? sim.days[sim.days.length - 1]!;
    const tradingDay = calendar.day(replayDay);
    if (tradingDay === undefined) throw new Error(`${replayDay} is not a trading day`);
    sim.clock.advanceTo(tradingDay.open);

    const logFor = (service: string, account?: AccountId): Logger =>
      createLogger({ service, account, instance: options.instance, buildId: options.buildId, destination: options.logDestination });
    const brokers = new Map<AccountId, Broker>();
    for (const account of ACCOUNT_IDS) {
      const keys = DEFAULT_SIM_ACCOUNTS.find((a) => a.id === account);
      if (keys === undefined) throw new Error(`the simulator has no account ${account}`);
      brokers.set(account, createAlpacaBroker({ account, keyId: keys.keyId, secretKey: keys.secretKey, tradingUrl: sim.url, dataUrl: sim.url }));
    }
    await enableTrading(db, sim.clock.now(), options.instance, "local replay against the simulator");

    const clock = sim.clock;
    // realized:SPY: SPY's bars are replayed, so the volatility gate gets a real reading (and telemetry fetches SPY).
    const baseEnv = {
      DATABASE_URL: "pglite:memory", BUILD_ID: options.buildId, OPS_CLOCK: "sim", OPS_INSTANCE: options.instance, OPS_VOLATILITY_SOURCE: "realized:SPY",
    };
    const feeds = await simFeedUrls(sim.url);
    const stages: Stage[] = [];
    const add = (name: string, everyMinutes: number, make: (logger: Logger) => Cycle, account?: AccountId): void => {
      const logger = logFor(name, account);
      stages.push({ name, everyMinutes, cycle: make(logger), logger, ...(account ? { account } : {}) });
    };
    add("ai-watchlist", 24 * 60, (logger) => createAiWatchlistCycle({ db, clock, logger, candidates: configCandidateSource([...options.symbols]), instance: options.instance }));
    add("telemetry", 1, (logger) => createTelemetryCycle({ db, clock, logger, config: loadTelemetryConfig(baseEnv), broker: brokers.get("large-100k")!, calendar }));
    add("news", 5, (logger) => createNewsCycle({ db, clock, logger, config: loadNewsConfig({ ...baseEnv, OPS_NEWS_FEEDS: feeds.join(",") }) }));
    const classifierConfig = loadClassifierConfig(baseEnv);
    const classifierLogger = logFor("classifier");
    const sentiment = await buildSentimentModel(classifierConfig, classifierLogger);
    options.onModel?.(sentiment.model.name, sentiment.reason);
    add("classifier", 1, (logger) => createClassifierCycle({ db, clock, logger, config: classifierConfig, model: sentiment.model }));
    add("features", 1, (logger) => createFeaturesCycle({ db, clock, logger, config: loadFeaturesConfig(baseEnv) }));
    add("watchlist", 5, (logger) => createWatchlistCycle({ db, clock, logger, config: loadWatchlistConfig(baseEnv) }));
    add("signal-engine", 1, (logger) => createSignalEngineCycle({ db, clock, logger, config: loadSignalEngineConfig(baseEnv), calendar }));
    for (const account of ACCOUNT_IDS) {
      const settings = loadDispatcherConfig({ ...baseEnv, OPS_ACCOUNT: account }).settings;
      add("dispatcher", 1, (logger) => createDispatcherCycle({ db, clock, logger, broker: brokers.get(account)!, account, config: settings }), account);
    }
    for (const account of ACCOUNT_IDS) {
      const pm = loadConfig(positionManagerConfigSchema, { ...baseEnv, OPS_ACCOUNT: account, OPS_SERVICE: "position-manager", OPS_LOOP_INTERVAL_S: "60" });
      const { cycle, protections, volatility } = positionManagerSettings(pm);
      add("position-manager", 1, (logger) => createPositionManagerCycle({
        db, clock, logger, broker: brokers.get(account)!, account, calendar, config: cycle, protections, volatility,
      }), account);
    }

    const openMs = tradingDay.open.getTime();
    const runMinute = async (at: Date): Promise<number> => {
      sim.clock.advanceTo(at);
      const minute = Math.round((at.getTime() - openMs) / 60_000) - 1;
      let failures = 0;
      for (const stage of stages) {
        if (minute % stage.everyMinutes !== 0) continue;
        failures += await runStage(db, stage, at, options);
      }
      return failures;
    };
    return {
      sim, replayDay, tradingDay, brokers, feeds,
      runMinute,
      async runUntil(end, onMinute) {
        let failures = 0;
        for (let t = Math.max(openMs + 60_000, sim.clock.now().getTime() + 60_000); t <= end.getTime(); t += 60_000) {
          failures += await runMinute(new Date(t));
          await onMinute?.(new Date(t));
        }
        return failures;
      },
      close: () => sim.close(),
    };
  } catch (error) {
    await sim.close();
    throw error;
  }
}

async function runStage(db: Db, stage: Stage, now: Date, options: InProcessPipelineOptions): Promise<number> {
  const identity = { service: stage.name, account: stage.account, instance: options.instance, buildId: options.buildId };
  const cycleId = `${stage.name}-${stage.account ?? "all"}-${now.toISOString()}`;
  const logger = stage.logger.child({ cycle_id: cycleId });
  await recordCycleStart(db, identity, false);
  try {
    const counts = (await stage.cycle({ now, cycleId, logger, signal: new AbortController().signal })) ?? {};
    logger.info({ event: "cycle.done", counts }, "cycle done");
    await recordCycleFinish(db, identity, { counts, error: null });
    return 0;
  } catch (err) {
    const error = toError(err);
    logger.error({ event: "cycle.failed", error: { name: error.name, message: error.message } }, "cycle failed");
    await recordCycleFinish(db, identity, { counts: {}, error: error.message });
    return 1;
  }
}

/**
 * Trading starts disabled on a new database (risk_state is seeded off: the safe default). A replay turns both
 * simulator accounts on, and records it in the ops audit log like any operator action.
 */
export async function enableTrading(db: Db, at: Date, actor: string, reason: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`UPDATE risk_state SET trading_enabled = true, halted_reason = NULL, updated_at = $1, updated_by = $2`, [at, actor]);
    await tx.query(
      `INSERT INTO ops_audit_log (at, actor, action, target, detail) VALUES ($1, $2, 'enable_trading', 'all simulator accounts', $3)`,
      [at, actor, JSON.stringify({ reason })],
    );
  });
}

/** Absolute URLs of the simulator's replayed RSS feeds (its public GET /rss lists them). */
export async function simFeedUrls(simUrl: string): Promise<string[]> {
  const res = await fetch(`${simUrl}/rss`);
  if (!res.ok) throw new Error(`GET ${simUrl}/rss answered ${res.status}`);
  const body = (await res.json()) as { feeds?: { path?: unknown }[] };
  return (body.feeds ?? []).map((f) => f.path).filter((p): p is string => typeof p === "string").map((p) => `${simUrl}${p}`);
}

// `npm start` / `pnpm start`: the whole pipeline on embedded defaults. Every service runs in this one process on
// one shared database (a PGlite file by default), against the local Alpaca-compatible simulator, on the
// simulator's replay clock: each simulated minute the clock moves forward and every service runs one cycle, in
// pipeline order, exactly as its LOOP would in production (same cycle functions, same SQL, same broker client
// over HTTP). Ends with a summary per account.
import { mkdirSync, existsSync, createWriteStream } from "node:fs";
import { resolve, join } from "node:path";
import { parseArgs } from "node:util";
import { createDefaultSimulator, DEFAULT_SIM_ACCOUNTS, type DefaultSimulator } from "@ops/alpaca-sim";
import { createAlpacaBroker, type Broker } from "@ops/broker-alpaca";
import {
  createLogger, etDateTime, etParts, MarketCalendar, openDb, runMigrations, recordCycleFinish, recordCycleStart,
  toError, type CycleContext, type Db, type Logger,
} from "@ops/core";
import { ACCOUNT_IDS, type AccountId } from "@ops/trading";
import { createTelemetryCycle, loadTelemetryConfig } from "@ops/svc-telemetry";
import { createNewsCycle, loadNewsConfig } from "@ops/svc-news";
import { buildSentimentModel, createClassifierCycle, loadClassifierConfig } from "@ops/svc-classifier";
import { createFeaturesCycle, loadFeaturesConfig } from "@ops/svc-features";
import { createWatchlistCycle, loadWatchlistConfig } from "@ops/svc-watchlist";
import { createAiWatchlistCycle, configCandidateSource, loadAiWatchlistConfig } from "@ops/svc-ai-watchlist";
import { createSignalEngineCycle, loadSignalEngineConfig } from "@ops/svc-signal-engine";
import { createDispatcherCycle, loadDispatcherConfig } from "@ops/svc-dispatcher";
import { createPositionManagerCycle, positionManagerConfigSchema } from "@ops/svc-position-manager";
import { loadConfig } from "@ops/core";
import { printSummary, readSummary } from "./start-summary.js";
import { writeReport } from "./report/write-report.js";

const repoRoot = resolve(import.meta.dirname, "..");
const DEFAULT_DAY = "2013-10-07";
const DEFAULT_SYMBOLS = ["SPY", "BAC", "IBM", "AIG"];

const HELP = `Usage: npm start -- [options]   (or: pnpm start -- [options])

Runs every ops-pipeline service in one process over one replayed trading day, against the local
Alpaca-compatible simulator (paper only: nothing leaves 127.0.0.1), then prints a summary per account.

Options:
  --day YYYY-MM-DD     trading day to replay (default ${DEFAULT_DAY}; the day before is loaded as warm-up history)
  --symbols A,B,...    symbols to trade (default ${DEFAULT_SYMBOLS.join(",")})
  --data PATH          folder of bar files to replay instead of ../shared/data (Lean minute zips or CSV with timestamps)
  --database URL       pglite:<dir> (default pglite:.data/pipeline) or a postgres:// URL
  --speed N            simulated minutes per real second (default 0 = as fast as possible)
  --fresh              delete the default PGlite database first (default: on; --no-fresh keeps it)
  --report PATH        write the replay report (HTML, works offline) there at the end (default .data/report.html)
  --help               this text
`;

interface StartOptions {
  day: string | undefined;
  symbols: string[];
  data: string | undefined;
  database: string;
  speed: number;
  fresh: boolean;
  report: string;
}

function parseOptions(argv: string[]): StartOptions | "help" {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== "--"),
    options: {
      day: { type: "string" }, symbols: { type: "string" }, data: { type: "string" }, database: { type: "string" },
      speed: { type: "string" }, fresh: { type: "boolean", default: true }, "no-fresh": { type: "boolean" },
      report: { type: "string" }, help: { type: "boolean" },
    },
    strict: true,
  });
  if (values.help) return "help";
  const speed = values.speed === undefined ? 0 : Number(values.speed);
  if (!Number.isFinite(speed) || speed < 0) throw new Error(`--speed: expected a number >= 0, got ${values.speed}`);
  if (values.day !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.day)) throw new Error(`--day: expected YYYY-MM-DD, got ${values.day}`);
  const symbols = (values.symbols ?? DEFAULT_SYMBOLS.join(",")).split(",").map((s) => s.trim().toUpperCase()).filter(Boolean);
  return {
    day: values.day,
    symbols,
    data: values.data,
    database: values.database ?? `pglite:${join(repoRoot, ".data", "pipeline")}`,
    speed,
    fresh: values["no-fresh"] ? false : values.fresh !== false,
    report: resolve(values.report ?? join(repoRoot, ".data", "report.html")),
  };
}

type Cycle = (ctx: CycleContext) => Promise<Record<string, number> | void>;
interface Stage { name: string; account?: AccountId; everyMinutes: number; cycle: Cycle; logger: Logger }

async function main(): Promise<number> {
  let options: StartOptions | "help";
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (err) {
    console.error(`${toError(err).message}\n\n${HELP}`);
    return 2;
  }
  if (options === "help") {
    process.stdout.write(HELP);
    return 0;
  }
  const startedMs = performance.now();
  const sharedDataDir = resolve(repoRoot, "..", "shared", "data");
  const dataDir = options.data ?? (existsSync(join(sharedDataDir, "bars")) ? join(sharedDataDir, "bars", "intraday_1min", "lean") : undefined);

  const day = options.day ?? (dataDir === undefined ? undefined : DEFAULT_DAY);
  const calendar = MarketCalendar.nyse(1998, 2030);
  const days = day === undefined ? undefined : [calendar.previousTradingDay(day) ?? day, day];

  const runDir = join(repoRoot, ".data");
  mkdirSync(runDir, { recursive: true });
  const logFile = join(runDir, "pipeline.log.jsonl");
  const logStream = createWriteStream(logFile, { flags: "w" });

  console.log(`ops-pipeline: replaying ${day ?? "a generated day"} for ${options.symbols.join(", ")} ` +
    `(data: ${dataDir ?? "deterministic generator"}; database: ${options.database.replace(/:[^:@/]*@/, ":***@")})`);

  const sim: DefaultSimulator = await createDefaultSimulator({
    sharedDataDir,
    ...(dataDir !== undefined ? { barsDir: dataDir } : {}),
    ...(days !== undefined ? { days } : {}),
    symbols: options.symbols,
    ...(day !== undefined ? { start: etDateTime(day, "09:30") } : {}),
    rateLimitPerMinute: 100_000, // one process drives all services; real Alpaca limits are per account per wall minute
  });
  const replayDay = day ?? sim.days[sim.days.length - 1]!;
  const tradingDay = calendar.day(replayDay);
  if (tradingDay === undefined) throw new Error(`${replayDay} is not a trading day`);
  sim.clock.advanceTo(tradingDay.open);

  if (options.fresh && options.database.startsWith("pglite:") && options.database === `pglite:${join(repoRoot, ".data", "pipeline")}`) {
    const { rmSync } = await import("node:fs");
    rmSync(join(repoRoot, ".data", "pipeline"), { recursive: true, force: true });
  }
  const db = await openDb(options.database);
  try {
    const migrated = await runMigrations(db);
    const universe = options.symbols.join(",");
    const buildId = process.env.BUILD_ID ?? "local";
    const logFor = (service: string, account?: AccountId): Logger =>
      createLogger({ service, account, instance: "start", buildId, destination: logStream });
    const brokers = new Map<AccountId, Broker>();
    for (const account of ACCOUNT_IDS) {
      const keys = DEFAULT_SIM_ACCOUNTS.find((a) => a.id === account);
      if (keys === undefined) throw new Error(`the simulator has no account ${account}`);
      brokers.set(account, createAlpacaBroker({ account, keyId: keys.keyId, secretKey: keys.secretKey, tradingUrl: sim.url, dataUrl: sim.url }));
    }
    const dataBroker = brokers.get("large-100k")!;
    await enableTrading(db, sim.clock.now());

    const baseEnv = { DATABASE_URL: options.database, BUILD_ID: buildId, OPS_CLOCK: "sim", OPS_INSTANCE: "start" };
    const feeds = await listSimFeeds(sim.url);
    const stages: Stage[] = [];
    const add = (name: string, everyMinutes: number, cycle: Cycle, logger: Logger, account?: AccountId): void => {
      stages.push({ name, everyMinutes, cycle, logger, ...(account ? { account } : {}) });
    };
    const aiLogger = logFor("ai-watchlist");
    const aiConfig = loadAiWatchlistConfig({ ...baseEnv, OPS_UNIVERSE_SYMBOLS: universe });
    add("ai-watchlist", 24 * 60, createAiWatchlistCycle({ db, clock: sim.clock, logger: aiLogger, candidates: configCandidateSource(aiConfig.OPS_UNIVERSE_SYMBOLS ?? options.symbols), instance: "start" }), aiLogger);
    const tLogger = logFor("telemetry");
    add("telemetry", 1, createTelemetryCycle({ db, clock: sim.clock, logger: tLogger, config: loadTelemetryConfig(baseEnv), broker: dataBroker, calendar }), tLogger);
    const nLogger = logFor("news");
    add("news", 5, createNewsCycle({ db, clock: sim.clock, logger: nLogger, config: loadNewsConfig({ ...baseEnv, OPS_NEWS_FEEDS: feeds.join(",") }) }), nLogger);
    const cLogger = logFor("classifier");
    const classifierConfig = loadClassifierConfig(baseEnv);
    const sentiment = await buildSentimentModel(classifierConfig, cLogger);
    console.log(`sentiment model: ${sentiment.model.name}${sentiment.reason ? ` (${sentiment.reason})` : ""}`);
    add("classifier", 1, createClassifierCycle({ db, clock: sim.clock, logger: cLogger, config: classifierConfig, model: sentiment.model }), cLogger);
    const fLogger = logFor("features");
    add("features", 1, createFeaturesCycle({ db, clock: sim.clock, logger: fLogger, config: loadFeaturesConfig(baseEnv) }), fLogger);
    const wLogger = logFor("watchlist");
    add("watchlist", 5, createWatchlistCycle({ db, clock: sim.clock, logger: wLogger, config: loadWatchlistConfig(baseEnv) }), wLogger);
    const sLogger = logFor("signal-engine");
    add("signal-engine", 1, createSignalEngineCycle({ db, clock: sim.clock, logger: sLogger, config: loadSignalEngineConfig(baseEnv), calendar }), sLogger);
    for (const account of ACCOUNT_IDS) {
      const broker = brokers.get(account)!;
      const dLogger = logFor("dispatcher", account);
      const dispatcher = loadDispatcherConfig({ ...baseEnv, OPS_ACCOUNT: account });
      add("dispatcher", 1, createDispatcherCycle({ db, clock: sim.clock, logger: dLogger, broker, account, config: dispatcher.settings }), dLogger, account);
    }
    for (const account of ACCOUNT_IDS) {
      const broker = brokers.get(account)!;
      const pLogger = logFor("position-manager", account);
      const pm = loadConfig(positionManagerConfigSchema, { ...baseEnv, OPS_ACCOUNT: account, OPS_SERVICE: "position-manager", OPS_LOOP_INTERVAL_S: "60" });
      add("position-manager", 1, createPositionManagerCycle({ db, clock: sim.clock, logger: pLogger, broker, account, calendar, config: {
        OPS_PM_CLOSING_TIMEOUT_S: pm.OPS_PM_CLOSING_TIMEOUT_S, OPS_PM_MARK_MAX_AGE_S: pm.OPS_PM_MARK_MAX_AGE_S, OPS_PM_UNRESOLVED_GRACE_S: pm.OPS_PM_UNRESOLVED_GRACE_S,
      } }), pLogger, account);
    }

    console.log(`database ready (${migrated.applied.length} migrations applied); ${feeds.length} news feeds; logs: ${logFile}`);
    const endAt = new Date(tradingDay.close.getTime() + 5 * 60_000);
    let minute = 0;
    let failures = 0;
    for (let t = tradingDay.open.getTime() + 60_000; t <= endAt.getTime(); t += 60_000, minute += 1) {
      const tickStartedMs = performance.now();
      sim.clock.advanceTo(new Date(t));
      for (const stage of stages) {
        if (minute % stage.everyMinutes !== 0) continue;
        failures += await runStage(db, stage, new Date(t), buildId);
      }
      const { minutesOfDay } = etParts(new Date(t));
      if (minutesOfDay % 30 === 0 || t === endAt.getTime()) console.log(await progressLine(db, new Date(t)));
      if (options.speed > 0) {
        const waitMs = 1000 / options.speed - (performance.now() - tickStartedMs);
        if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
      }
    }
    const summary = await readSummary(db, replayDay, await accountEquity(brokers));
    printSummary(summary, { failures, seconds: (performance.now() - startedMs) / 1000, replayDay });
    await writeReport(db, options.report, { from: etDateTime(replayDay, "00:00"), to: new Date(endAt.getTime() + 60_000), regularSessionOnly: true, now: new Date() });
    console.log(`replay report: ${options.report}`);
    return 0;
  } finally {
    await db.close();
    await sim.close();
    await new Promise<void>((r) => logStream.end(() => r()));
  }
}

/** One cycle of one service, with the same heartbeat and error handling the loop runner gives it in production. */
async function runStage(db: Db, stage: Stage, now: Date, buildId: string): Promise<number> {
  const identity = { service: stage.name, account: stage.account, instance: "start", buildId };
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
 * Trading starts disabled on a new database (risk_state is seeded off: the safe default). The local run turns both
 * simulator accounts on, and says so in the ops audit log like any operator action would.
 */
async function enableTrading(db: Db, at: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`UPDATE risk_state SET trading_enabled = true, halted_reason = NULL, updated_at = $1, updated_by = 'npm start'`, [at]);
    await tx.query(
      `INSERT INTO ops_audit_log (at, actor, action, target, detail) VALUES ($1, 'npm start', 'enable_trading', 'all simulator accounts', $2)`,
      [at, JSON.stringify({ reason: "local replay against the simulator" })],
    );
  });
}

async function listSimFeeds(simUrl: string): Promise<string[]> {
  const res = await fetch(`${simUrl}/rss`);
  if (!res.ok) return [];
  const body = (await res.json()) as unknown;
  const files = Array.isArray(body) ? body : (body as { feeds?: unknown }).feeds;
  if (!Array.isArray(files)) return [];
  return files
    .map((f) => (typeof f === "string" ? f : (f as { url?: string; file?: string; path?: string }).url ?? (f as { path?: string }).path ?? (f as { file?: string }).file))
    .filter((f): f is string => typeof f === "string")
    .map((f) => (f.startsWith("http") ? f : f.startsWith("/") ? `${simUrl}${f}` : `${simUrl}/rss/${f}`));
}

async function accountEquity(brokers: Map<AccountId, Broker>): Promise<Map<AccountId, number>> {
  const out = new Map<AccountId, number>();
  for (const [account, broker] of brokers) {
    try {
      out.set(account, (await broker.getAccount()).equity);
    } catch {
      /* the summary shows "n/a" */
    }
  }
  return out;
}

async function progressLine(db: Db, now: Date): Promise<string> {
  const { rows } = await db.query<{ bars: number; articles: number; recs: number; orders: number; fills: number; open: number; closed: number }>(
    `SELECT (SELECT count(*) FROM bars)::int AS bars,
            (SELECT count(*) FROM news_articles)::int AS articles,
            (SELECT count(*) FROM recommendations)::int AS recs,
            (SELECT count(*) FROM orders)::int AS orders,
            (SELECT count(*) FROM fills)::int AS fills,
            (SELECT count(*) FROM positions WHERE status <> 'closed')::int AS open,
            (SELECT count(*) FROM positions WHERE status = 'closed')::int AS closed`,
  );
  const r = rows[0]!;
  const p = etParts(now);
  const hhmm = `${String(p.hour).padStart(2, "0")}:${String(p.minute).padStart(2, "0")}`;
  return `${p.dateString} ${hhmm} ET  bars ${r.bars}  articles ${r.articles}  recs ${r.recs}  orders ${r.orders}  fills ${r.fills}  positions open ${r.open} closed ${r.closed}`;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`ops-pipeline start failed: ${toError(err).stack ?? String(err)}`);
    process.exit(1);
  },
);

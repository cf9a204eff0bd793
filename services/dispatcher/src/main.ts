// Process entry: node --import tsx --conditions=development services/dispatcher/src/main.ts
// One process per account (OPS_ACCOUNT), holding the (dispatcher, account) lease while it runs.
import { pathToFileURL } from "node:url";
import { BrokerClock, brokerFromEnv } from "@ops/broker-alpaca";
import {
  ConfigError,
  WallClock,
  assertSchemaCurrent,
  createLogger,
  exitOnConfigError,
  logStartup,
  openDb,
  runLoop,
  serializeError,
} from "@ops/core";
import type { Clock, Db, EnvSource } from "@ops/core";
import { loadDispatcherConfig, riskProblemsForEquity } from "./config.js";
import type { LoadedDispatcherConfig } from "./config.js";
import { createDispatcherCycle } from "./cycle.js";
import { startingEquity } from "./queries.js";

export async function main(env: EnvSource = process.env): Promise<number> {
  const buildId = env.BUILD_ID?.trim() || "dev";
  const bootLogger = createLogger({ service: env.OPS_SERVICE?.trim() || "dispatcher", account: env.OPS_ACCOUNT, buildId });
  let loaded: LoadedDispatcherConfig;
  try {
    loaded = loadDispatcherConfig(env);
  } catch (error) {
    exitOnConfigError(error, bootLogger);
  }
  const { env: cfg, settings } = loaded;
  const logger = createLogger({ service: cfg.OPS_SERVICE, account: cfg.OPS_ACCOUNT, instance: cfg.OPS_INSTANCE, buildId: cfg.BUILD_ID, level: cfg.LOG_LEVEL });
  logStartup(logger, { ...cfg, risk: settings.risk, risk_sources: loaded.riskSources, sizing: settings.sizing });

  let db: Db | undefined;
  try {
    // This account's own keys or no start at all (seed 12), checked before anything else is opened.
    const broker = await brokerFromEnv(settings.account, env);

    db = await openDb(cfg.DATABASE_URL);
    await assertSchemaCurrent(db);
    const equity = await startingEquity(db, settings.account);
    if (equity === null) throw new ConfigError(`OPS_ACCOUNT: account ${settings.account} is not in the accounts table`);
    const problems = riskProblemsForEquity(settings.risk, equity);
    if (problems.length > 0) throw new ConfigError(problems.join("\n"));

    const clock: Clock = cfg.OPS_CLOCK === "sim" ? await BrokerClock.create(broker) : new WallClock();

    const crashAt = cfg.OPS_TEST_CRASH_AT;
    const testCrashHook =
      crashAt === undefined
        ? undefined
        : (point: string) => {
            if (point !== crashAt) return;
            logger.warn({ event: "test.crash", point }, "OPS_TEST_CRASH_AT reached: killing the process");
            // A real crash: no finally blocks, no graceful close, no flushed state beyond what is committed.
            process.kill(process.pid, "SIGKILL");
          };
    const runCycle = createDispatcherCycle({
      db, clock, logger, broker, account: settings.account, config: settings,
      ...(testCrashHook !== undefined ? { testCrashHook } : {}),
    });
    return await runLoop({
      name: "dispatcher",
      mode: cfg.MODE,
      intervalMs: cfg.OPS_LOOP_INTERVAL_S * 1000,
      clock,
      logger,
      db,
      identity: { service: cfg.OPS_SERVICE, account: settings.account, instance: cfg.OPS_INSTANCE, buildId: cfg.BUILD_ID },
      lease: true,
      runCycle,
    });
  } catch (error) {
    if (error instanceof ConfigError || (error instanceof Error && error.name === "BrokerConfigError")) {
      await db?.close().catch(() => undefined);
      exitOnConfigError(error, logger);
    }
    logger.fatal({ event: "service.failed", error: serializeError(error) }, "dispatcher stopped on an error");
    return 1;
  } finally {
    await db?.close().catch(() => undefined);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`dispatcher: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}

import { pathToFileURL } from "node:url";
import { assertSchemaCurrent, createLogger, exitOnConfigError, logStartup, openDb, runLoop } from "@ops/core";
import { brokerFromEnv, clockFromEnv } from "@ops/broker-alpaca";
import { loadSignalEngineConfig } from "./config.js";
import type { SignalEngineConfig } from "./config.js";
import { createSignalEngineCycle } from "./cycle.js";

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const logger = createLogger({ service: env.OPS_SERVICE?.trim() || "signal-engine", buildId: env.BUILD_ID?.trim() || "dev" });
  let config: SignalEngineConfig;
  try {
    config = loadSignalEngineConfig(env);
  } catch (error) {
    exitOnConfigError(error, logger);
  }
  logger.level = config.LOG_LEVEL;
  const log = logger.child({ instance: config.OPS_INSTANCE });
  logStartup(log, config);

  const db = await openDb(config.DATABASE_URL);
  try {
    await assertSchemaCurrent(db);
    const clock = await clockFromEnv(config.OPS_CLOCK, () => brokerFromEnv(config.OPS_DATA_ACCOUNT, env));
    return await runLoop({
      name: "signal-engine",
      mode: config.MODE,
      intervalMs: config.OPS_LOOP_INTERVAL_S * 1000,
      clock,
      logger: log,
      db,
      identity: { service: config.OPS_SERVICE, instance: config.OPS_INSTANCE, buildId: config.BUILD_ID },
      lease: true,
      runCycle: createSignalEngineCycle({ db, clock, logger: log, config }),
    });
  } finally {
    await db.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => exitOnConfigError(error),
  );
}

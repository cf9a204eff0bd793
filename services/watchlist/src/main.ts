import { pathToFileURL } from "node:url";
import { assertSchemaCurrent, createLogger, exitOnConfigError, logStartup, openDb, runLoop } from "@ops/core";
import { brokerFromEnv, clockFromEnv } from "@ops/broker-alpaca";
import { loadWatchlistConfig } from "./config.js";
import type { WatchlistServiceConfig } from "./config.js";
import { createWatchlistCycle } from "./cycle.js";

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const logger = createLogger({ service: env.OPS_SERVICE?.trim() || "watchlist", buildId: env.BUILD_ID?.trim() || "dev" });
  let config: WatchlistServiceConfig;
  try {
    config = loadWatchlistConfig(env);
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
      name: "watchlist",
      mode: config.MODE,
      intervalMs: config.OPS_LOOP_INTERVAL_S * 1000,
      clock,
      logger: log,
      db,
      identity: { service: config.OPS_SERVICE, instance: config.OPS_INSTANCE, buildId: config.BUILD_ID },
      lease: true,
      runCycle: createWatchlistCycle({ db, clock, logger: log, config }),
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

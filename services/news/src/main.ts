import { pathToFileURL } from "node:url";
import { ConfigError, assertSchemaCurrent, createLogger, exitOnConfigError, logStartup, openDb, runLoop, toError } from "@ops/core";
import { brokerFromEnv, clockFromEnv } from "@ops/broker-alpaca";
import { loadNewsConfig } from "./config.js";
import type { NewsConfig } from "./config.js";
import { createNewsCycle } from "./cycle.js";
import { loadCompanyNames } from "./load-company-names.js";

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const logger = createLogger({ service: env.OPS_SERVICE?.trim() || "news", buildId: env.BUILD_ID?.trim() || "dev" });
  let config: NewsConfig;
  let companyNames: Map<string, string>;
  try {
    config = loadNewsConfig(env);
    companyNames = await loadCompanyNames(config.OPS_NEWS_COMPANY_NAMES_FILE).catch((error: unknown) => {
      const message = `OPS_NEWS_COMPANY_NAMES_FILE: ${toError(error).message}`;
      throw new ConfigError(message, { cause: error, issues: [{ variable: "OPS_NEWS_COMPANY_NAMES_FILE", message }] });
    });
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
      name: "news",
      mode: config.MODE,
      intervalMs: config.OPS_LOOP_INTERVAL_S * 1000,
      clock,
      logger: log,
      db,
      identity: { service: config.OPS_SERVICE, instance: config.OPS_INSTANCE, buildId: config.BUILD_ID },
      // One poller: a second instance waits instead of fetching every feed twice.
      lease: true,
      runCycle: createNewsCycle({ db, clock, logger: log, config, companyNames }),
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

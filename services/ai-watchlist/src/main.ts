import { pathToFileURL } from "node:url";
import { ConfigError, assertSchemaCurrent, createLogger, exitOnConfigError, logStartup, openDb, runLoop } from "@ops/core";
import { brokerFromEnv, clockFromEnv } from "@ops/broker-alpaca";
import { loadAiWatchlistConfig } from "./config.js";
import type { AiWatchlistConfig } from "./config.js";
import { configCandidateSource } from "./config-candidate-source.js";
import { createAiWatchlistCycle } from "./cycle.js";

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const logger = createLogger({ service: env.OPS_SERVICE?.trim() || "ai-watchlist", buildId: env.BUILD_ID?.trim() || "dev" });
  let config: AiWatchlistConfig;
  try {
    config = loadAiWatchlistConfig(env);
    if (config.OPS_BEDROCK_MODEL_ID !== undefined) {
      // The seam is CandidateSource; until a Bedrock source exists, refusing beats pretending.
      throw new ConfigError(
        "OPS_BEDROCK_MODEL_ID: the Bedrock candidate source is not implemented yet; unset it to run in no-AI mode",
        { issues: [{ variable: "OPS_BEDROCK_MODEL_ID", message: "Bedrock candidate source not implemented yet" }] },
      );
    }
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
    const candidates = configCandidateSource(config.OPS_UNIVERSE_SYMBOLS ?? []);
    return await runLoop({
      name: "ai-watchlist",
      mode: config.MODE,
      intervalMs: config.OPS_LOOP_INTERVAL_S * 1000,
      clock,
      logger: log,
      db,
      identity: { service: config.OPS_SERVICE, instance: config.OPS_INSTANCE, buildId: config.BUILD_ID },
      lease: true,
      runCycle: createAiWatchlistCycle({ db, clock, logger: log, candidates, instance: config.OPS_INSTANCE }),
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

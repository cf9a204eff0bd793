import { pathToFileURL } from "node:url";
import { assertSchemaCurrent, createLogger, exitOnConfigError, logStartup, openDb, runLoop } from "@ops/core";
import { createLexiconSentimentModel, type SentimentModel } from "@ops/trading";
import { buildClock } from "./build-clock.js";
import { loadClassifierConfig } from "./config.js";
import type { ClassifierConfig, ClassifierModelName } from "./config.js";
import { createClassifierCycle } from "./cycle.js";

/** The configured model; FinBERT plugs in here behind the same SentimentModel interface. */
function buildModel(name: ClassifierModelName): SentimentModel {
  switch (name) {
    case "lexicon":
      return createLexiconSentimentModel();
  }
}

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const logger = createLogger({ service: env.OPS_SERVICE?.trim() || "classifier", buildId: env.BUILD_ID?.trim() || "dev" });
  let config: ClassifierConfig;
  try {
    config = loadClassifierConfig(env);
  } catch (error) {
    exitOnConfigError(error, logger);
  }
  logger.level = config.LOG_LEVEL;
  const log = logger.child({ instance: config.OPS_INSTANCE });
  logStartup(log, config);
  const model = buildModel(config.OPS_CLASSIFIER_MODEL);

  const db = await openDb(config.DATABASE_URL);
  try {
    await assertSchemaCurrent(db);
    const clock = await buildClock(config.OPS_CLOCK, config.OPS_DATA_ACCOUNT, env);
    return await runLoop({
      name: "classifier",
      mode: config.MODE,
      intervalMs: config.OPS_LOOP_INTERVAL_S * 1000,
      clock,
      logger: log,
      db,
      identity: { service: config.OPS_SERVICE, instance: config.OPS_INSTANCE, buildId: config.BUILD_ID },
      // SKIP LOCKED makes parallel classifiers safe, but one is enough; extras wait as hot standbys.
      lease: true,
      runCycle: createClassifierCycle({ db, clock, logger: log, config, model }),
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

import { pathToFileURL } from "node:url";
import { assertSchemaCurrent, createLogger, exitOnConfigError, logStartup, openDb, runLoop } from "@ops/core";
import { buildClock } from "./build-clock.js";
import { buildSentimentModel } from "./build-model.js";
import { loadClassifierConfig } from "./config.js";
import type { ClassifierConfig } from "./config.js";
import { createClassifierCycle } from "./cycle.js";
import { listenForArticles } from "./listen-for-articles.js";
import { wakeableClock } from "./wakeable-clock.js";

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
  // Before the database: missing model files mean lexicon mode (announced); broken ones stop the
  // service here with a message naming the file.
  const choice = await buildSentimentModel(config, log).catch((error: unknown) => exitOnConfigError(error, log));

  const db = await openDb(config.DATABASE_URL);
  try {
    await assertSchemaCurrent(db);
    const clock = wakeableClock(await buildClock(config.OPS_CLOCK, config.OPS_DATA_ACCOUNT, env));
    const unlisten = await listenForArticles(db, config.OPS_CLASSIFIER_WAKE_CHANNEL, clock, log);
    const cycle = createClassifierCycle({ db, clock, logger: log, config, model: choice.model });
    try {
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
        // The heartbeat's counts carry the fallback, so the status output shows lexicon mode too.
        runCycle: async (ctx) => ({ ...(await cycle(ctx)), lexicon_fallback: choice.mode === "lexicon-fallback" ? 1 : 0 }),
      });
    } finally {
      await unlisten().catch(() => undefined);
      await choice.dispose().catch(() => undefined);
    }
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

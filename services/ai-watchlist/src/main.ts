import { pathToFileURL } from "node:url";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { assertSchemaCurrent, createLogger, exitOnConfigError, logStartup, openDb, runLoop } from "@ops/core";
import { brokerFromEnv, clockFromEnv } from "@ops/broker-alpaca";
import { loadAiWatchlistConfig } from "./config.js";
import type { AiWatchlistConfig } from "./config.js";
import { configCandidateSource } from "./config-candidate-source.js";
import type { AiRunSettings } from "./ai-run.js";
import { createAiWatchlistCycle } from "./cycle.js";

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const logger = createLogger({ service: env.OPS_SERVICE?.trim() || "ai-watchlist", buildId: env.BUILD_ID?.trim() || "dev" });
  let config: AiWatchlistConfig;
  try {
    config = loadAiWatchlistConfig(env);
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
    const runCycle = config.OPS_BEDROCK_MODEL_ID === undefined
      ? createAiWatchlistCycle({ db, clock, logger: log, candidates: configCandidateSource(config.OPS_UNIVERSE_SYMBOLS ?? []), instance: config.OPS_INSTANCE })
      : createAiWatchlistCycle({
          db, clock, logger: log, instance: config.OPS_INSTANCE,
          ai: await aiSettings(config, config.OPS_BEDROCK_MODEL_ID, env),
          forceFirstRun: config.MODE === "ONCE",
        });
    return await runLoop({
      name: "ai-watchlist",
      mode: config.MODE,
      intervalMs: config.OPS_LOOP_INTERVAL_S * 1000,
      clock,
      logger: log,
      db,
      identity: { service: config.OPS_SERVICE, instance: config.OPS_INSTANCE, buildId: config.BUILD_ID },
      lease: true,
      runCycle,
    });
  } finally {
    await db.close();
  }
}

async function aiSettings(config: AiWatchlistConfig, modelId: string, env: NodeJS.ProcessEnv): Promise<AiRunSettings> {
  const region = config.OPS_BEDROCK_REGION;
  return {
    // Credentials come from the AWS SDK's default chain (task role, profile); none pass through our config.
    bedrock: new BedrockRuntimeClient(region === undefined ? {} : { region }),
    broker: await brokerFromEnv(config.OPS_DATA_ACCOUNT, env),
    modelId,
    temperature: config.OPS_AI_TEMPERATURE,
    maxTokens: config.OPS_AI_MAX_TOKENS,
    timeoutMs: config.OPS_AI_TIMEOUT_S * 1000,
    schedule: { weekday: config.OPS_AI_WEEKDAY, time: config.OPS_AI_TIME },
    maxAttemptsPerWeek: config.OPS_AI_MAX_ATTEMPTS_PER_WEEK,
    candidateCount: config.OPS_AI_CANDIDATES,
    check: { optionWeeks: config.OPS_AI_OPTION_WEEKS, barsLookbackDays: config.OPS_AI_BARS_LOOKBACK_DAYS },
    context: { news: 10, surges: 10, tracked: 15, surgeRatio: 2 },
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => exitOnConfigError(error),
  );
}

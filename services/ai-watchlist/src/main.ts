// Process entry: node --conditions=development --import tsx services/ai-watchlist/src/main.ts
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { brokerFromEnv, clockFromEnv } from "@ops/broker-alpaca";
import { isEntryModule, runAsProcess, runServiceMain, type EnvSource } from "@ops/core";
import { loadAiWatchlistConfig } from "./config.js";
import type { AiWatchlistConfig } from "./config.js";
import { configCandidateSource } from "./config-candidate-source.js";
import type { AiRunSettings } from "./ai-run.js";
import { createAiWatchlistCycle } from "./cycle.js";

export function main(env: EnvSource = process.env): Promise<number> {
  return runServiceMain({
    name: "ai-watchlist",
    loadConfig: loadAiWatchlistConfig,
    setup: async ({ config, db, logger }) => {
      const clock = await clockFromEnv(config.OPS_CLOCK, () => brokerFromEnv(config.OPS_DATA_ACCOUNT, env));
      const runCycle = config.OPS_BEDROCK_MODEL_ID === undefined
        ? createAiWatchlistCycle({ db, clock, logger, candidates: configCandidateSource(config.OPS_UNIVERSE_SYMBOLS ?? []), instance: config.OPS_INSTANCE })
        : createAiWatchlistCycle({
            db, clock, logger, instance: config.OPS_INSTANCE,
            ai: await aiSettings(config, config.OPS_BEDROCK_MODEL_ID, env),
            forceFirstRun: config.MODE === "ONCE",
          });
      return { clock, runCycle };
    },
  }, env);
}

async function aiSettings(config: AiWatchlistConfig, modelId: string, env: EnvSource): Promise<AiRunSettings> {
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

if (isEntryModule(import.meta.url)) runAsProcess(() => main());

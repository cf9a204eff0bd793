// Process entry: node --conditions=development --import tsx services/classifier/src/main.ts
import { brokerFromEnv, clockFromEnv } from "@ops/broker-alpaca";
import { isEntryModule, runAsProcess, runServiceMain, type EnvSource } from "@ops/core";
import { buildSentimentModel, type ModelChoice } from "./build-model.js";
import { loadClassifierConfig } from "./config.js";
import { createClassifierCycle } from "./cycle.js";

export function main(env: EnvSource = process.env): Promise<number> {
  let choice: ModelChoice | undefined;
  return runServiceMain({
    name: "classifier",
    loadConfig: loadClassifierConfig,
    // The news service's "articles committed" notification starts a cycle early; the interval stays the fallback.
    wakeOn: (config) => config.OPS_CLASSIFIER_WAKE_CHANNEL,
    // Before the database: missing model files mean lexicon mode (announced); broken ones stop the service here
    // with a message naming the file.
    preflight: async (config, logger) => {
      choice = await buildSentimentModel(config, logger);
    },
    // SKIP LOCKED makes parallel classifiers safe, but one is enough; extras wait for the lease as hot standbys.
    setup: async ({ config, db, logger }) => {
      const model = choice!;
      const clock = await clockFromEnv(config.OPS_CLOCK, () => brokerFromEnv(config.OPS_DATA_ACCOUNT, env));
      const cycle = createClassifierCycle({ db, clock, logger, config, model: model.model });
      return {
        clock,
        // The heartbeat's counts carry the fallback, so the status output shows lexicon mode too.
        runCycle: async (ctx) => ({ ...(await cycle(ctx)), lexicon_fallback: model.mode === "lexicon-fallback" ? 1 : 0 }),
        dispose: async () => {
          await model.dispose().catch(() => undefined);
        },
      };
    },
  }, env);
}

if (isEntryModule(import.meta.url)) runAsProcess(() => main());

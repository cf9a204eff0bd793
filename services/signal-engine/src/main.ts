// Process entry: node --conditions=development --import tsx services/signal-engine/src/main.ts
import { brokerFromEnv, clockFromEnv } from "@ops/broker-alpaca";
import { isEntryModule, runAsProcess, runServiceMain, type EnvSource } from "@ops/core";
import { loadSignalEngineConfig } from "./config.js";
import { createSignalEngineCycle } from "./cycle.js";

export function main(env: EnvSource = process.env): Promise<number> {
  return runServiceMain({
    name: "signal-engine",
    loadConfig: loadSignalEngineConfig,
    // The features service's "features committed" notification (FEATURES_CHANNEL).
    wakeOn: "features",
    setup: async ({ config, db, logger }) => {
      const clock = await clockFromEnv(config.OPS_CLOCK, () => brokerFromEnv(config.OPS_DATA_ACCOUNT, env));
      return { clock, runCycle: createSignalEngineCycle({ db, clock, logger, config }) };
    },
  }, env);
}

if (isEntryModule(import.meta.url)) runAsProcess(() => main());

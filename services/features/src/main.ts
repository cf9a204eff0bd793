// Process entry: node --conditions=development --import tsx services/features/src/main.ts
import { brokerFromEnv, clockFromEnv } from "@ops/broker-alpaca";
import { isEntryModule, runAsProcess, runServiceMain, type EnvSource } from "@ops/core";
import { loadFeaturesConfig } from "./config.js";
import { createFeaturesCycle } from "./cycle.js";

export function main(env: EnvSource = process.env): Promise<number> {
  return runServiceMain({
    name: "features",
    loadConfig: loadFeaturesConfig,
    // Telemetry's "bars committed" notification (BARS_CHANNEL); named here to keep features free of a telemetry dependency.
    wakeOn: "bars",
    setup: async ({ config, db, logger }) => {
      const clock = await clockFromEnv(config.OPS_CLOCK, () => brokerFromEnv(config.OPS_DATA_ACCOUNT, env));
      return { clock, runCycle: createFeaturesCycle({ db, clock, logger, config }) };
    },
  }, env);
}

if (isEntryModule(import.meta.url)) runAsProcess(() => main());

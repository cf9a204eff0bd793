// Process entry: node --conditions=development --import tsx services/telemetry/src/main.ts
import { BrokerClock, brokerFromEnv } from "@ops/broker-alpaca";
import { WallClock, createSecretSource, isEntryModule, runAsProcess, runServiceMain, type Clock, type EnvSource } from "@ops/core";
import { loadTelemetryConfig } from "./config.js";
import { createTelemetryCycle } from "./cycle.js";

export function main(env: EnvSource = process.env): Promise<number> {
  return runServiceMain({
    name: "telemetry",
    loadConfig: loadTelemetryConfig,
    // One writer of bars: a second instance waits for the lease instead of double-fetching.
    setup: async ({ config, db, logger }) => {
      const broker = await brokerFromEnv(config.OPS_DATA_ACCOUNT, env, createSecretSource({ env }), {
        requestsPerMinute: config.OPS_TELEMETRY_REQUESTS_PER_MIN,
        maxUrlChars: config.OPS_TELEMETRY_MAX_URL_CHARS,
      });
      const clock: Clock = config.OPS_CLOCK === "sim" ? await BrokerClock.create(broker) : new WallClock();
      return { clock, runCycle: createTelemetryCycle({ db, clock, logger, config, broker }) };
    },
  }, env);
}

if (isEntryModule(import.meta.url)) runAsProcess(() => main());

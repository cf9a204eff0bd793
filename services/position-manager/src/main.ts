// Process entry: node --conditions=development --import tsx services/position-manager/src/main.ts
import { BrokerClock, brokerFromEnv } from "@ops/broker-alpaca";
import { WallClock, isEntryModule, loadConfig, runAsProcess, runServiceMain, type Clock, type EnvSource } from "@ops/core";
import { positionManagerConfigSchema, positionManagerSettings } from "./config.js";
import { createPositionManagerCycle } from "./cycle.js";

export function main(env: EnvSource = process.env): Promise<number> {
  return runServiceMain({
    name: "position-manager",
    loadConfig: (e) => loadConfig(positionManagerConfigSchema, e),
    account: (config) => config.OPS_ACCOUNT,
    // One exit owner per account (seed 3, 34): a second instance waits for the lease.
    setup: async ({ config, db, logger }) => {
      // Exactly this account's keys: a missing key stops the process, never falls back (seed 12, 40).
      const broker = await brokerFromEnv(config.OPS_ACCOUNT, env);
      const clock: Clock = config.OPS_CLOCK === "sim" ? await BrokerClock.create(broker) : new WallClock();
      const { cycle, protections, volatility } = positionManagerSettings(config);
      return { clock, runCycle: createPositionManagerCycle({ db, clock, logger, config: cycle, broker, account: config.OPS_ACCOUNT, protections, volatility }) };
    },
  }, env);
}

if (isEntryModule(import.meta.url)) runAsProcess(() => main());

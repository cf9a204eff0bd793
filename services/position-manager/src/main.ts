import { pathToFileURL } from "node:url";
import { BrokerClock, brokerFromEnv } from "@ops/broker-alpaca";
import {
  WallClock, assertSchemaCurrent, createLogger, exitOnConfigError, loadConfig, logStartup, openDb, runLoop,
} from "@ops/core";
import type { Clock } from "@ops/core";
import { positionManagerConfigSchema } from "./config.js";
import type { PositionManagerConfig } from "./config.js";
import { createPositionManagerCycle } from "./cycle.js";

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const logger = createLogger({
    service: env.OPS_SERVICE?.trim() || "position-manager",
    account: env.OPS_ACCOUNT?.trim() || undefined,
    buildId: env.BUILD_ID?.trim() || "dev",
  });
  let config: PositionManagerConfig;
  try {
    config = loadConfig(positionManagerConfigSchema, env);
  } catch (error) {
    exitOnConfigError(error, logger);
  }
  logger.level = config.LOG_LEVEL;
  const log = logger.child({ instance: config.OPS_INSTANCE });
  logStartup(log, config);

  const db = await openDb(config.DATABASE_URL);
  try {
    await assertSchemaCurrent(db);
    // Exactly this account's keys: a missing key stops the process, never falls back (seed 12, 40).
    const broker = await brokerFromEnv(config.OPS_ACCOUNT, env);
    const clock: Clock = config.OPS_CLOCK === "sim" ? await BrokerClock.create(broker) : new WallClock();
    return await runLoop({
      name: "position-manager",
      mode: config.MODE,
      intervalMs: config.OPS_LOOP_INTERVAL_S * 1000,
      clock,
      logger: log,
      db,
      identity: { service: config.OPS_SERVICE, account: config.OPS_ACCOUNT, instance: config.OPS_INSTANCE, buildId: config.BUILD_ID },
      // One exit owner per account (seed 3, 34): a second instance waits for the lease.
      lease: true,
      runCycle: createPositionManagerCycle({ db, clock, logger: log, config, broker, account: config.OPS_ACCOUNT }),
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

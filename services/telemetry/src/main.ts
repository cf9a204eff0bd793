import { pathToFileURL } from "node:url";
import { BrokerClock, brokerFromEnv } from "@ops/broker-alpaca";
import {
  WallClock, assertSchemaCurrent, createLogger, createSecretSource, exitOnConfigError, logStartup, openDb, runLoop,
} from "@ops/core";
import type { Clock } from "@ops/core";
import { loadTelemetryConfig } from "./config.js";
import type { TelemetryConfig } from "./config.js";
import { createTelemetryCycle } from "./cycle.js";

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const logger = createLogger({ service: env.OPS_SERVICE?.trim() || "telemetry", buildId: env.BUILD_ID?.trim() || "dev" });
  let config: TelemetryConfig;
  try {
    config = loadTelemetryConfig(env);
  } catch (error) {
    exitOnConfigError(error, logger);
  }
  logger.level = config.LOG_LEVEL;
  const log = logger.child({ instance: config.OPS_INSTANCE });
  logStartup(log, config);

  const db = await openDb(config.DATABASE_URL);
  try {
    await assertSchemaCurrent(db);
    const broker = await brokerFromEnv(config.OPS_DATA_ACCOUNT, env, createSecretSource({ env }), {
      requestsPerMinute: config.OPS_TELEMETRY_REQUESTS_PER_MIN,
      maxUrlChars: config.OPS_TELEMETRY_MAX_URL_CHARS,
    });
    const clock: Clock = config.OPS_CLOCK === "sim" ? await BrokerClock.create(broker) : new WallClock();
    return await runLoop({
      name: "telemetry",
      mode: config.MODE,
      intervalMs: config.OPS_LOOP_INTERVAL_S * 1000,
      clock,
      logger: log,
      db,
      identity: { service: config.OPS_SERVICE, instance: config.OPS_INSTANCE, buildId: config.BUILD_ID },
      // One writer of bars: a second instance waits for the lease instead of double-fetching.
      lease: true,
      runCycle: createTelemetryCycle({ db, clock, logger: log, config, broker }),
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

import { pathToFileURL } from "node:url";
import type { Clock } from "../clock.js";
import { wakeableClock } from "../clocks/wakeable-clock.js";
import type { BaseServiceConfig } from "../config/base-service-schema.js";
import { exitOnConfigError } from "../config/exit-on-config-error.js";
import type { EnvSource } from "../config/load-config.js";
import { assertSchemaCurrent } from "../db/migrate.js";
import { openDb } from "../db/open-db.js";
import type { Db } from "../db/types.js";
import { createLogger, type Logger } from "../log/create-logger.js";
import { logStartup } from "../log/log-startup.js";
import { runLoop, type RunLoopOptions } from "./run-loop.js";
import { wakeOnNotify } from "./wake-on-notify.js";

export interface ServiceRuntime {
  readonly clock: Clock;
  readonly runCycle: RunLoopOptions["runCycle"];
  /** Released after the loop ends, before the database closes (listeners, model sessions). */
  readonly dispose?: () => Promise<void>;
}

export interface ServiceMainSpec<C extends BaseServiceConfig> {
  /** The service's name: the boot logger's `service` before config is read, and the loop's name. */
  readonly name: string;
  readonly loadConfig: (env: EnvSource) => C;
  /** The account a per-account service acts for (logged and leased); none for shared services. */
  readonly account?: (config: C) => string | undefined;
  /** Hold the (service, account) lease while running (default true: every service here must run once). */
  readonly lease?: boolean;
  /**
   * A NOTIFY channel (or one read from config) whose notifications start the next cycle early, so a downstream
   * service reacts as soon as its input is committed; the interval timer stays the fallback.
   */
  readonly wakeOn?: string | ((config: C) => string);
  /** Checks that must pass before the database is opened (e.g. model files); throw a ConfigError to refuse. */
  readonly preflight?: (config: C, logger: Logger, env: EnvSource) => Promise<void>;
  /** Builds the clock and the cycle once the database is open and its schema is current. */
  readonly setup: (ctx: { config: C; db: Db; logger: Logger; env: EnvSource }) => Promise<ServiceRuntime>;
}

/**
 * The one way a service process starts: logger first, config validated (a bad variable stops the process with its
 * name), startup line with the build id, database opened and its schema checked against the code, then the loop
 * runner until SIGTERM (or one cycle in ONCE mode). Returns the exit code.
 */
export async function runServiceMain<C extends BaseServiceConfig>(spec: ServiceMainSpec<C>, env: EnvSource = process.env): Promise<number> {
  const bootLogger = createLogger({ service: env.OPS_SERVICE?.trim() || spec.name, account: env.OPS_ACCOUNT, buildId: env.BUILD_ID?.trim() || "dev" });
  let config: C;
  try {
    config = spec.loadConfig(env);
  } catch (error) {
    exitOnConfigError(error, bootLogger);
  }
  const account = spec.account?.(config);
  const logger = createLogger({
    service: config.OPS_SERVICE, account, instance: config.OPS_INSTANCE, buildId: config.BUILD_ID, level: config.LOG_LEVEL,
  });
  logStartup(logger, config);
  if (spec.preflight) await spec.preflight(config, logger, env).catch((error: unknown) => exitOnConfigError(error, logger));

  const db = await openDb(config.DATABASE_URL);
  try {
    await assertSchemaCurrent(db);
    const runtime = await spec.setup({ config, db, logger, env });
    const channel = typeof spec.wakeOn === "function" ? spec.wakeOn(config) : spec.wakeOn;
    // Waking changes when the loop starts a cycle, not the time, so cycles may keep reading the runtime's clock.
    let clock = runtime.clock;
    let unlisten: (() => Promise<void>) | undefined;
    if (channel) {
      const wakeable = wakeableClock(runtime.clock);
      unlisten = await wakeOnNotify(db, channel, wakeable, logger);
      clock = wakeable;
    }
    try {
      return await runLoop({
        name: spec.name,
        mode: config.MODE,
        intervalMs: config.OPS_LOOP_INTERVAL_S * 1000,
        clock,
        logger,
        db,
        identity: { service: config.OPS_SERVICE, account, instance: config.OPS_INSTANCE, buildId: config.BUILD_ID },
        lease: spec.lease ?? true,
        runCycle: runtime.runCycle,
      });
    } finally {
      await unlisten?.().catch(() => undefined);
      await runtime.dispose?.().catch(() => undefined);
    }
  } finally {
    await db.close();
  }
}

/** True when `importMetaUrl` is the module node was started with (so importing a main.ts from a test does nothing). */
export function isEntryModule(importMetaUrl: string): boolean {
  return process.argv[1] !== undefined && importMetaUrl === pathToFileURL(process.argv[1]).href;
}

/** Runs a service main as the process: exit with its code; a startup failure is logged and exits non-zero. */
export function runAsProcess(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => exitOnConfigError(error),
  );
}

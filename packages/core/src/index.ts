export type { Clock } from "./clock.js";
export type { Db, Queryable, QueryResult, NotificationHandler } from "./db/types.js";
export * from "./market-time/index.js";

// Plumbing: errors, config, logging, database, migrations, clocks, loop runner.
export {
  OpsError,
  ConfigError,
  TransientError,
  FatalError,
  SchemaBehindError,
  LeaseLostError,
  TransactionAbortedError,
  toError,
  isFatalError,
} from "./errors.js";
export type { ConfigIssue } from "./errors.js";
export { loadConfig, formatConfigIssues } from "./config/load-config.js";
export type { EnvSource } from "./config/load-config.js";
export {
  parseStrictNumber,
  parseStrictBoolean,
  numberVar,
  requiredNumber,
  booleanVar,
  enumVar,
  csvVar,
  databaseUrlVar,
  DATABASE_URL_PREFIXES,
} from "./config/env-vars.js";
export type { NumberVarOptions } from "./config/env-vars.js";
export { baseServiceSchema, LOG_LEVELS, RUN_MODES, SERVICE_ACCOUNTS } from "./config/base-service-schema.js";
export type { BaseServiceConfig, LogLevel, RunMode, ServiceAccount } from "./config/base-service-schema.js";
export { exitOnConfigError } from "./config/exit-on-config-error.js";
export {
  DEFAULT_VOLATILITY_LEVELS,
  describeVolatilitySource,
  loadVolatilityConfig,
  parseVolatilityLevels,
  parseVolatilitySource,
  volatilityConfigFrom,
  volatilityEnv,
  volatilitySourceSymbol,
} from "./config/volatility-env.js";
export type {
  VolatilityConfig,
  VolatilityEnvValues,
  VolatilityLevelsConfig,
  VolatilitySettingsConfig,
  VolatilitySourceConfig,
} from "./config/volatility-env.js";
export { createSecretSource } from "./config/secret-source.js";
export type { SecretSource, SecretsClient, CreateSecretSourceOptions } from "./config/secret-source.js";
export { createLogger } from "./log/create-logger.js";
export type { Logger, CreateLoggerOptions } from "./log/create-logger.js";
export { logStartup } from "./log/log-startup.js";
export { serializeError } from "./log/serialize-error.js";
export { REDACTED, redactString, redactValue, registerSecretValue, isSecretKey } from "./log/redact.js";
export { openDb, parseDatabaseUrl } from "./db/open-db.js";
export type { OpenDbOptions, DatabaseTarget } from "./db/open-db.js";
export { wrapPGlite } from "./db/pglite-db.js";
export type { WrapPGliteOptions } from "./db/pglite-db.js";
export {
  runMigrations,
  assertSchemaCurrent,
  pendingMigrations,
  defaultMigrationsDir,
  readMigrationFiles,
  checksumSql,
} from "./db/migrate.js";
export type { MigrationFile, MigrationResult } from "./db/migrate.js";
export { WallClock } from "./clocks/wall-clock.js";
export { ManualClock } from "./clocks/manual-clock.js";
export { ScaledClock } from "./clocks/scaled-clock.js";
export type { ScaledClockOptions } from "./clocks/scaled-clock.js";
export { abortableDelay } from "./clocks/abortable-delay.js";
export { wakeableClock } from "./clocks/wakeable-clock.js";
export type { WakeableClock } from "./clocks/wakeable-clock.js";
export { wakeOnNotify } from "./loop/wake-on-notify.js";
export { runLoop } from "./loop/run-loop.js";
export type { RunLoopOptions, CycleContext, CycleCounts, LoopIdentity, LoopExitCode } from "./loop/run-loop.js";
export { acquireLease, renewLease, releaseLease, leaseTtlMs } from "./loop/lease.js";
export type { LeaseKey, LeaseRequest, LeaseState } from "./loop/lease.js";
export { recordCycleStart, recordCycleFinish } from "./loop/heartbeat.js";
export type { HeartbeatIdentity } from "./loop/heartbeat.js";
export { backoffDelayMs, defaultMaxBackoffMs } from "./loop/backoff.js";
export { shutdownSignal } from "./loop/shutdown-signal.js";
export type { ShutdownSignal } from "./loop/shutdown-signal.js";
export { runServiceMain, isEntryModule, runAsProcess } from "./loop/run-service.js";
export type { ServiceMainSpec, ServiceRuntime } from "./loop/run-service.js";
export { cycleMetrics, METRICS_NAMESPACE } from "./loop/cycle-metrics.js";

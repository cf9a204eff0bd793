// `pnpm migrate`: applies pending migrations to DATABASE_URL (the one runner; seed failure 9).
// Optional OPS_MIGRATIONS_DIR points at another folder (e.g. inside a container image).
import {
  baseServiceSchema,
  createLogger,
  defaultMigrationsDir,
  exitOnConfigError,
  loadConfig,
  logStartup,
  openDb,
  runMigrations,
  serializeError,
} from "@ops/core";
import type { Db } from "@ops/core";

const schema = baseServiceSchema.pick({ DATABASE_URL: true, BUILD_ID: true, LOG_LEVEL: true });

function readConfig() {
  try {
    return loadConfig(schema);
  } catch (error) {
    return exitOnConfigError(error);
  }
}

async function main(): Promise<number> {
  const config = readConfig();
  const logger = createLogger({ service: "migrate", buildId: config.BUILD_ID, level: config.LOG_LEVEL });
  const dir = process.env.OPS_MIGRATIONS_DIR?.trim() || defaultMigrationsDir();
  logStartup(logger, { ...config, OPS_MIGRATIONS_DIR: dir });
  let db: Db;
  try {
    db = await openDb(config.DATABASE_URL, { logger });
  } catch (error) {
    logger.fatal({ event: "migrate.failed", dir, error: serializeError(error) }, "cannot open the database");
    return 1;
  }
  try {
    const result = await runMigrations(db, dir);
    logger.info(
      { event: "migrate.done", dir, applied: result.applied, already_applied: result.skipped.length },
      result.applied.length > 0 ? `applied ${result.applied.join(", ")}` : "schema already current",
    );
    return 0;
  } catch (error) {
    logger.fatal({ event: "migrate.failed", dir, error: serializeError(error) }, "migration failed");
    return 1;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => exitOnConfigError(error),
);

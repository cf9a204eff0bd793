// @ts-check
// The image's migration runner (the ECS migrate task runs `node --import ./runtime/set-database-url.mjs
// runtime/migrate.mjs`): applies every pending migration baked into this image, exits non-zero on any failure so
// the deploy stops before services start (seed failure 9: a migrator that exited 0 with files missing).
import { pathToFileURL } from "node:url";
import {
  baseServiceSchema, createLogger, defaultMigrationsDir, exitOnConfigError, loadConfig, logStartup, openDb, pendingMigrations,
  readMigrationFiles, runMigrations, serializeError,
} from "@ops/core";

const schema = baseServiceSchema.pick({ DATABASE_URL: true, BUILD_ID: true, LOG_LEVEL: true });

/** @param {NodeJS.ProcessEnv} [env] @returns {Promise<number>} */
export async function migrate(env = process.env) {
  /** @type {ReturnType<typeof schema.parse>} */
  let config;
  try {
    config = loadConfig(schema, env);
  } catch (error) {
    return exitOnConfigError(error);
  }
  const logger = createLogger({ service: "migrate", buildId: config.BUILD_ID, level: config.LOG_LEVEL });
  // The same folder services check at boot (assertSchemaCurrent), so "migrated" and "current" cannot disagree.
  const dir = defaultMigrationsDir();
  logStartup(logger, { ...config, migrations_dir: dir });
  let files;
  try {
    files = readMigrationFiles(dir);
  } catch (error) {
    logger.fatal({ event: "migrate.failed", dir, error: serializeError(error) }, "cannot read the migrations baked into the image");
    return 1;
  }
  if (files.length === 0) {
    logger.fatal({ event: "migrate.failed", dir }, "no migration files in the image");
    return 1;
  }
  let db;
  try {
    db = await openDb(config.DATABASE_URL, { logger });
  } catch (error) {
    logger.fatal({ event: "migrate.failed", error: serializeError(error) }, "cannot open the database");
    return 1;
  }
  try {
    const result = await runMigrations(db, dir);
    const pending = await pendingMigrations(db, dir);
    if (pending.length > 0) throw new Error(`still pending after the run: ${pending.join(", ")}`);
    logger.info(
      { event: "migrate.done", applied: result.applied, already_applied: result.skipped.length, latest: files.at(-1)?.version },
      result.applied.length > 0 ? `applied ${result.applied.join(", ")}` : "schema already current",
    );
    return 0;
  } catch (error) {
    logger.fatal({ event: "migrate.failed", error: serializeError(error) }, "migration failed");
    return 1;
  } finally {
    await db.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  migrate().then(
    (code) => process.exit(code),
    (error) => exitOnConfigError(error),
  );
}

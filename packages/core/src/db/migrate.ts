import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FatalError, SchemaBehindError } from "../errors.js";
import type { Db, Queryable } from "./types.js";

// One runner, forward-only (seed failure 9): files NNNN_name.sql applied in order, each in its own
// transaction, recorded with a checksum; an advisory lock makes concurrent runners take turns.

/** Arbitrary constant shared by every migration runner; advisory locks are per database. */
const MIGRATION_LOCK_KEY = 73_110_001;

const FILE_PATTERN = /^(\d{4})_([a-z0-9][a-z0-9_-]*)\.sql$/;

export interface MigrationFile {
  version: string;
  name: string;
  file: string;
  sql: string;
  checksum: string;
}

export interface MigrationResult {
  /** Versions applied by this run, in order. */
  applied: string[];
  /** Versions that were already applied. */
  skipped: string[];
}

/** <repo>/migrations, found relative to this source file (src/db → ../../../../migrations). */
export function defaultMigrationsDir(): string {
  return fileURLToPath(new URL("../../../../migrations/", import.meta.url));
}

export function checksumSql(sql: string): string {
  return createHash("sha256").update(sql.replace(/\r\n/g, "\n")).digest("hex");
}

/** Reads NNNN_name.sql files in version order. A .sql file that breaks the naming rule is an error, not skipped. */
export function readMigrationFiles(dir: string = defaultMigrationsDir()): MigrationFile[] {
  const files: MigrationFile[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith(".sql")) continue;
    const match = FILE_PATTERN.exec(file);
    if (!match) throw new FatalError(`migration file ${file} does not match NNNN_name.sql`);
    const version = match[1] as string;
    if (files.some((known) => known.version === version)) {
      throw new FatalError(`two migration files share version ${version}`);
    }
    const sql = readFileSync(join(dir, file), "utf8");
    files.push({ version, name: match[2] as string, file, sql, checksum: checksumSql(sql) });
  }
  return files;
}

async function lockMigrations(tx: Queryable): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version text PRIMARY KEY,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/** Applies every pending migration in dir. Safe to run from several processes at once. */
export async function runMigrations(db: Db, dir: string = defaultMigrationsDir()): Promise<MigrationResult> {
  const files = readMigrationFiles(dir);
  const result: MigrationResult = { applied: [], skipped: [] };
  await db.transaction(async (tx) => {
    await lockMigrations(tx);
    await tx.query(CREATE_TABLE);
  });
  for (const migration of files) {
    await db.transaction(async (tx) => {
      await lockMigrations(tx);
      const existing = await tx.query<{ checksum: string }>(
        "SELECT checksum FROM schema_migrations WHERE version = $1",
        [migration.version],
      );
      const row = existing.rows[0];
      if (row) {
        if (row.checksum !== migration.checksum) {
          throw new FatalError(
            `migration ${migration.file} was changed after it was applied (checksum differs); migrations are forward-only: add a new file instead`,
          );
        }
        result.skipped.push(migration.version);
        return;
      }
      await tx.query(migration.sql);
      await tx.query("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", [
        migration.version,
        migration.name,
        migration.checksum,
      ]);
      result.applied.push(migration.version);
    });
  }
  return result;
}

/** Versions present in dir but not applied to the database, in order. */
export async function pendingMigrations(db: Queryable, dir: string = defaultMigrationsDir()): Promise<string[]> {
  const versions = readMigrationFiles(dir).map((migration) => migration.version);
  const table = await db.query<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
  if (!table.rows[0]?.present) return versions;
  const applied = await db.query<{ version: string }>("SELECT version FROM schema_migrations");
  const done = new Set(applied.rows.map((row) => row.version));
  return versions.filter((version) => !done.has(version));
}

/** Services call this at boot: a database missing any migration this code has is refused. */
export async function assertSchemaCurrent(db: Queryable, dir: string = defaultMigrationsDir()): Promise<void> {
  const missing = await pendingMigrations(db, dir);
  if (missing.length > 0) throw new SchemaBehindError(missing);
}

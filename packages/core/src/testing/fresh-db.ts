import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { openDb } from "../db/open-db.js";
import { defaultMigrationsDir, readMigrationFiles, runMigrations } from "../db/migrate.js";
import { wrapPGlite } from "../db/pglite-db.js";
import type { Db } from "../db/types.js";

export interface FreshDbOptions {
  /** Apply migrations (default true). */
  migrate?: boolean;
  /** Defaults to the repo's migrations/ folder. */
  migrationsDir?: string;
}

// Creating a PGlite database costs ~2 s; cloning a migrated data directory ~0.4 s. So each test
// process migrates one template per migrations folder (and content) and clones it.
const templates = new Map<string, Promise<File | Blob>>();

/** A dumped data directory: empty when dir is undefined, else with dir's migrations applied. */
function template(dir: string | undefined): Promise<File | Blob> {
  const key =
    dir === undefined
      ? "(empty)"
      : `${dir}\n${readMigrationFiles(dir).map((file) => `${file.version}:${file.checksum}`).join(",")}`;
  let dump = templates.get(key);
  if (!dump) {
    dump = (async () => {
      const instance = await PGlite.create();
      try {
        if (dir !== undefined) await runMigrations(wrapPGlite(instance), dir);
        return await instance.dumpDataDir("none");
      } finally {
        await instance.close();
      }
    })();
    templates.set(key, dump);
    dump.catch(() => templates.delete(key));
  }
  return dump;
}

/** A new in-memory PGlite instance, migrated unless `migrate: false`. Close it when done. */
export async function freshPglite(options: FreshDbOptions = {}): Promise<PGlite> {
  const dir = options.migrate === false ? undefined : (options.migrationsDir ?? defaultMigrationsDir());
  return PGlite.create({ loadDataDir: await template(dir) });
}

/** A Db over a new in-memory PGlite (migrated by default); db.close() frees it. */
export async function freshPgliteDb(options: FreshDbOptions = {}): Promise<Db> {
  return wrapPGlite(await freshPglite(options), { ownsInstance: true });
}

export interface FreshPostgresDb {
  db: Db;
  /** URL of the throwaway database, e.g. for child processes. */
  url: string;
  /** Closes db and drops the database. */
  cleanup(): Promise<void>;
}

/**
 * A throwaway database (ops_t_<random>) created through `adminUrl`, so parallel test files never
 * share tables, rows or advisory locks. Migrated by default.
 */
export async function freshPostgresDb(adminUrl: string, options: FreshDbOptions = {}): Promise<FreshPostgresDb> {
  const name = `ops_t_${randomBytes(6).toString("hex")}`;
  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  const target = new URL(adminUrl);
  target.pathname = `/${name}`;
  const url = target.toString();
  let opened: Db | undefined;
  const cleanup = async () => {
    const current = opened;
    opened = undefined;
    if (current) await current.close().catch(() => undefined);
    await withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  };
  let db: Db;
  try {
    db = await openDb(url);
    opened = db;
    if (options.migrate !== false) await runMigrations(db, options.migrationsDir ?? defaultMigrationsDir());
  } catch (error) {
    await cleanup().catch(() => undefined);
    throw error;
  }
  return { db, url, cleanup };
}

async function withAdmin(adminUrl: string, fn: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}

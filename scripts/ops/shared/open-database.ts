// Opens an existing database for a CLI. A PGlite directory is never created by accident (a typo would
// otherwise report an empty, healthy-looking database), and read-only use works on a copy, because
// PGlite is single-process and `pnpm start` may still have the directory open.
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDb, parseDatabaseUrl } from "@ops/core";
import type { Db } from "@ops/core";

export interface OpenedDatabase {
  readonly db: Db;
  close(): Promise<void>;
}

export async function openExistingDatabase(url: string, mode: "read" | "write"): Promise<OpenedDatabase> {
  const target = parseDatabaseUrl(url);
  if (target.kind !== "pglite-dir") {
    const db = await openDb(url, { max: 4, applicationName: "ops-cli" });
    return { db, close: () => db.close() };
  }
  if (!existsSync(join(target.dataDir, "PG_VERSION"))) throw new Error(`no PGlite database at ${target.dataDir}`);
  if (mode === "write") {
    const db = await openDb(url);
    return { db, close: () => db.close() };
  }
  const copy = mkdtempSync(join(tmpdir(), "ops-status-"));
  try {
    cpSync(target.dataDir, copy, { recursive: true });
    const db = await openDb(`pglite:${copy}`);
    return {
      db,
      async close() {
        try {
          await db.close();
        } finally {
          rmSync(copy, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    rmSync(copy, { recursive: true, force: true });
    throw error;
  }
}

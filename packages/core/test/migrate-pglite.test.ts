import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  assertSchemaCurrent,
  defaultMigrationsDir,
  pendingMigrations,
  readMigrationFiles,
  runMigrations,
} from "../src/db/migrate.js";
import type { Db } from "../src/db/types.js";
import { FatalError, SchemaBehindError } from "../src/errors.js";
import { freshPgliteDb } from "../src/testing/fresh-db.js";
import { REPO_ROOT } from "./helpers.js";

function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "ops-migrations-"));
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return dir;
}

const FIRST = "CREATE TABLE widgets (id int PRIMARY KEY);";
const SECOND = "ALTER TABLE widgets ADD COLUMN name text; INSERT INTO widgets (id, name) VALUES (1, 'seeded');";

describe("runMigrations on PGlite", () => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it("applies NNNN_name.sql files in version order and records each with its checksum", async () => {
    db = await freshPgliteDb({ migrate: false });
    // Written out of order on purpose; 0002 depends on 0001.
    const dir = migrationsDir({ "0002_add_name.sql": SECOND, "0001_widgets.sql": FIRST, "README.md": "not a migration" });
    const result = await runMigrations(db, dir);
    expect(result.applied).toEqual(["0001", "0002"]);
    const recorded = await db.query<{ version: string; name: string; checksum: string; applied_at: Date }>(
      "SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version",
    );
    expect(recorded.rows.map((row) => [row.version, row.name])).toEqual([
      ["0001", "widgets"],
      ["0002", "add_name"],
    ]);
    expect(recorded.rows.map((row) => row.checksum)).toEqual(readMigrationFiles(dir).map((file) => file.checksum));
    expect(recorded.rows[0]?.applied_at).toBeInstanceOf(Date);
  });

  it("is a no-op when run again", async () => {
    db = await freshPgliteDb({ migrate: false });
    const dir = migrationsDir({ "0001_widgets.sql": FIRST, "0002_add_name.sql": SECOND });
    await runMigrations(db, dir);
    const again = await runMigrations(db, dir);
    expect(again).toEqual({ applied: [], skipped: ["0001", "0002"] });
    // The seed row would be duplicated (and fail on the primary key) if 0002 ran twice.
    expect((await db.query("SELECT id FROM widgets")).rowCount).toBe(1);
  });

  it("applies only the new file when one is added later", async () => {
    db = await freshPgliteDb({ migrate: false });
    const dir = migrationsDir({ "0001_widgets.sql": FIRST });
    await runMigrations(db, dir);
    writeFileSync(join(dir, "0002_add_name.sql"), SECOND);
    expect((await runMigrations(db, dir)).applied).toEqual(["0002"]);
  });

  it("refuses an applied file whose content changed (forward-only)", async () => {
    db = await freshPgliteDb({ migrate: false });
    const dir = migrationsDir({ "0001_widgets.sql": FIRST });
    await runMigrations(db, dir);
    writeFileSync(join(dir, "0001_widgets.sql"), `${FIRST}\nALTER TABLE widgets ADD COLUMN sneaky int;`);
    const error = await runMigrations(db, dir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FatalError);
    expect((error as Error).message).toContain("0001_widgets.sql");
  });

  it("rolls back a failing file completely and does not record it", async () => {
    db = await freshPgliteDb({ migrate: false });
    const dir = migrationsDir({
      "0001_widgets.sql": FIRST,
      "0002_broken.sql": "CREATE TABLE half_done (id int); SELECT no_such_function();",
    });
    await expect(runMigrations(db, dir)).rejects.toThrow(/no_such_function/);
    const versions = await db.query<{ version: string }>("SELECT version FROM schema_migrations");
    expect(versions.rows.map((row) => row.version)).toEqual(["0001"]);
    const halfDone = await db.query<{ present: boolean }>("SELECT to_regclass('half_done') IS NOT NULL AS present");
    expect(halfDone.rows[0]?.present).toBe(false);
  });

  it.each([
    ["a .sql file that breaks the naming rule", { "1_widgets.sql": FIRST }, /NNNN_name/],
    ["two files with the same version", { "0001_a.sql": FIRST, "0001_b.sql": FIRST }, /share version 0001/],
  ])("rejects %s", (_label, files, message) => {
    expect(() => readMigrationFiles(migrationsDir(files))).toThrow(message);
  });
});

describe("assertSchemaCurrent", () => {
  it("refuses a database that lacks migrations the code has, listing them", async () => {
    const db = await freshPgliteDb({ migrate: false });
    try {
      const dir = migrationsDir({ "0001_widgets.sql": FIRST });
      await runMigrations(db, dir);
      writeFileSync(join(dir, "0002_add_name.sql"), SECOND);
      writeFileSync(join(dir, "0003_more.sql"), "SELECT 1;");
      const error = await assertSchemaCurrent(db, dir).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SchemaBehindError);
      expect((error as SchemaBehindError).missingVersions).toEqual(["0002", "0003"]);
      expect((error as Error).message).toContain("0002, 0003");
      await runMigrations(db, dir);
      await expect(assertSchemaCurrent(db, dir)).resolves.toBeUndefined();
    } finally {
      await db.close();
    }
  });

  it("treats a database that was never migrated as missing everything", async () => {
    const db = await freshPgliteDb({ migrate: false });
    try {
      const dir = migrationsDir({ "0001_widgets.sql": FIRST, "0002_add_name.sql": SECOND });
      expect(await pendingMigrations(db, dir)).toEqual(["0001", "0002"]);
      await expect(assertSchemaCurrent(db, dir)).rejects.toBeInstanceOf(SchemaBehindError);
    } finally {
      await db.close();
    }
  });
});

describe("defaultMigrationsDir", () => {
  it("is the repository's migrations folder, which starts with 0001_core.sql", () => {
    const dir = defaultMigrationsDir();
    expect(join(dir)).toBe(join(REPO_ROOT, "migrations/"));
    expect(existsSync(join(dir, "0001_core.sql"))).toBe(true);
    expect(readMigrationFiles(dir)[0]?.file).toBe("0001_core.sql");
  });
});

import { describe, expect, it } from "vitest";
import { readMigrationFiles } from "../src/db/migrate.js";
import { openDb } from "../src/db/open-db.js";
import { describeWithPostgres, postgresSuiteMode, postgresTestUrl } from "../src/testing/describe-with-postgres.js";
import { freshPgliteDb, freshPostgresDb } from "../src/testing/fresh-db.js";
import { coreMigrationsDir } from "./helpers.js";

describe("postgresSuiteMode", () => {
  it.each([
    [{ TEST_DATABASE_URL: "postgres://h/db" }, "run"],
    [{ TEST_DATABASE_URL: "postgres://h/db", CI: "true" }, "run"],
    [{}, "skip"],
    [{ TEST_DATABASE_URL: "  " }, "skip"],
    [{ CI: "true" }, "fail"],
    [{ CI: "false" }, "skip"],
  ])("with %j is %s", (env, mode) => {
    expect(postgresSuiteMode(env)).toBe(mode);
  });

  it("reads the URL from TEST_DATABASE_URL", () => {
    expect(postgresTestUrl({ TEST_DATABASE_URL: " postgres://h/db " })).toBe("postgres://h/db");
    expect(postgresTestUrl({})).toBeUndefined();
  });
});

describe("freshPgliteDb", () => {
  it("applies the repository's migrations by default", async () => {
    const db = await freshPgliteDb();
    try {
      const applied = await db.query<{ version: string }>("SELECT version FROM schema_migrations ORDER BY version");
      expect(applied.rows.map((row) => row.version)).toEqual(readMigrationFiles().map((file) => file.version));
    } finally {
      await db.close();
    }
  });

  it("gives every caller its own database", async () => {
    const dir = coreMigrationsDir();
    const [first, second] = await Promise.all([freshPgliteDb({ migrationsDir: dir }), freshPgliteDb({ migrationsDir: dir })]);
    try {
      await first.query("INSERT INTO ops_audit_log (actor, action) VALUES ('test', 'only-in-first')");
      expect((await second.query("SELECT 1 FROM ops_audit_log")).rowCount).toBe(0);
      expect((await first.query("SELECT 1 FROM ops_audit_log")).rowCount).toBe(1);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it("leaves the database empty with migrate: false", async () => {
    const db = await freshPgliteDb({ migrate: false });
    try {
      const table = await db.query<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
      expect(table.rows[0]?.present).toBe(false);
    } finally {
      await db.close();
    }
  });
});

describeWithPostgres("freshPostgresDb", (adminUrl) => {
  it("creates a migrated throwaway database and drops it on cleanup", async () => {
    const fresh = await freshPostgresDb(adminUrl, { migrationsDir: coreMigrationsDir() });
    const name = new URL(fresh.url).pathname.slice(1);
    expect(name).toMatch(/^ops_t_[0-9a-f]{12}$/);
    expect((await fresh.db.query("SELECT 1 FROM service_heartbeats")).rowCount).toBe(0);
    await fresh.cleanup();
    const admin = await openDb(adminUrl, { max: 1 });
    try {
      const left = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      expect(left.rowCount).toBe(0);
    } finally {
      await admin.close();
    }
  });
});

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runMigrations } from "../src/db/migrate.js";
import { openDb } from "../src/db/open-db.js";
import type { Db } from "../src/db/types.js";
import { describeWithPostgres } from "../src/testing/describe-with-postgres.js";
import { freshPostgresDb, type FreshPostgresDb } from "../src/testing/fresh-db.js";

describeWithPostgres("runMigrations on PostgreSQL", (adminUrl) => {
  let fresh: FreshPostgresDb;
  const extra: Db[] = [];

  beforeAll(async () => {
    fresh = await freshPostgresDb(adminUrl, { migrate: false });
  });
  afterAll(async () => {
    for (const db of extra) await db.close();
    await fresh?.cleanup();
  });

  it("lets two runners start together: both succeed and each file is applied exactly once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ops-migrations-race-"));
    // Plain CREATE TABLE / INSERT fail or duplicate if a file ran twice; pg_sleep widens the race window.
    writeFileSync(join(dir, "0001_first.sql"), "SELECT pg_sleep(0.2); CREATE TABLE race_a (id int PRIMARY KEY); INSERT INTO race_a VALUES (1);");
    writeFileSync(join(dir, "0002_second.sql"), "SELECT pg_sleep(0.2); CREATE TABLE race_b (id int PRIMARY KEY); INSERT INTO race_a VALUES (2);");
    const runnerA = await openDb(fresh.url);
    const runnerB = await openDb(fresh.url);
    extra.push(runnerA, runnerB);

    const [a, b] = await Promise.all([runMigrations(runnerA, dir), runMigrations(runnerB, dir)]);

    expect([...a.applied, ...b.applied].sort()).toEqual(["0001", "0002"]);
    expect([...a.applied, ...a.skipped].sort()).toEqual(["0001", "0002"]);
    expect([...b.applied, ...b.skipped].sort()).toEqual(["0001", "0002"]);
    const versions = await fresh.db.query<{ version: string }>("SELECT version FROM schema_migrations ORDER BY version");
    expect(versions.rows.map((row) => row.version)).toEqual(["0001", "0002"]);
    const rows = await fresh.db.query<{ id: number }>("SELECT id FROM race_a ORDER BY id");
    expect(rows.rows.map((row) => row.id)).toEqual([1, 2]);

    const rerun = await runMigrations(fresh.db, dir);
    expect(rerun.applied).toEqual([]);
  });

  it("applies the repository's migrations to an empty database, then finds nothing left to do", async () => {
    const target = await freshPostgresDb(adminUrl, { migrate: false });
    try {
      const first = await runMigrations(target.db);
      expect(first.applied[0]).toBe("0001");
      const tables = await target.db.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_name IN ('service_heartbeats', 'service_leases', 'ops_audit_log')",
      );
      expect(tables.rowCount).toBe(3);
      expect((await runMigrations(target.db)).applied).toEqual([]);
    } finally {
      await target.cleanup();
    }
  });
});

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDb, parseDatabaseUrl } from "../src/db/open-db.js";
import { ConfigError } from "../src/errors.js";

describe("parseDatabaseUrl", () => {
  it.each([
    ["postgres://ops@127.0.0.1:5432/ops", { kind: "pg", url: "postgres://ops@127.0.0.1:5432/ops" }],
    ["postgresql://ops:pw@db/ops", { kind: "pg", url: "postgresql://ops:pw@db/ops" }],
    ["pglite:memory", { kind: "pglite-memory" }],
    ["pglite:memory:", { kind: "pglite-memory" }],
    ["pglite:./.data/ops", { kind: "pglite-dir", dataDir: "./.data/ops" }],
    ["pglite:///var/lib/ops", { kind: "pglite-dir", dataDir: "/var/lib/ops" }],
  ])("reads %s", (url, target) => {
    expect(parseDatabaseUrl(url)).toEqual(target);
  });

  it.each(["", "   ", "pglite:", "mysql://root:hunter2secret@db/ops", "sqlite:ops.db", "just-a-word"])(
    "refuses %j with a ConfigError naming DATABASE_URL, without echoing the value",
    (url) => {
      let caught: unknown;
      try {
        parseDatabaseUrl(url);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      expect((caught as Error).message).toMatch(/^DATABASE_URL: /);
      expect((caught as Error).message).not.toContain("hunter2secret");
    },
  );
});

describe("openDb", () => {
  it("opens an in-memory PGlite for pglite:memory", async () => {
    const db = await openDb("pglite:memory");
    try {
      expect(db.kind).toBe("pglite");
      expect((await db.query("SELECT 41 + 1 AS answer")).rows).toEqual([{ answer: 42 }]);
    } finally {
      await db.close();
    }
  });

  it("keeps data in the directory of pglite:<path> across reopening", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "ops-pglite-")), "nested", "data");
    const first = await openDb(`pglite:${dir}`);
    await first.query("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
    await first.close();
    const second = await openDb(`pglite:${dir}`);
    try {
      expect((await second.query("SELECT v FROM kept")).rows).toEqual([{ v: "still here" }]);
    } finally {
      await second.close();
    }
  });

  it("fails fast when PostgreSQL cannot be reached", async () => {
    // Port 1 on loopback: refused at once, no network involved.
    await expect(openDb("postgres://ops@127.0.0.1:1/ops")).rejects.toThrow(/ECONNREFUSED/);
  });
});

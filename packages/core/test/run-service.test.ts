// The one service entry: config errors stop the process naming the variable, a schema behind the code is refused,
// and a ONCE run goes through the loop runner with the lease and heartbeat.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ManualClock, baseServiceSchema, loadConfig, openDb, runMigrations, runServiceMain } from "../src/index.js";

describe("runServiceMain", () => {
  const dir = mkdtempSync(join(tmpdir(), "ops-run-service-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("runs one cycle in ONCE mode with the built clock and records the heartbeat", async () => {
    const url = `pglite:${join(dir, "ok")}`;
    const seed = await openDb(url);
    await runMigrations(seed);
    await seed.close();
    const cycles: Date[] = [];
    const code = await runServiceMain({
      name: "demo",
      loadConfig: (env) => loadConfig(baseServiceSchema, env),
      setup: async () => ({ clock: new ManualClock(new Date("2013-10-07T14:00:00Z")), runCycle: async (ctx) => { cycles.push(ctx.now); return { done: 1 }; } }),
    }, { DATABASE_URL: url, MODE: "ONCE", OPS_SERVICE: "demo", OPS_LOOP_INTERVAL_S: "60", OPS_INSTANCE: "t1", LOG_LEVEL: "silent" });
    expect(code).toBe(0);
    expect(cycles.map((d) => d.toISOString())).toEqual(["2013-10-07T14:00:00.000Z"]);
    const check = await openDb(url);
    const { rows } = await check.query<{ cycles: number; counts: Record<string, number> }>(
      `SELECT cycles::int AS cycles, counts FROM service_heartbeats WHERE service = 'demo' AND instance = 't1'`,
    );
    await check.close();
    expect(rows).toEqual([{ cycles: 1, counts: { done: 1 } }]);
  });

  it("refuses a database whose schema is behind the code", async () => {
    const url = `pglite:${join(dir, "empty")}`;
    let setupRan = false;
    await expect(runServiceMain({
      name: "demo",
      loadConfig: (env) => loadConfig(baseServiceSchema, env),
      setup: async () => { setupRan = true; throw new Error("unreachable"); },
    }, { DATABASE_URL: url, MODE: "ONCE", OPS_SERVICE: "demo", OPS_LOOP_INTERVAL_S: "60", LOG_LEVEL: "silent" })).rejects.toThrow(/migration|schema/i);
    expect(setupRan).toBe(false);
  });
});

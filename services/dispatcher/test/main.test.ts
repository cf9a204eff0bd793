// The process entry, spawned as the e2e and ECS run it: it refuses to start without this account's own
// keys, and with them runs one cycle (MODE=ONCE) against the simulator on the simulator's clock.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_SIM_ACCOUNTS } from "@ops/alpaca-sim";
import { openDb, runMigrations } from "@ops/core";
import { describe, expect, it } from "vitest";
import { runDispatcherProcess } from "./helpers/process.js";
import { at, startSim } from "./helpers/sim.js";
import { enableTrading, insertRec, seedMarket } from "./helpers/world.js";

describe("dispatcher main", () => {
  it("exits 1 naming the missing key when only the other account's keys are set, and never prints a secret", async () => {
    const result = await runDispatcherProcess({
      OPS_ACCOUNT: "tiny-1k",
      DATABASE_URL: "pglite:memory",
      ALPACA_KEY_ID_LARGE_100K: "PKLARGEKEYID",
      ALPACA_SECRET_KEY_LARGE_100K: "large-secret-do-not-print",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/ALPACA_(KEY_ID|SECRET_KEY)_TINY_1K/);
    expect(result.stdout + result.stderr).not.toContain("large-secret-do-not-print");
  });

  it("runs one cycle in ONCE mode on the simulator's clock and places the order", async () => {
    const h = await startSim();
    const dir = mkdtempSync(join(tmpdir(), "dispatcher-main-"));
    try {
      const setup = await openDb(`pglite:${dir}`);
      await runMigrations(setup);
      await seedMarket(setup, "AAA", at("10:00"), 10);
      await enableTrading(setup, "large-100k");
      await insertRec(setup, { createdAt: at("09:59:30") });
      await setup.close();

      const keys = DEFAULT_SIM_ACCOUNTS.find((a) => a.id === "large-100k");
      const result = await runDispatcherProcess({
        OPS_ACCOUNT: "large-100k",
        MODE: "ONCE",
        OPS_CLOCK: "sim",
        DATABASE_URL: `pglite:${dir}`,
        OPS_ALPACA_TRADING_URL: h.sim.url,
        OPS_ALPACA_DATA_URL: h.sim.url,
        ALPACA_KEY_ID_LARGE_100K: keys?.keyId ?? "",
        ALPACA_SECRET_KEY_LARGE_100K: keys?.secretKey ?? "",
      });
      expect(result.code, result.stderr).toBe(0);
      const done = result.stdout.split("\n").filter((l) => l.includes('"cycle.done"')).map((l) => JSON.parse(l) as { counts: Record<string, number>; account: string });
      expect(done).toHaveLength(1);
      expect(done[0]?.account).toBe("large-100k");
      expect(done[0]?.counts.ordered).toBe(1);
      expect(h.sim.broker.orders("large-100k")).toHaveLength(1);
      expect(result.stdout).not.toContain(keys?.secretKey ?? "never");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

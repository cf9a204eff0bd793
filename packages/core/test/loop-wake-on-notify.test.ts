// Waking on NOTIFY: a downstream service starts its next cycle as soon as its input is committed, and the interval
// timer still runs cycles when no notification comes (issue 7). PGlite delivers LISTEN/NOTIFY in-process.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Clock } from "../src/clock.js";
import { ManualClock } from "../src/clocks/manual-clock.js";
import { wakeableClock } from "../src/clocks/wakeable-clock.js";
import { baseServiceSchema } from "../src/config/base-service-schema.js";
import { loadConfig } from "../src/config/load-config.js";
import { runMigrations } from "../src/db/migrate.js";
import { openDb } from "../src/db/open-db.js";
import type { Db } from "../src/db/types.js";
import { FatalError } from "../src/errors.js";
import { runLoop } from "../src/loop/run-loop.js";
import { runServiceMain } from "../src/loop/run-service.js";
import { wakeOnNotify } from "../src/loop/wake-on-notify.js";
import { freshPgliteDb } from "../src/testing/fresh-db.js";
import { waitFor } from "./db-contract.js";
import { captureLogger, coreMigrationsDir } from "./helpers.js";

const T0 = new Date("2025-02-03T15:00:00Z");
const MINUTE = 60_000;
const later = new Date(T0.getTime() + 30_000);

/** Settles within a few event-loop turns, or reports "pending". */
async function state(p: Promise<void>): Promise<"resolved" | "rejected" | "pending"> {
  return Promise.race([
    p.then(() => "resolved" as const, () => "rejected" as const),
    new Promise<"pending">((r) => setTimeout(() => r("pending"), 20)),
  ]);
}

describe("wakeableClock", () => {
  it("keeps the inner clock's time and sleeps until the deadline when nobody wakes it", async () => {
    const inner = new ManualClock(T0);
    const clock = wakeableClock(inner);
    expect(clock.now()).toEqual(T0);
    const sleep = clock.sleepUntil(later);
    expect(await state(sleep)).toBe("pending");
    inner.set(later);
    expect(await state(sleep)).toBe("resolved");
  });

  it("ends a running sleep early on wake, without moving time", async () => {
    const clock = wakeableClock(new ManualClock(T0));
    const sleep = clock.sleepUntil(later);
    clock.wake();
    expect(await state(sleep)).toBe("resolved");
    expect(clock.now()).toEqual(T0);
  });

  it("remembers a wake that arrives while no sleep runs (during a cycle) and skips the next sleep once", async () => {
    const clock = wakeableClock(new ManualClock(T0));
    clock.wake();
    clock.wake();
    expect(await state(clock.sleepUntil(later))).toBe("resolved");
    expect(await state(clock.sleepUntil(later))).toBe("pending");
  });

  it("passes the caller's abort through, and a clock that rejects on abort still rejects for the caller's abort only", async () => {
    const rejecting: Clock = {
      now: () => T0,
      sleepUntil: (_until, signal) => new Promise((_resolve, reject) => signal?.addEventListener("abort", () => reject(new Error("aborted")), { once: true })),
    };
    const clock = wakeableClock(rejecting);
    const woken = clock.sleepUntil(later);
    clock.wake();
    expect(await state(woken)).toBe("resolved");
    const stop = new AbortController();
    const stopped = clock.sleepUntil(later, stop.signal);
    stop.abort();
    expect(await state(stopped)).toBe("rejected");
  });
});

describe("wakeOnNotify", () => {
  it("falls back to the timer, with a warning, when LISTEN fails", async () => {
    const log = captureLogger();
    const broken = { listen: async () => { throw new Error("connection refused"); } } as unknown as Db;
    const unlisten = await wakeOnNotify(broken, "bars", wakeableClock(new ManualClock(T0)), log.logger);
    expect(log.events("loop.wake_unavailable")[0]).toMatchObject({ channel: "bars" });
    await expect(unlisten()).resolves.toBeUndefined();
  });

  it("starts the loop's next cycle early on a NOTIFY, and on the timer without one", async () => {
    const db = await freshPgliteDb({ migrationsDir: coreMigrationsDir() });
    const log = captureLogger();
    const inner = new ManualClock(T0);
    const clock = wakeableClock(inner);
    const unlisten = await wakeOnNotify(db, "bars", clock, log.logger);
    expect(log.events("loop.wake_listening")).toHaveLength(1);
    const controller = new AbortController();
    const starts: Date[] = [];
    const done = runLoop({
      name: "wake-test", mode: "LOOP", intervalMs: MINUTE, clock, logger: log.logger, db, signal: controller.signal,
      identity: { service: "wake-test", instance: "i1", buildId: "b" },
      runCycle: async (ctx) => {
        starts.push(ctx.now);
        if (starts.length === 3) controller.abort();
      },
    });
    await waitFor(() => starts.length === 1);
    await inner.whenSleeping();
    await db.notify("bars", T0.toISOString());
    await waitFor(() => starts.length === 2);
    await inner.whenSleeping();
    // No notification now: only the interval timer ends this sleep.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(starts).toHaveLength(2);
    inner.set(inner.nextWake ?? T0);
    expect(await done).toBe(0);
    expect(starts.map((d) => d.getTime() - T0.getTime())).toEqual([0, 0, MINUTE]);
    await unlisten();
    await db.close();
  });
});

describe("runServiceMain with wakeOn", () => {
  const dir = mkdtempSync(join(tmpdir(), "ops-wake-on-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("listens on the channel, so a NOTIFY starts the next cycle before the interval ends", async () => {
    const url = `pglite:${join(dir, "db")}`;
    const seed = await openDb(url);
    await runMigrations(seed);
    await seed.close();
    const clock = new ManualClock(T0);
    let db: Db | undefined;
    const starts: Date[] = [];
    const done = runServiceMain({
      name: "demo",
      loadConfig: (env) => loadConfig(baseServiceSchema, env),
      wakeOn: (config) => `${config.OPS_SERVICE}_input`,
      setup: async (ctx) => {
        db = ctx.db;
        return {
          clock,
          runCycle: async (cycle) => {
            starts.push(cycle.now);
            // A fatal error is the one way to end a LOOP-mode service from inside.
            if (starts.length === 3) throw new FatalError("test over");
          },
        };
      },
    }, { DATABASE_URL: url, MODE: "LOOP", OPS_SERVICE: "demo", OPS_LOOP_INTERVAL_S: "60", OPS_INSTANCE: "t1", LOG_LEVEL: "silent" });
    await waitFor(() => starts.length === 1);
    await clock.whenSleeping();
    await db?.notify("demo_input", "1");
    await waitFor(() => starts.length === 2);
    await clock.whenSleeping();
    clock.set(clock.nextWake ?? T0);
    expect(await done).toBe(1);
    expect(starts.map((d) => d.getTime() - T0.getTime())).toEqual([0, 0, MINUTE]);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clocks/manual-clock.js";
import type { Db } from "../src/db/types.js";
import { FatalError, TransientError } from "../src/errors.js";
import { runLoop, type CycleContext, type RunLoopOptions } from "../src/loop/run-loop.js";
import { freshPgliteDb } from "../src/testing/fresh-db.js";
import { waitFor } from "./db-contract.js";
import { captureLogger, coreMigrationsDir, type CapturedLog } from "./helpers.js";

const START = new Date("2026-03-02T14:30:00.000Z");
const MINUTE = 60_000;

interface HeartbeatRow {
  build_id: string;
  cycles: number;
  counts: Record<string, number>;
  last_error: string | null;
  last_error_at: Date | null;
  last_success_at: Date | null;
  consecutive_failures: number;
  cycle_started_at: Date | null;
  cycle_finished_at: Date | null;
}

let db: Db;
beforeAll(async () => {
  db = await freshPgliteDb({ migrationsDir: coreMigrationsDir() });
});
afterAll(async () => {
  await db?.close();
});
beforeEach(async () => {
  await db.query("DELETE FROM service_heartbeats; DELETE FROM service_leases");
});

function loopOptions(
  log: CapturedLog,
  clock: ManualClock,
  controller: AbortController,
  runCycle: RunLoopOptions["runCycle"],
  overrides: Partial<RunLoopOptions> = {},
): RunLoopOptions {
  return {
    name: "test-loop",
    mode: "LOOP",
    intervalMs: MINUTE,
    clock,
    logger: log.logger,
    db,
    identity: { service: "test-service", account: "tiny-1k", instance: "instance-a", buildId: "build-123" },
    signal: controller.signal,
    runCycle,
    ...overrides,
  };
}

/** Moves the manual clock to each wake-up the loop asks for, until the loop returns. */
async function drive(clock: ManualClock, done: Promise<unknown>): Promise<void> {
  let finished = false;
  void done.finally(() => {
    finished = true;
  });
  while (!finished) {
    await Promise.race([clock.whenSleeping(), done]);
    const wake = clock.nextWake;
    if (wake) clock.set(wake);
  }
}

async function heartbeat(): Promise<HeartbeatRow | undefined> {
  const result = await db.query<HeartbeatRow>(
    "SELECT * FROM service_heartbeats WHERE service = 'test-service' AND account = 'tiny-1k' AND instance = 'instance-a'",
  );
  return result.rows[0];
}

describe("runLoop", () => {
  it("keeps running after cycles throw (errors and non-errors), backing off exponentially (seed failure 4)", async () => {
    const log = captureLogger();
    const clock = new ManualClock(START);
    const controller = new AbortController();
    const cycleTimes: number[] = [];
    const done = runLoop(
      loopOptions(log, clock, controller, async (context) => {
        cycleTimes.push(context.now.getTime());
        if (cycleTimes.length === 1) throw new Error("broker timeout");
        if (cycleTimes.length === 2) throw "a bare string";
        if (cycleTimes.length === 3) return { processed: 3 };
        controller.abort();
        return { processed: 0 };
      }),
    );
    await drive(clock, done);
    expect(await done).toBe(0);
    const gaps = cycleTimes.slice(1).map((time, index) => (time - (cycleTimes[index] ?? 0)) / MINUTE);
    // After the 1st failure: one interval; after the 2nd: two; after a success: back to one.
    expect(gaps).toEqual([1, 2, 1]);
    const failed = log.events("cycle.failed");
    expect(failed.map((line) => (line.error as { message: string }).message)).toEqual(["broker timeout", "a bare string"]);
    expect(log.events("cycle.done").map((line) => line.counts)).toEqual([{ processed: 3 }, { processed: 0 }]);
  });

  it("logs one cycle.done line per cycle with counts, duration and the cycle id", async () => {
    const log = captureLogger();
    const clock = new ManualClock(START);
    const controller = new AbortController();
    const seen: CycleContext[] = [];
    const done = runLoop(
      loopOptions(log, clock, controller, async (context) => {
        seen.push(context);
        context.logger.info({ event: "step" }, "inside the cycle");
        if (seen.length === 2) controller.abort();
        return { pulled: 5, executed: 2, ignored: Number.NaN };
      }),
    );
    await drive(clock, done);
    const lines = log.events("cycle.done");
    expect(lines).toHaveLength(2);
    expect(lines[0]?.counts).toEqual({ pulled: 5, executed: 2 });
    expect(typeof lines[0]?.duration_ms).toBe("number");
    expect(lines.map((line) => line.cycle_id)).toEqual(seen.map((context) => context.cycleId));
    expect(new Set(lines.map((line) => line.cycle_id)).size).toBe(2);
    expect(log.events("step")[0]?.cycle_id).toBe(seen[0]?.cycleId);
    expect(seen[0]?.now.toISOString()).toBe(START.toISOString());
  });

  it("writes the heartbeat at cycle start and finish with build id, counts, cycles and the last error", async () => {
    const log = captureLogger();
    const clock = new ManualClock(START);
    const controller = new AbortController();
    const during: Array<HeartbeatRow | undefined> = [];
    let calls = 0;
    const done = runLoop(
      loopOptions(log, clock, controller, async () => {
        calls += 1;
        during.push(await heartbeat());
        if (calls === 2) throw new TransientError("quote feed 503");
        if (calls === 3) controller.abort();
        return { orders: calls };
      }),
    );
    await drive(clock, done);
    expect(during[0]).toMatchObject({ build_id: "build-123", cycles: 0 });
    expect(during[0]?.cycle_started_at).toBeInstanceOf(Date);
    expect(during[1]).toMatchObject({ cycles: 1, counts: { orders: 1 }, last_error: null });
    expect(during[2]).toMatchObject({ cycles: 2, last_error: "TransientError: quote feed 503", consecutive_failures: 1 });
    const final = await heartbeat();
    expect(final).toMatchObject({ cycles: 3, counts: { orders: 3 }, last_error: null, consecutive_failures: 0 });
    expect(final?.last_error_at).toBeInstanceOf(Date);
    expect(final?.last_success_at).toBeInstanceOf(Date);
    expect(final?.cycle_finished_at).toBeInstanceOf(Date);
  });

  it("in ONCE mode runs exactly one cycle and returns 0, or 1 when it threw", async () => {
    const clock = new ManualClock(START);
    let calls = 0;
    const ok = await runLoop(
      loopOptions(captureLogger(), clock, new AbortController(), async () => {
        calls += 1;
        return { n: 1 };
      }, { mode: "ONCE" }),
    );
    expect([ok, calls]).toEqual([0, 1]);
    const failed = await runLoop(
      loopOptions(captureLogger(), clock, new AbortController(), async () => {
        calls += 1;
        throw new Error("nope");
      }, { mode: "ONCE" }),
    );
    expect([failed, calls]).toEqual([1, 2]);
    expect(clock.sleeping).toBe(0);
  });

  it("stops with exit code 1 on a fatal error instead of retrying", async () => {
    const log = captureLogger();
    const clock = new ManualClock(START);
    let calls = 0;
    const code = await runLoop(
      loopOptions(log, clock, new AbortController(), async () => {
        calls += 1;
        throw new FatalError("account identity did not resolve");
      }),
    );
    expect(code).toBe(1);
    expect(calls).toBe(1);
    expect(log.events("cycle.failed")[0]?.fatal).toBe(true);
  });

  it("finishes the running cycle when asked to stop, then returns without starting another", async () => {
    const log = captureLogger();
    const clock = new ManualClock(START);
    const controller = new AbortController();
    let calls = 0;
    let sawAbortInside = false;
    const code = await runLoop(
      loopOptions(log, clock, controller, async (context) => {
        calls += 1;
        controller.abort();
        await new Promise((resolve) => setTimeout(resolve, 30));
        sawAbortInside = context.signal.aborted;
        return { finished: 1 };
      }),
    );
    expect(code).toBe(0);
    expect(calls).toBe(1);
    expect(sawAbortInside).toBe(true);
    expect(log.events("cycle.done")[0]?.counts).toEqual({ finished: 1 });
    expect(log.events("loop.stopped")).toHaveLength(1);
  });

  it("keeps running when the heartbeat cannot be written", async () => {
    const log = captureLogger();
    const clock = new ManualClock(START);
    const controller = new AbortController();
    const broken: Db = {
      ...db,
      kind: db.kind,
      query: async () => {
        throw new Error("connection refused");
      },
    };
    let calls = 0;
    const done = runLoop(
      loopOptions(log, clock, controller, async () => {
        calls += 1;
        if (calls === 2) controller.abort();
      }, { db: broken }),
    );
    await drive(clock, done);
    expect(await done).toBe(0);
    expect(calls).toBe(2);
    expect(log.events("heartbeat.failed").length).toBeGreaterThan(0);
  });

  it("returns 0 on stop even with a clock whose sleep rejects on abort", async () => {
    const clock = new ManualClock(START);
    const rejectingClock = {
      now: () => clock.now(),
      sleepUntil: (until: Date, signal?: AbortSignal) =>
        new Promise<void>((resolve, reject) => {
          signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")), { once: true });
          void clock.sleepUntil(until).then(resolve);
        }),
    };
    const controller = new AbortController();
    let calls = 0;
    const done = runLoop(
      loopOptions(captureLogger(), clock, controller, async () => {
        calls += 1;
      }, { clock: rejectingClock }),
    );
    await clock.whenSleeping();
    controller.abort();
    expect(await done).toBe(0);
    expect(calls).toBe(1);
  });

  it("rejects a non-positive interval", async () => {
    await expect(
      runLoop(loopOptions(captureLogger(), new ManualClock(START), new AbortController(), async () => undefined, { intervalMs: 0 })),
    ).rejects.toThrow(RangeError);
  });
});

describe("runLoop lease on PGlite (in-process)", () => {
  it("makes a second instance wait while the first runs, then take over after release", async () => {
    const clock = new ManualClock(START);
    const logA = captureLogger();
    const logB = captureLogger();
    const stopA = new AbortController();
    const stopB = new AbortController();
    let cyclesA = 0;
    let cyclesB = 0;
    const common = { lease: true, leasePollMs: 20, identity: { service: "dispatcher", account: "tiny-1k", instance: "", buildId: "b" } };
    const a = runLoop(
      loopOptions(logA, clock, stopA, async () => {
        cyclesA += 1;
      }, { ...common, identity: { ...common.identity, instance: "instance-a" } }),
    );
    await waitFor(() => cyclesA === 1);
    const b = runLoop(
      loopOptions(logB, clock, stopB, async () => {
        cyclesB += 1;
      }, { ...common, identity: { ...common.identity, instance: "instance-b" } }),
    );
    await waitFor(() => logB.events("lease.waiting").length > 0);
    expect(logB.events("lease.waiting")[0]?.holder).toBe("instance-a");
    // A keeps cycling (and renewing) while B only polls.
    await clock.whenSleeping(1);
    clock.advance(MINUTE);
    await waitFor(() => cyclesA === 2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(cyclesB).toBe(0);

    stopA.abort();
    expect(await a).toBe(0);
    await waitFor(() => cyclesB === 1);
    const lease = await db.query<{ holder: string }>("SELECT holder FROM service_leases WHERE service = 'dispatcher' AND account = 'tiny-1k'");
    expect(lease.rows).toEqual([{ holder: "instance-b" }]);

    stopB.abort();
    expect(await b).toBe(0);
    expect((await db.query("SELECT 1 FROM service_leases")).rowCount).toBe(0);
  });

  it("stops acting with exit code 1 when renewal finds another holder", async () => {
    const log = captureLogger();
    const clock = new ManualClock(START);
    let calls = 0;
    const done = runLoop(
      loopOptions(log, clock, new AbortController(), async () => {
        calls += 1;
        // Simulates a takeover after our lease expired while this process was stalled.
        await db.query("UPDATE service_leases SET holder = 'instance-z' WHERE service = 'test-service'");
      }, { lease: true, leasePollMs: 20 }),
    );
    await drive(clock, done);
    expect(await done).toBe(1);
    expect(calls).toBe(1);
    expect(log.events("lease.lost")[0]?.holder).toBe("instance-z");
    // The lease now belongs to the other holder and is left alone.
    const lease = await db.query<{ holder: string }>("SELECT holder FROM service_leases WHERE service = 'test-service'");
    expect(lease.rows).toEqual([{ holder: "instance-z" }]);
  });
});

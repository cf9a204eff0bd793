// Every cycle's log line carries CloudWatch embedded-metric fields, so the infra's alarms and dashboards read the
// same numbers from every service without an agent or API call.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clocks/manual-clock.js";
import type { Db } from "../src/db/types.js";
import { cycleMetrics, METRICS_NAMESPACE } from "../src/loop/cycle-metrics.js";
import { runLoop } from "../src/loop/run-loop.js";
import { captureLogger } from "../src/testing/capture-logger.js";
import { freshPgliteDb } from "../src/testing/fresh-db.js";
import { coreMigrationsDir } from "./helpers.js";

describe("cycleMetrics", () => {
  it("declares every metric it emits under the namespace with Service and Account dimensions", () => {
    const fields = cycleMetrics({
      service: "telemetry", account: undefined, at: new Date("2026-01-05T15:00:00Z"), durationMs: 42, failed: false,
      counts: { upserted: 390, inserted: 10, rejected: 2, rejected_future: 1, ordered: 0, fills: 0, unrelated: 99 },
    });
    const aws = fields._aws as { Timestamp: number; CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
    expect(aws.Timestamp).toBe(Date.parse("2026-01-05T15:00:00Z"));
    const [directive] = aws.CloudWatchMetrics;
    expect(directive!.Namespace).toBe(METRICS_NAMESPACE);
    expect(directive!.Dimensions).toEqual([["Service", "Account"]]);
    for (const { Name } of directive!.Metrics) expect(typeof fields[Name]).toBe("number");
    expect(fields).toMatchObject({ Service: "telemetry", Account: "all", CycleDurationMs: 42, Heartbeat: 1, CycleErrors: 0, RowsProcessed: 400, Rejects: 3, Orders: 0 });
  });

  it("counts a failed cycle as an error and still beats", () => {
    expect(cycleMetrics({ service: "dispatcher", account: "tiny-1k", at: new Date(0), durationMs: 5, failed: true, counts: {} }))
      .toMatchObject({ Account: "tiny-1k", CycleErrors: 1, Heartbeat: 1, RowsProcessed: 0 });
  });
});

describe("runLoop's cycle lines", () => {
  let db: Db;
  beforeAll(async () => {
    db = await freshPgliteDb({ migrationsDir: coreMigrationsDir() });
  });
  afterAll(async () => {
    await db.close();
  });

  it("puts the embedded metrics on cycle.done", async () => {
    const { logger, lines } = captureLogger("dispatcher");
    const code = await runLoop({
      name: "dispatcher", mode: "ONCE", intervalMs: 60_000, clock: new ManualClock(new Date("2013-10-07T15:00:00Z")), logger, db,
      identity: { service: "dispatcher", account: "large-100k", instance: "m1", buildId: "test" },
      runCycle: async () => ({ ordered: 1, fills: 2 }),
    });
    expect(code).toBe(0);
    const done = lines.find((l) => l.event === "cycle.done");
    expect(done).toMatchObject({ Service: "dispatcher", Account: "large-100k", Orders: 1, Fills: 2, Heartbeat: 1, CycleErrors: 0 });
    expect(done?._aws).toBeDefined();
  });
});

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
    expect(fields).toMatchObject({ Service: "telemetry", Account: "all", CycleDurationMs: 42, Heartbeat: 1, CycleErrors: 0, RowsProcessed: 390, Rejects: 2, Orders: 0 });
  });

  it("never counts the same rows or rejects twice: stages take the largest, a reject total beats its breakdown", () => {
    const at = new Date(0);
    const features = cycleMetrics({ service: "features", account: undefined, at, durationMs: 1, failed: false, counts: { computed: 120, upserted: 118 } });
    expect(features).toMatchObject({ RowsProcessed: 120 });
    const breakdownOnly = cycleMetrics({ service: "news", account: undefined, at, durationMs: 1, failed: false, counts: { rejected_size: 2, rejected_parse: 1 } });
    expect(breakdownOnly).toMatchObject({ Rejects: 3 });
  });

  it("counts the position manager's exit rejects with the dispatcher's entry rejects", () => {
    const at = new Date(0);
    const pm = cycleMetrics({ service: "position-manager", account: "tiny-1k", at, durationMs: 1, failed: false, counts: { exits_rejected: 2, exits_submitted: 5, close_exit_failures: 1 } });
    const dispatcher = cycleMetrics({ service: "dispatcher", account: "tiny-1k", at, durationMs: 1, failed: false, counts: { rejected: 1, skipped: 7, ordered: 3 } });
    expect(pm).toMatchObject({ Rejects: 2, Orders: 0 });
    expect(dispatcher).toMatchObject({ Rejects: 1, Orders: 3 });
  });

  it("reports automatic risk-mode changes and protection errors from the counts of those names, 0 elsewhere", () => {
    const at = new Date(0);
    const guarded = cycleMetrics({
      service: "position-manager", account: "large-100k", at, durationMs: 1, failed: false,
      counts: { risk_mode_changes: 2, risk_locks_added: 4, protection_errors: 1, marked: 3 },
    });
    expect(guarded).toMatchObject({ RiskModeChanges: 2, ProtectionErrors: 1, RowsProcessed: 3 });
    const names = (guarded._aws as { CloudWatchMetrics: { Metrics: { Name: string; Unit: string }[] }[] }).CloudWatchMetrics[0]!.Metrics;
    expect(names).toEqual(expect.arrayContaining([{ Name: "RiskModeChanges", Unit: "Count" }, { Name: "ProtectionErrors", Unit: "Count" }]));
    expect(cycleMetrics({ service: "telemetry", account: undefined, at, durationMs: 1, failed: false, counts: { upserted: 10 } }))
      .toMatchObject({ RiskModeChanges: 0, ProtectionErrors: 0 });
    expect(cycleMetrics({ service: "position-manager", account: "tiny-1k", at, durationMs: 1, failed: true, counts: {} }))
      .toMatchObject({ RiskModeChanges: 0, ProtectionErrors: 0, CycleErrors: 1 });
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
      runCycle: async () => ({ ordered: 1, fills: 2, risk_mode_changes: 1, protection_errors: 0 }),
    });
    expect(code).toBe(0);
    const done = lines.find((l) => l.event === "cycle.done");
    expect(done).toMatchObject({ Service: "dispatcher", Account: "large-100k", Orders: 1, Fills: 2, Heartbeat: 1, CycleErrors: 0, RiskModeChanges: 1, ProtectionErrors: 0 });
    expect(done?._aws).toBeDefined();
  });
});

// The pure rules behind pnpm status: the replay rule, the heartbeat thresholds, the verdict, the schema
// checker, and how a database URL is chosen and shown.
import { describe, expect, it } from "vitest";
import { redactDatabaseUrl, resolveDatabaseUrl } from "../ops/shared/database-url.js";
import { array, literal, nullable, number, object, string } from "../ops/shared/checker.js";
import { evaluateHealth } from "../ops/status/evaluate-health.js";
import { evaluateService } from "../ops/status/evaluate-service.js";
import { classifierMode } from "../ops/status/read-data-freshness.js";
import { parseStatusArgs } from "../ops/status/parse-status-args.js";
import { runStatusCli } from "../ops/status/run-status-cli.js";
import type { HeartbeatRow } from "../ops/status/read-heartbeats.js";
import { REPLAY_GAP_S, resolveStatusClock } from "../ops/status/resolve-status-clock.js";
import { serviceThresholds } from "../ops/status/service-thresholds.js";

const NOW = new Date("2026-03-03T15:00:00Z");
const minus = (s: number, from = NOW) => new Date(from.getTime() - s * 1000);
const never = () => false;

describe("the replay rule", () => {
  it("a database whose newest bar is years behind its newest heartbeat is a replay, aged from the replay's end", () => {
    const barAt = new Date("2013-10-07T20:04:00Z");
    const clock = resolveStatusClock({ now: NOW, newestHeartbeatAt: minus(600), newestBarAt: barAt, newestMarketAt: new Date("2013-10-07T20:05:00Z"), isMarketOpen: never });
    expect(clock).toMatchObject({ mode: "replay", heartbeatsAsOf: minus(600).toISOString(), marketAsOf: "2013-10-07T20:05:00.000Z" });
    expect(clock.note).toMatch(/10 min before now/);
  });

  it("a production database over a long weekend stays live, so a dead pipeline is still reported from now", () => {
    const friday = minus(3.5 * 86_400);
    const clock = resolveStatusClock({ now: NOW, newestHeartbeatAt: friday, newestBarAt: minus(60, friday), newestMarketAt: friday, isMarketOpen: never });
    expect(clock).toMatchObject({ mode: "live", heartbeatsAsOf: NOW.toISOString(), marketAsOf: NOW.toISOString() });
  });

  it("without heartbeats the gap is measured from now", () => {
    const old = minus(REPLAY_GAP_S + 60);
    expect(resolveStatusClock({ now: NOW, newestHeartbeatAt: null, newestBarAt: old, newestMarketAt: old, isMarketOpen: never }).mode).toBe("replay");
    expect(resolveStatusClock({ now: NOW, newestHeartbeatAt: null, newestBarAt: null, newestMarketAt: null, isMarketOpen: never }).mode).toBe("live");
  });
});

function heartbeat(overrides: Partial<HeartbeatRow> = {}): HeartbeatRow {
  return {
    service: "telemetry", account: null, instance: "i-1", buildId: "b1", startedAt: minus(7200), cycleStartedAt: minus(31), cycleFinishedAt: minus(30),
    lastSuccessAt: minus(30), lastError: null, lastErrorAt: null, consecutiveFailures: 0, counts: { bars: 4 }, cycles: 120, updatedAt: minus(30), ...overrides,
  };
}

describe("heartbeat thresholds", () => {
  it("a 60-s loop is stale after 180 s and down after 900 s; the hourly ai-watchlist after 3 h and 15 h", () => {
    expect(serviceThresholds("telemetry")).toEqual({ staleAfterS: 180, downAfterS: 900 });
    expect(serviceThresholds("classifier")).toEqual({ staleAfterS: 180, downAfterS: 900 });
    expect(serviceThresholds("ai-watchlist")).toEqual({ staleAfterS: 10_800, downAfterS: 54_000 });
    expect(serviceThresholds("ai-watchlist", 60)).toEqual({ staleAfterS: 60, downAfterS: 300 });
  });

  it.each([
    ["fresh", "ok", {}],
    ["181 s old", "stale", { updatedAt: minus(181) }],
    ["901 s old", "down", { updatedAt: minus(901) }],
    ["after one failed cycle", "ok", { consecutiveFailures: 1, lastError: "timeout" }],
    ["after two failed cycles", "failing", { consecutiveFailures: 2, lastError: "timeout" }],
    ["after ten failed cycles", "down", { consecutiveFailures: 10, lastError: "timeout" }],
  ] as const)("a heartbeat %s is %s", (_name, state, overrides) => {
    expect(evaluateService(heartbeat(overrides), NOW, serviceThresholds("telemetry")).state).toBe(state);
  });

  it("derives the last cycle's duration, and none while a cycle is running", () => {
    expect(evaluateService(heartbeat(), NOW, serviceThresholds("telemetry"))).toMatchObject({ lastCycleDurationMs: 1000, cycleInProgress: false, cyclesPerHour: 60.3 });
    const running = evaluateService(heartbeat({ cycleStartedAt: minus(5) }), NOW, serviceThresholds("telemetry"));
    expect(running).toMatchObject({ lastCycleDurationMs: null, cycleInProgress: true });
  });
});

describe("the verdict", () => {
  const ok = evaluateService(heartbeat(), NOW, serviceThresholds("telemetry"));
  it("is the worst finding, with exit codes 0, 1, 2", () => {
    expect(evaluateHealth({ databaseError: null, pendingMigrations: [], services: [ok], data: null, trading: null })).toEqual({ overall: "ok", exitCode: 0, reasons: [] });
    expect(evaluateHealth({ databaseError: null, pendingMigrations: ["0003"], services: [ok], data: null, trading: null }).exitCode).toBe(1);
    const stale = { ...ok, state: "stale" as const, health: "degraded" as const, heartbeatAgeS: 200 };
    const down = { ...ok, service: "features", state: "missing" as const, health: "down" as const };
    const verdict = evaluateHealth({ databaseError: null, pendingMigrations: [], services: [stale, down], data: null, trading: null });
    expect(verdict).toMatchObject({ overall: "down", exitCode: 2 });
    expect(verdict.reasons).toEqual(["degraded: telemetry: heartbeat 200 s old (stale after 180 s)", "down: features: no heartbeat ever written"]);
    expect(evaluateHealth({ databaseError: "ECONNREFUSED", pendingMigrations: [], services: [], data: null, trading: null }).exitCode).toBe(2);
  });
});

describe("the structural checker", () => {
  const schema = object({ name: string(), level: literal("ok", "down"), age: nullable(number()), tags: array(string()) });
  it("accepts a conforming value and names every problem of one that is not", () => {
    expect(schema.check({ name: "a", level: "ok", age: null, tags: ["x"] })).toEqual([]);
    expect(schema.check({ name: 1, level: "meh", age: Number.NaN, tags: [2], extra: true })).toEqual([
      "$.name: expected string, got number",
      '$.level: expected one of "ok", "down", got string',
      "$.age: expected finite number, got number",
      "$.tags[0]: expected string, got number",
      "$.extra: unexpected key",
    ]);
  });
});

describe("choosing and showing the database", () => {
  it("prefers --database, then DATABASE_URL, then the PGlite directory pnpm start leaves", () => {
    expect(resolveDatabaseUrl("pglite:/a", { DATABASE_URL: "postgres://x/y" })).toBe("pglite:/a");
    expect(resolveDatabaseUrl(undefined, { DATABASE_URL: "postgres://x/y" })).toBe("postgres://x/y");
    expect(resolveDatabaseUrl(undefined, {}, "/")).toBe("pglite:/");
    expect(() => resolveDatabaseUrl(undefined, {}, "/nonexistent/ops")).toThrow(/pass --database URL or set DATABASE_URL/);
  });

  it("never shows a password", () => {
    expect(redactDatabaseUrl("postgres://ops:s3cret@db.internal:5432/ops?sslmode=require&password=x")).toBe("postgres://ops:***@db.internal:5432/ops?sslmode=require&password=***"); // secret-scan: allow (fake)
    expect(redactDatabaseUrl("pglite:/work/.data/pipeline")).toBe("pglite:/work/.data/pipeline");
  });

  it("rejects a malformed --now or threshold as a usage error", () => {
    expect(() => parseStatusArgs(["--now", "yesterday"])).toThrow(/--now: expected an ISO-8601 time/);
    expect(() => parseStatusArgs(["--stale-after-s", "-5"])).toThrow(/--stale-after-s/);
    expect(() => parseStatusArgs(["--bogus"])).toThrow();
    expect(parseStatusArgs(["--json", "--stale-after-s", "90"])).toMatchObject({ json: true, staleAfterS: 90 });
  });
});

describe("the status CLI without a usable database", () => {
  const cli = async (argv: string[], env: Record<string, string> = {}) => {
    let out = "";
    let err = "";
    const code = await runStatusCli(argv, { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env });
    return { code, out, err };
  };

  it("exits 2 and says why when the PGlite directory does not exist (it is never created empty)", async () => {
    const r = await cli(["--database", "pglite:/nonexistent/ops-status-test"]);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/unreachable: no PGlite database at \/nonexistent\/ops-status-test/);
  });

  it("shows a postgres URL without its password when it cannot connect", async () => {
    const r = await cli(["--json"], { DATABASE_URL: "postgres://ops:hunter22@127.0.0.1:1/ops" });
    expect(r.code).toBe(2);
    expect(r.out).not.toContain("hunter22");
    expect(JSON.parse(r.out)).toMatchObject({ database: { target: "postgres://ops:***@127.0.0.1:1/ops", reachable: false } });
  });

  it("prints help with the thresholds and exits 0; a bad option exits 64", async () => {
    const help = await cli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/0 healthy, 1 degraded, 2 down/);
    expect((await cli(["--frobnicate"])).code).toBe(64);
  });
});

describe("the classifier mode shown", () => {
  it.each([
    ["finbert-onnx-q8", "finbert"],
    ["lexicon-v2", "lexicon"],
    // The fallback names what it stands in for; it is the lexicon, not FinBERT.
    ["lexicon-v2:fallback-no-finbert", "lexicon"],
    ["something-else", "unknown"],
  ] as const)("%s → %s", (model, mode) => {
    expect(classifierMode(model)).toBe(mode);
  });

  it("is none before anything was classified", () => {
    expect(classifierMode(null)).toBe("none");
  });
});

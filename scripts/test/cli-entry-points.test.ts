// The real entry points as `pnpm status` / `pnpm ops` start them (a child process through tsx) against a
// PGlite directory on disk: exit codes, JSON on stdout, and the audit trail of an action.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { openDb, runMigrations } from "@ops/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPECTED_SERVICES } from "../ops/status/service-thresholds.js";
import { statusReportProblems } from "../ops/status/status-report.js";
import type { StatusReport } from "../ops/status/status-report.js";

const repoRoot = resolve(import.meta.dirname, "..", "..");
let dir: string;

function run(script: "status" | "ops", args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--conditions=development", "--import", "tsx", `scripts/${script}.ts`, ...args], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", USER: "cli-tester", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "ops-cli-test-"));
  const db = await openDb(`pglite:${dir}`);
  try {
    await runMigrations(db);
    await db.query(`UPDATE risk_state SET trading_enabled = true, halted_reason = NULL, updated_by = 'test'`);
    for (const s of EXPECTED_SERVICES) {
      // Heartbeats are written with the database clock, as the loop runner writes them.
      await db.query(
        `INSERT INTO service_heartbeats (service, account, instance, build_id, started_at, cycle_started_at, cycle_finished_at, last_success_at, cycles)
         VALUES ($1, $2, 'cli', 'b1', now() - interval '1 hour', now() - interval '2 seconds', now() - interval '1 second', now(), 60)`,
        [s.service, s.account ?? ""],
      );
    }
  } finally {
    await db.close();
  }
}, 60_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("pnpm status and pnpm ops as processes", () => {
  it("status --json exits 0 on a healthy database and prints a valid report", async () => {
    const r = await run("status", ["--database", `pglite:${dir}`, "--json"]);
    const report = JSON.parse(r.stdout) as StatusReport;
    expect(statusReportProblems(report)).toEqual([]);
    expect(r.code).toBe(0);
    expect(report.services).toHaveLength(EXPECTED_SERVICES.length);
  });

  it("ops halt is audited and status then shows the account halted", async () => {
    const halt = await run("ops", ["halt", "--account", "tiny-1k", "--reason", "cli test", "--database", `pglite:${dir}`]);
    expect(halt).toMatchObject({ code: 0, stdout: expect.stringMatching(/^tiny-1k halted/) });
    const status = await run("status", ["--database", `pglite:${dir}`]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/tiny-1k\s+HALTED\s+halted: cli test/);
    const db = await openDb(`pglite:${dir}`);
    try {
      expect((await db.query(`SELECT actor, action, target FROM ops_audit_log`)).rows).toEqual([{ actor: "cli-tester", action: "halt", target: "tiny-1k" }]);
    } finally {
      await db.close();
    }
  });
});

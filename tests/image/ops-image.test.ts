// The ops image (docker/Dockerfile with SERVICE=ops) without Docker, as image-smoke.test.ts does for the services:
// its folder is prepared by docker/prepare-service.mjs, its own runner migrates a PGlite database, and the status
// task's command (the one `pnpm status --aws` sends to ECS) runs in it. On AWS the report is read back from the
// task's log stream, so what matters is that the command exists in the image, starts without pnpm or tsx, reads the
// database, and prints a valid JSON report with the verdict as its exit code.
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCRIPT_IMAGES } from "../../docker/script-images.mjs";
import { OPS_IMAGE_NAME, OPS_TASK_COMMAND } from "../../infra/lib/config/names.js";
import { openDb } from "../../packages/core/src/index.js";
import { AWS_DEFAULTS } from "../../scripts/ops/aws/aws-defaults.js";
import { EXPECTED_SERVICES } from "../../scripts/ops/status/service-thresholds.js";
import { statusReportProblems } from "../../scripts/ops/status/status-report.js";
import type { StatusReport } from "../../scripts/ops/status/status-report.js";
import { DEV_ONLY, baseEnv, dockerCmd, migrateWith, prepareImage, runProcess, summary } from "./prepared-image.js";
import type { Exit } from "./prepared-image.js";

/** Packages the scripts package depends on that the status CLI does not import: they must not reach the image. */
const NOT_FOR_STATUS = ["@ops+svc-", "@ops+broker-alpaca", "@ops+execution", "@ops+sentiment", "@aws-sdk+client-ecs", "onnxruntime-node", "uplot"];

function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();
}

describe("the ops image (SERVICE=ops: the status CLI for the one-off status task)", () => {
  let workDir = "";
  let prepared: Exit | undefined;
  let migration: Exit | undefined;
  const imageDir = (): string => join(workDir, OPS_IMAGE_NAME);
  const databaseUrl = (): string => `pglite:${join(workDir, "db")}`;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), "ops-image-ops-"));
    prepared = await prepareImage(OPS_IMAGE_NAME, imageDir());
    if (prepared.code !== 0) return;
    migration = await migrateWith(imageDir(), databaseUrl());
    if (migration.code !== 0) return;
    // A heartbeat per expected service, so the report can only be right if the image really read these rows.
    const db = await openDb(databaseUrl());
    try {
      for (const expected of EXPECTED_SERVICES) {
        await db.query(
          `INSERT INTO service_heartbeats (service, account, instance, build_id, cycle_started_at, cycle_finished_at, last_success_at, cycles)
           VALUES ($1, $2, 'ops-image-test', 'smoke', now(), now(), now(), 7)`,
          [expected.service, expected.account ?? ""],
        );
      }
    } finally {
      await db.close();
    }
  }, 300_000);

  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it("is what infra builds for the status task, and the status task's command is the CLI's", () => {
    expect(Object.keys(SCRIPT_IMAGES)).toContain(OPS_IMAGE_NAME);
    expect([...AWS_DEFAULTS.statusCommand]).toEqual([...OPS_TASK_COMMAND]);
    // The image's own CMD plus --json: the task starts what `docker run` of the image starts.
    expect([...AWS_DEFAULTS.statusCommand]).toEqual([...dockerCmd(), "--json"]);
  });

  it("is prepared: the status CLI transpiled, production dependencies it imports only, migrations, import-checked", () => {
    expect(prepared, "prepare did not run").toBeDefined();
    expect(prepared?.code, summary(prepared as Exit)).toBe(0);
    expect(readdirSync(imageDir()).sort()).toEqual(["certs", "dist", "node_modules", "package.json", "runtime"]);
    const code = filesBelow(join(imageDir(), "dist")).filter((file) => file.endsWith(".js"));
    expect(code).toContain("main.js");
    expect(code).toContain(join("ops", "status", "run-status-cli.js"));
    // Only the sources script-images.mjs lists: no ops actions, AWS code, pipeline, bench or tests.
    expect(code.filter((file) => !/^(main\.js|ops[\\/](status|shared)[\\/])/.test(file))).toEqual([]);
    const installed = readdirSync(join(imageDir(), "node_modules", ".pnpm"));
    for (const unwanted of [...DEV_ONLY, ...NOT_FOR_STATUS]) {
      expect(installed.filter((entry) => entry.startsWith(unwanted)), `${unwanted} is not used by the status CLI`).toEqual([]);
    }
    expect(readdirSync(join(imageDir(), "node_modules", "@ops")).sort()).toEqual(["core", "trading"]);
    expect(existsSync(join(imageDir(), "node_modules", "@ops", "core", "src")), "TypeScript sources are pruned").toBe(false);
  });

  it("migrates a fresh PGlite database with its own runner", () => {
    expect(migration, "prepare failed, nothing migrated").toBeDefined();
    expect(migration?.code, summary(migration as Exit)).toBe(0);
  });

  it("runs the status task's command on the migrated database: a valid JSON report whose verdict is the exit code", async () => {
    expect(migration?.code).toBe(0);
    const [command, ...args] = AWS_DEFAULTS.statusCommand;
    // What the task definition gives the container, with the database as a URL instead of the OPS_DB_* parts
    // (those compose a TLS-verified RDS URL; database-url.test.ts covers that preload).
    const run = await runProcess(command as string, args, imageDir(), baseEnv({ DATABASE_URL: databaseUrl(), BUILD_ID: "smoke", OPS_SERVICE: "ops" }), 60_000);
    expect([0, 1, 2], summary(run)).toContain(run.code);
    const report = JSON.parse(run.stdout) as StatusReport;
    expect(statusReportProblems(report)).toEqual([]);
    expect(report.health.exitCode).toBe(run.code);
    expect(report.database).toMatchObject({ reachable: true, error: null, pendingMigrations: [] });
    expect(report.services.map((service) => service.instance)).toEqual(EXPECTED_SERVICES.map(() => "ops-image-test"));
    expect(report.health.reasons.filter((reason) => reason.includes("no heartbeat"))).toEqual([]);
    expect(run.stderr, summary(run)).not.toMatch(/status failed|Error/);
  }, 120_000);
});

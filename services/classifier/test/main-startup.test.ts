import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openDb, runMigrations } from "@ops/core";
import { freshPostgresDb, postgresTestUrl, type FreshPostgresDb } from "@ops/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LEXICON_FALLBACK_MODEL_NAME } from "../src/build-model.js";
import { useTinyModelDirs } from "./tiny-model.js";

// The service's real entry point in a child process: what an operator sees at startup.
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../../..");
const mainTs = path.join(repoRoot, "services", "classifier", "src", "main.ts");
const tinyModelDir = useTinyModelDirs();

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  lines: Array<Record<string, unknown>>;
}

function runMain(env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=development", "--import", "tsx", mainTs], {
      cwd: repoRoot,
      // No inherited secrets or CI settings: only what the service needs.
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", OPS_LOOP_INTERVAL_S: "30", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const lines = stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, unknown>);
      resolve({ code, stdout, stderr, lines });
    });
  });
}

describe("classifier main() at startup", () => {
  let root: string;
  let dbUrl: string;
  let postgres: FreshPostgresDb | undefined;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "ops-classifier-main-"));
    // Real PostgreSQL when there is one (fast); otherwise an on-disk PGlite the child can open.
    const adminUrl = postgresTestUrl();
    if (adminUrl) {
      postgres = await freshPostgresDb(adminUrl);
      dbUrl = postgres.url;
    } else {
      dbUrl = `pglite:${path.join(root, "db")}`;
    }
    const db = postgres?.db ?? (await openDb(dbUrl));
    if (!postgres) await runMigrations(db);
    await db.query(`INSERT INTO news_articles (dedupe_key, title) VALUES ('a', 'Acme shares plunge on fraud probe'), ('b', 'Acme beats estimates')`);
    if (!postgres) await db.close();
  });
  afterAll(async () => {
    await postgres?.cleanup();
    await rm(root, { recursive: true, force: true });
  });

  it("stops with exit 1 and a message naming a corrupt model file, before touching the database", async () => {
    const dir = await tinyModelDir();
    const onnx = path.join(dir, "onnx", "model_quantized.onnx");
    await writeFile(onnx, "not a model");
    const run = await runMain({ DATABASE_URL: "pglite:memory", MODE: "ONCE", OPS_CLASSIFIER_MODEL_DIR: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`startup failed: sentiment model file ${onnx}: does not load as an ONNX model`);
    expect(run.lines.some((l) => l.level === "fatal" && String(l.message).includes(onnx))).toBe(true);
  });

  it("without model files, announces lexicon mode, stores the fallback model name and reports it in the cycle counts", async () => {
    const run = await runMain({ DATABASE_URL: dbUrl, MODE: "ONCE", OPS_CLASSIFIER_MODEL_DIR: path.join(root, "no-model-here") });
    expect(run.code, run.stderr).toBe(0);
    const fallback = run.lines.find((l) => l.event === "classifier.model_fallback");
    expect(fallback).toMatchObject({ level: "warn", model: LEXICON_FALLBACK_MODEL_NAME });
    expect(run.lines.find((l) => l.event === "cycle.done")).toMatchObject({ counts: { classified: 2, lexicon_fallback: 1 } });
    expect(run.lines.find((l) => l.event === "loop.wake_listening")).toMatchObject({ channel: "news_articles_inserted" });
    const db = postgres?.db ?? (await openDb(dbUrl));
    const models = await db.query<{ model: string }>(`SELECT DISTINCT model FROM classifications`);
    if (!postgres) await db.close();
    expect(models.rows).toEqual([{ model: LEXICON_FALLBACK_MODEL_NAME }]);
  });
});

// The service as its own process: `node --import tsx --conditions=development src/main.ts`, MODE=ONCE.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openDb, runMigrations } from "@ops/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const SERVICE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function runMain(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--conditions=development", "src/main.ts"], {
      cwd: SERVICE_DIR,
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "ops-ai-watchlist-"));
  const db = await openDb(`pglite:${dir}`);
  await runMigrations(db);
  await db.close();
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe("ai-watchlist main (MODE=ONCE)", () => {
  it("runs one cycle in no-AI mode, exits 0 and leaves the configured universe behind", async () => {
    const result = await runMain({ DATABASE_URL: `pglite:${dir}`, MODE: "ONCE", OPS_UNIVERSE_SYMBOLS: "SPY,aapl" });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const events = result.stdout.trim().split("\n").map((l) => (JSON.parse(l) as { event?: string }).event);
    expect(events).toContain("service.starting");
    expect(events).toContain("ai_watchlist.no_ai_mode");
    expect(events).toContain("cycle.done");

    const db = await openDb(`pglite:${dir}`);
    try {
      const symbols = (await db.query<{ symbol: string }>("SELECT symbol FROM tradable_universe ORDER BY symbol")).rows;
      expect(symbols.map((r) => r.symbol)).toEqual(["AAPL", "SPY"]);
    } finally {
      await db.close();
    }
  });

  it("refuses to start, naming the variable, when no universe is configured", async () => {
    const result = await runMain({ DATABASE_URL: `pglite:${dir}`, MODE: "ONCE" });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/OPS_UNIVERSE_SYMBOLS/);
  });

  it("in Bedrock mode refuses to start without the data account's Alpaca keys (no call is made)", async () => {
    const result = await runMain({ DATABASE_URL: `pglite:${dir}`, MODE: "ONCE", OPS_BEDROCK_MODEL_ID: "anthropic.claude-3", AWS_REGION: "us-east-1" });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/ALPACA_KEY_ID_LARGE_100K/);
  });
});

// telemetry as its own process against the simulator: MODE=ONCE, OPS_CLOCK=sim (market time from the
// simulator's GET /v2/clock), keys from the environment as the secret source reads them locally.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_SIM_ACCOUNTS, InMemoryMarketData, SimClock, dataRoutes, startSimulator } from "@ops/alpaca-sim";
import type { OptionMarket, RunningSimulator } from "@ops/alpaca-sim";
import { MarketCalendar, etDateTime, openDb, runMigrations } from "@ops/core";
import type { Bar } from "@ops/trading";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const SERVICE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const at = (hhmm: string): Date => etDateTime("2024-03-05", hhmm);

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

const bars: Bar[] = ["AAA", "BBB"].flatMap((symbol, s) =>
  Array.from({ length: 30 }, (_, minute) => {
    const open = 50 + s * 10 + minute * 0.01;
    return { symbol, ts: new Date(at("09:30").getTime() + minute * 60_000), open, high: open + 0.05, low: open - 0.05, close: open, volume: 500 };
  }),
);
const noOptions: OptionMarket = { contracts: () => [], quote: () => undefined };

let dir: string;
let sim: RunningSimulator;
beforeAll(async () => {
  const marketData = new InMemoryMarketData(bars);
  sim = await startSimulator({
    marketData, optionMarket: noOptions, clock: new SimClock({ start: at("09:45") }),
    calendar: MarketCalendar.nyse(2024, 2024), extraRoutes: dataRoutes({ marketData, optionMarket: noOptions }),
  });
  dir = await mkdtemp(path.join(tmpdir(), "ops-telemetry-"));
  const db = await openDb(`pglite:${dir}`);
  await runMigrations(db);
  await db.query("INSERT INTO universe (symbol, source, status, updated_by) VALUES ('AAA', 'config', 'active', 't'), ('BBB', 'config', 'active', 't')");
  await db.close();
});
afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

describe("telemetry main (MODE=ONCE, OPS_CLOCK=sim)", () => {
  it("fetches the simulator's bars up to its clock, exits 0, and never logs the secret", async () => {
    const keys = DEFAULT_SIM_ACCOUNTS.find((a) => a.id === "large-100k");
    if (!keys) throw new Error("no simulator account");
    const result = await runMain({
      DATABASE_URL: `pglite:${dir}`,
      MODE: "ONCE",
      OPS_CLOCK: "sim",
      OPS_ALPACA_TRADING_URL: sim.url,
      OPS_ALPACA_DATA_URL: sim.url,
      ALPACA_KEY_ID_LARGE_100K: keys.keyId,
      ALPACA_SECRET_KEY_LARGE_100K: keys.secretKey,
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain(keys.secretKey);
    const done = result.stdout.trim().split("\n").map((l) => JSON.parse(l) as { event?: string; counts?: Record<string, number> })
      .find((l) => l.event === "cycle.done");
    // 09:30..09:44 are complete at the simulator's 09:45: 15 bars for each of the two symbols.
    expect(done?.counts).toMatchObject({ symbols: 2, fetched: 30, upserted: 30, rejected: 0 });

    const db = await openDb(`pglite:${dir}`);
    try {
      const stored = await db.query<{ symbol: string; n: number; newest: Date }>(
        "SELECT symbol, count(*)::int AS n, max(ts) AS newest FROM bars GROUP BY symbol ORDER BY symbol",
      );
      expect(stored.rows).toEqual([
        { symbol: "AAA", n: 15, newest: at("09:44") },
        { symbol: "BBB", n: 15, newest: at("09:44") },
      ]);
    } finally {
      await db.close();
    }
  });

  it("refuses to start without the account's keys, naming the missing secret", async () => {
    const result = await runMain({ DATABASE_URL: `pglite:${dir}`, MODE: "ONCE", OPS_ALPACA_TRADING_URL: sim.url, OPS_ALPACA_DATA_URL: sim.url });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/ALPACA_KEY_ID_LARGE_100K/);
  });
});

// Spawns services/dispatcher/src/main.ts as its own process, as ECS and the e2e run it, with one
// account's simulator keys, and reports how it ended (exit code or the signal that killed it).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { DEFAULT_SIM_ACCOUNTS } from "@ops/alpaca-sim";
import type { AccountId } from "@ops/trading";

const MAIN = fileURLToPath(new URL("../../src/main.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

export interface ProcessResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runDispatcherProcess(env: Record<string, string>): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--conditions=development", MAIN], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** MODE=ONCE on the simulator's clock with the account's own simulator keys. */
export function simProcessEnv(p: { account: AccountId; databaseUrl: string; simUrl: string; instance: string; extra?: Record<string, string> }): Record<string, string> {
  const keys = DEFAULT_SIM_ACCOUNTS.find((a) => a.id === p.account);
  if (keys === undefined) throw new Error(`no simulator account ${p.account}`);
  const suffix = p.account === "large-100k" ? "LARGE_100K" : "TINY_1K";
  return {
    OPS_ACCOUNT: p.account,
    OPS_INSTANCE: p.instance,
    MODE: "ONCE",
    OPS_CLOCK: "sim",
    LOG_LEVEL: "info",
    DATABASE_URL: p.databaseUrl,
    OPS_ALPACA_TRADING_URL: p.simUrl,
    OPS_ALPACA_DATA_URL: p.simUrl,
    [`ALPACA_KEY_ID_${suffix}`]: keys.keyId,
    [`ALPACA_SECRET_KEY_${suffix}`]: keys.secretKey,
    ...p.extra,
  };
}

/** The counts of each `cycle.done` line the process printed. */
export function cycleCounts(stdout: string): Record<string, number>[] {
  return stdout
    .split("\n")
    .filter((l) => l.includes('"cycle.done"'))
    .map((l) => (JSON.parse(l) as { counts: Record<string, number> }).counts);
}

// `pnpm sim`: runs the Alpaca simulator on a local port until SIGINT/SIGTERM.
//   pnpm sim [--port 8765] [--data <shared data dir>] [--bars <bar folder>] [--day YYYY-MM-DD[,…]]
//            [--symbols SPY,BAC] [--speed 0] [--start <RFC 3339 | HH:MM on the first day>]
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { etDateTime } from "@ops/core";
import { createDefaultSimulator, type DefaultSimulatorOptions } from "./create-default-simulator.js";

const DEFAULT_PORT = 8765;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

function fail(message: string): never {
  process.stderr.write(`pnpm sim: ${message}\n`);
  process.exit(2);
}

function parseStart(raw: string | undefined, firstDay: string | undefined): Date | undefined {
  if (raw === undefined) return undefined;
  if (/^\d{2}:\d{2}$/.test(raw)) {
    if (firstDay === undefined) fail("--start HH:MM needs --day (or give a full RFC 3339 timestamp)");
    return etDateTime(firstDay, raw);
  }
  const d = new Date(raw);
  if (Number.isNaN(d.getTime())) fail(`--start: not a timestamp: ${raw}`);
  return d;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: String(DEFAULT_PORT) },
      host: { type: "string", default: "127.0.0.1" },
      data: { type: "string", default: path.resolve(repoRoot, "..", "shared", "data") },
      bars: { type: "string" },
      day: { type: "string" },
      symbols: { type: "string" },
      speed: { type: "string", default: "0" },
      start: { type: "string" },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) fail(`--port: not a port: ${values.port}`);
  const speed = Number(values.speed);
  if (!Number.isFinite(speed) || speed < 0) fail(`--speed must be >= 0 (0 = manual clock)`);
  const days = values.day?.split(",").map((d) => d.trim()).filter((d) => d !== "");
  for (const d of days ?? []) if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) fail(`--day: expected YYYY-MM-DD, got ${d}`);
  const symbols = values.symbols?.split(",").map((s) => s.trim().toUpperCase()).filter((s) => s !== "");
  const start = parseStart(values.start, days?.[0]);

  const options: DefaultSimulatorOptions = {
    sharedDataDir: values.data,
    host: values.host,
    port,
    speed,
    ...(values.bars ? { barsDir: values.bars } : {}),
    ...(days ? { days } : {}),
    ...(symbols ? { symbols } : {}),
    ...(start ? { start } : {}),
  };
  const sim = await createDefaultSimulator(options);
  const lines = [
    `alpaca-sim listening on ${sim.url}`,
    `  replay: ${sim.symbols.join(", ")} on ${sim.days.join(", ")}`,
    `  clock: ${sim.clock.now().toISOString()} (${speed === 0 ? "manual: POST /sim/clock to advance" : `${speed}x wall time`})`,
    "  accounts (development keys, valid only against this simulator):",
    ...sim.accounts.map((a) => `    ${a.id}: APCA-API-KEY-ID=${a.keyId} APCA-API-SECRET-KEY=${a.secretKey} cash=${a.cash}`),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);

  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    process.stdout.write(`alpaca-sim: ${signal}, closing\n`);
    sim.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`alpaca-sim: close failed: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((err: unknown) => {
  process.stderr.write(`alpaca-sim: failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});

// `npm start` / `pnpm start`: the whole pipeline on embedded defaults. Every service runs in this one process on
// one shared database (a PGlite file by default), against the local Alpaca-compatible simulator, on the
// simulator's replay clock: each simulated minute the clock moves forward and every service runs one cycle, in
// pipeline order, exactly as its LOOP would in production (same cycle functions, same SQL, same broker client
// over HTTP). Ends with a summary per account.
import { createWriteStream, existsSync, mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Broker } from "@ops/broker-alpaca";
import { etDateTime, etParts, MarketCalendar, openDb, runMigrations, toError, type Db } from "@ops/core";
import type { AccountId } from "@ops/trading";
import { startInProcessPipeline } from "./pipeline/in-process-pipeline.js";
import { writeReport } from "./report/write-report.js";
import { printSummary, readSummary } from "./start-summary.js";

const repoRoot = resolve(import.meta.dirname, "..");
const DEFAULT_DAY = "2013-10-07";
const DEFAULT_SYMBOLS = ["SPY", "BAC", "IBM", "AIG"];

const HELP = `Usage: npm start -- [options]   (or: pnpm start -- [options])

Runs every ops-pipeline service in one process over one replayed trading day, against the local
Alpaca-compatible simulator (paper only: nothing leaves 127.0.0.1), then prints a summary per account.

Options:
  --day YYYY-MM-DD     trading day to replay (default ${DEFAULT_DAY}; the day before is loaded as warm-up history)
  --symbols A,B,...    symbols to trade (default ${DEFAULT_SYMBOLS.join(",")})
  --data PATH          folder of bar files to replay instead of ../shared/data (Lean minute zips or CSV with timestamps)
  --database URL       pglite:<dir> (default pglite:.data/pipeline) or a postgres:// URL
  --speed N            simulated minutes per real second (default 0 = as fast as possible)
  --fresh              delete the default PGlite database first (default: on; --no-fresh keeps it)
  --report PATH        write the replay report (HTML, works offline) there at the end (default .data/report.html)
  --help               this text
`;

interface StartOptions {
  day: string | undefined;
  symbols: string[];
  data: string | undefined;
  database: string;
  speed: number;
  fresh: boolean;
  report: string;
}

function parseOptions(argv: string[]): StartOptions | "help" {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== "--"),
    options: {
      day: { type: "string" }, symbols: { type: "string" }, data: { type: "string" }, database: { type: "string" },
      speed: { type: "string" }, fresh: { type: "boolean", default: true }, "no-fresh": { type: "boolean" },
      report: { type: "string" }, help: { type: "boolean" },
    },
    strict: true,
  });
  if (values.help) return "help";
  const speed = values.speed === undefined ? 0 : Number(values.speed);
  if (!Number.isFinite(speed) || speed < 0) throw new Error(`--speed: expected a number >= 0, got ${values.speed}`);
  if (values.day !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.day)) throw new Error(`--day: expected YYYY-MM-DD, got ${values.day}`);
  const symbols = (values.symbols ?? DEFAULT_SYMBOLS.join(",")).split(",").map((s) => s.trim().toUpperCase()).filter(Boolean);
  return {
    day: values.day,
    symbols,
    data: values.data,
    database: values.database ?? `pglite:${join(repoRoot, ".data", "pipeline")}`,
    speed,
    fresh: values["no-fresh"] ? false : values.fresh !== false,
    report: resolve(values.report ?? join(repoRoot, ".data", "report.html")),
  };
}


async function main(): Promise<number> {
  let options: StartOptions | "help";
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (err) {
    console.error(`${toError(err).message}\n\n${HELP}`);
    return 2;
  }
  if (options === "help") {
    process.stdout.write(HELP);
    return 0;
  }
  const startedMs = performance.now();
  const sharedDataDir = resolve(repoRoot, "..", "shared", "data");
  const dataDir = options.data ?? (existsSync(join(sharedDataDir, "bars")) ? join(sharedDataDir, "bars", "intraday_1min", "lean") : undefined);

  const day = options.day ?? (dataDir === undefined ? undefined : DEFAULT_DAY);
  const calendar = MarketCalendar.nyse(1998, 2030);

  const runDir = join(repoRoot, ".data");
  mkdirSync(runDir, { recursive: true });
  const logFile = join(runDir, "pipeline.log.jsonl");
  const logStream = createWriteStream(logFile, { flags: "w" });

  console.log(`ops-pipeline: replaying ${day ?? "a generated day"} for ${options.symbols.join(", ")} ` +
    `(data: ${dataDir ?? "deterministic generator"}; database: ${options.database.replace(/:[^:@/]*@/, ":***@")})`);

  if (options.fresh && options.database === `pglite:${join(repoRoot, ".data", "pipeline")}`) {
    rmSync(join(repoRoot, ".data", "pipeline"), { recursive: true, force: true });
  }
  const db = await openDb(options.database);
  let pipeline: Awaited<ReturnType<typeof startInProcessPipeline>> | undefined;
  try {
    const migrated = await runMigrations(db);
    pipeline = await startInProcessPipeline({
      db, calendar, sharedDataDir, barsDir: dataDir, day, symbols: options.symbols,
      logDestination: logStream, buildId: process.env.BUILD_ID ?? "local", instance: "npm start",
      onModel: (name, reason) => console.log(`sentiment model: ${name}${reason ? ` (${reason})` : ""}`),
    });
    const { replayDay, tradingDay } = pipeline;
    console.log(`database ready (${migrated.applied.length} migrations applied); ${pipeline.feeds.length} news feeds; logs: ${logFile}`);
    const endAt = new Date(tradingDay.close.getTime() + 5 * 60_000);
    let tickStartedMs = performance.now();
    const failures = await pipeline.runUntil(endAt, async (at) => {
      if (etParts(at).minutesOfDay % 30 === 0 || at.getTime() === endAt.getTime()) console.log(await progressLine(db, at));
      if (options.speed > 0) {
        const waitMs = 1000 / options.speed - (performance.now() - tickStartedMs);
        if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
      }
      tickStartedMs = performance.now();
    });
    const summary = await readSummary(db, replayDay, await accountEquity(pipeline.brokers));
    printSummary(summary, { failures, seconds: (performance.now() - startedMs) / 1000, replayDay });
    await writeReport(db, options.report, { from: etDateTime(replayDay, "00:00"), to: new Date(endAt.getTime() + 60_000), regularSessionOnly: true, now: new Date() });
    console.log(`replay report: ${options.report}`);
    return 0;
  } finally {
    await pipeline?.close();
    await db.close();
    await new Promise<void>((r) => logStream.end(() => r()));
  }
}

async function accountEquity(brokers: ReadonlyMap<AccountId, Broker>): Promise<Map<AccountId, number>> {
  const out = new Map<AccountId, number>();
  for (const [account, broker] of brokers) {
    try {
      out.set(account, (await broker.getAccount()).equity);
    } catch {
      /* the summary shows "n/a" */
    }
  }
  return out;
}

async function progressLine(db: Db, now: Date): Promise<string> {
  const { rows } = await db.query<{ bars: number; articles: number; recs: number; orders: number; fills: number; open: number; closed: number }>(
    `SELECT (SELECT count(*) FROM bars)::int AS bars,
            (SELECT count(*) FROM news_articles)::int AS articles,
            (SELECT count(*) FROM recommendations)::int AS recs,
            (SELECT count(*) FROM orders)::int AS orders,
            (SELECT count(*) FROM fills)::int AS fills,
            (SELECT count(*) FROM positions WHERE status <> 'closed')::int AS open,
            (SELECT count(*) FROM positions WHERE status = 'closed')::int AS closed`,
  );
  const r = rows[0]!;
  const p = etParts(now);
  const hhmm = `${String(p.hour).padStart(2, "0")}:${String(p.minute).padStart(2, "0")}`;
  return `${p.dateString} ${hhmm} ET  bars ${r.bars}  articles ${r.articles}  recs ${r.recs}  orders ${r.orders}  fills ${r.fills}  positions open ${r.open} closed ${r.closed}`;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`ops-pipeline start failed: ${toError(err).stack ?? String(err)}`);
    process.exit(1);
  },
);

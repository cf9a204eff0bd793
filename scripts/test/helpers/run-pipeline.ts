// The pipeline exactly as `npm start` runs it (the same in-process module), for a stretch of the replayed day on a
// database the test owns.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { Writable } from "node:stream";
import { MarketCalendar, etDateTime } from "@ops/core";
import type { Db } from "@ops/core";
import { startInProcessPipeline } from "../../pipeline/in-process-pipeline.js";

const repoRoot = resolve(import.meta.dirname, "..", "..", "..");
const sharedDataDir = resolve(repoRoot, "..", "shared", "data");
const lean = join(sharedDataDir, "bars", "intraday_1min", "lean");
/** The real replayed day lives in ../shared/data (beside the checkout), as for npm start. */
export const HAVE_FIXTURES = existsSync(lean);
export const REPLAY_DAY = "2013-10-07";
export const REPLAY_SYMBOLS = ["SPY", "BAC", "IBM", "AIG"] as const;

export interface PipelineRun {
  readonly failedCycles: number;
  readonly endedAt: Date;
}

/** Runs every service once per simulated minute (news, watchlist every 5) from the open until `untilEt` (HH:MM). */
export async function runPipeline(db: Db, untilEt: string): Promise<PipelineRun> {
  const pipeline = await startInProcessPipeline({
    db,
    calendar: MarketCalendar.nyse(1998, 2030),
    sharedDataDir,
    barsDir: HAVE_FIXTURES ? lean : undefined,
    day: HAVE_FIXTURES ? REPLAY_DAY : undefined,
    symbols: [...REPLAY_SYMBOLS],
    logDestination: new Writable({ write: (_c, _e, done) => done() }),
    buildId: "test",
    instance: "test",
  });
  try {
    const end = etDateTime(pipeline.replayDay, untilEt);
    const failedCycles = await pipeline.runUntil(end);
    return { failedCycles, endedAt: end };
  } finally {
    await pipeline.close();
  }
}

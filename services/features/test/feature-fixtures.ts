import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseLeanTradeZip } from "@ops/alpaca-sim";
import { etDateTime } from "@ops/core";
import type { Queryable } from "@ops/core";
import { computeFeatures, isFeatureSkip } from "@ops/trading";
import type { Bar, Features } from "@ops/trading";
import { expect } from "vitest";
import type { FeaturesDeps } from "../src/index.js";

// Shared by the PGlite and the PostgreSQL tests of the features cycle: real Lean minute bars, how
// telemetry writes and corrects them, and what every stored row must equal (batch features).

const LEAN_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../shared/data/bars/intraday_1min/lean");
export const DAY = "2013-10-08";

export async function leanDay(symbol: string, day = DAY): Promise<Bar[]> {
  const zip = await readFile(path.join(LEAN_DIR, symbol.toLowerCase(), `${day.replaceAll("-", "")}_trade.zip`));
  return parseLeanTradeZip(zip, { symbol, day, rthOnly: true }).bars;
}

export async function insertBars(db: Queryable, bars: readonly Bar[]): Promise<void> {
  await db.query(
    `INSERT INTO bars (symbol, ts, open, high, low, close, volume)
     SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::bigint[])`,
    [bars.map((b) => b.symbol), bars.map((b) => b.ts), bars.map((b) => b.open), bars.map((b) => b.high),
      bars.map((b) => b.low), bars.map((b) => b.close), bars.map((b) => b.volume)],
  );
}

/** What telemetry does to a bar it re-fetched with different values: new values, ingested_at moved on. */
export async function correctBar(db: Queryable, symbol: string, ts: Date, close: number): Promise<void> {
  await db.query(
    `UPDATE bars SET close = $3, high = greatest(high, $3), low = least(low, $3),
            ingested_at = (SELECT max(ingested_at) FROM bars) + interval '1 second'
     WHERE symbol = $1 AND ts = $2`,
    [symbol, ts, close],
  );
}

export const config: FeaturesDeps["config"] = {
  OPS_FEATURES_MAX_BAR_AGE_S: 300,
  OPS_FEATURES_HISTORY_BARS: 400,
  OPS_FEATURES_MAX_HISTORY_AGE_H: 96,
  OPS_FEATURES_CORRECTION_DEPTH_BARS: 30,
  OPS_FEATURES_SESSION_GAP_RESET_RATIO: 1.4,
};

export interface FeatureRow {
  symbol: string; ts: Date; close: number; sma20: number; sma50: number; volume_ratio: number; rsi14: number;
  macd: number; vwap: number | null; bb_percent_b: number; bb_bandwidth: number; distance_sma20: number; bar_count: number;
}

export const at = (hhmm: string): Date => etDateTime(DAY, hhmm);
export const minutes = (n: number): number => n * 60_000;

/** Batch features of `symbol` over the given bars up to and including `ts`: what every stored row must equal. */
export function batchAt(bars: readonly Bar[], ts: Date): Features {
  const prefix = bars.filter((b) => b.ts.getTime() <= ts.getTime());
  const r = computeFeatures(prefix, { now: ts });
  if (isFeatureSkip(r)) throw new Error(`no batch features at ${ts.toISOString()}: ${r.detail}`);
  return r;
}

export function expectRowMatches(row: FeatureRow | undefined, f: Features): void {
  expect(row).toBeDefined();
  expect(row?.ts).toEqual(f.ts);
  for (const key of ["close", "sma20", "sma50", "rsi14", "macd", "volume_ratio", "bb_percent_b", "bb_bandwidth"] as const) {
    expect(row?.[key], key).toBeCloseTo(f[key], 9);
  }
  expect(row?.vwap).toBeCloseTo(f.vwap as number, 9);
  expect(Number(row?.bar_count)).toBe(f.bars_used);
}


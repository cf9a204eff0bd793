import { unzipSync, strFromU8 } from "fflate";
import { etDateTime } from "@ops/core";
import type { Bar } from "@ops/trading";
import { BarReportBuilder, type BarParseReport } from "./bar-parse-report.js";

/** Regular trading hours in Lean's ms-since-midnight-ET: 09:30 <= t < 16:00. */
export const LEAN_RTH_START_MS = 34_200_000;
export const LEAN_RTH_END_MS = 57_600_000;
const LEAN_PRICE_SCALE = 10_000;
const MS_PER_DAY = 86_400_000;

export interface LeanParseOptions {
  symbol: string;
  /** "YYYY-MM-DD" (ET trading day the file holds). */
  day: string;
  rthOnly?: boolean;
}

/** `<yyyymmdd>_trade.zip` → "YYYY-MM-DD"; undefined for anything else (quote zips included). */
export function leanTradeZipDay(fileName: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})_trade\.zip$/i.exec(fileName);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/**
 * Parses Lean's minute trade CSV (no header: ms_since_midnight_ET, open, high, low, close, volume;
 * prices × 10000). Malformed rows are skipped and counted, never thrown.
 */
export function parseLeanTradeCsv(text: string, options: LeanParseOptions): BarParseReport {
  const builder = new BarReportBuilder();
  // Offset of ET midnight from UTC midnight for this day. Lean rows cover 04:00–20:00 ET and DST
  // switches at 02:00, so one offset measured at the open is valid for the whole file.
  const open = etDateTime(options.day, "09:30").getTime();
  const etMidnightUtcMs = open - LEAN_RTH_START_MS;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const raw = (lines[i] as string).trim();
    if (raw.length === 0) continue;
    builder.row();
    const lineNo = i + 1;
    const cols = raw.split(",");
    if (cols.length !== 6) {
      builder.skip(lineNo, "wrong_column_count");
      continue;
    }
    const nums = cols.map((c) => (c.trim() === "" ? Number.NaN : Number(c)));
    if (nums.some((n) => !Number.isFinite(n))) {
      builder.skip(lineNo, "not_a_number");
      continue;
    }
    const [ms, o, h, l, c, v] = nums as [number, number, number, number, number, number];
    if (!Number.isInteger(ms) || ms < 0 || ms >= MS_PER_DAY) {
      builder.skip(lineNo, "bad_timestamp");
      continue;
    }
    if (options.rthOnly && (ms < LEAN_RTH_START_MS || ms >= LEAN_RTH_END_MS)) {
      builder.filter();
      continue;
    }
    const bar: Bar = {
      symbol: options.symbol,
      ts: new Date(etMidnightUtcMs + ms),
      open: o / LEAN_PRICE_SCALE,
      high: h / LEAN_PRICE_SCALE,
      low: l / LEAN_PRICE_SCALE,
      close: c / LEAN_PRICE_SCALE,
      volume: v,
    };
    builder.accept(lineNo, bar);
  }
  return builder.build();
}

/** Unzips one Lean trade zip (a single CSV inside) and parses it. */
export function parseLeanTradeZip(zipBytes: Uint8Array, options: LeanParseOptions): BarParseReport {
  const entries = unzipSync(zipBytes);
  const csvName = Object.keys(entries).find((name) => name.toLowerCase().endsWith(".csv"));
  if (csvName === undefined) throw new Error(`Lean zip for ${options.symbol} ${options.day} holds no CSV`);
  return parseLeanTradeCsv(strFromU8(entries[csvName] as Uint8Array), options);
}

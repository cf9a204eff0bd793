import { etDateTime, etParts } from "@ops/core";
import type { Bar } from "@ops/trading";
import { BarReportBuilder, type BarParseReport } from "./bar-parse-report.js";

export interface TimestampedCsvOptions {
  symbol: string;
  /** Keep only 09:30 <= ET time < 16:00. */
  rthOnly?: boolean;
  /** Keep only these ET days ("YYYY-MM-DD"). */
  days?: ReadonlySet<string>;
}

const TIME_HEADERS = ["datetime", "time", "timestamp", "date"] as const;
const REQUIRED = ["open", "high", "low", "close", "volume"] as const;
const RTH_START_MIN = 9 * 60 + 30;
const RTH_END_MIN = 16 * 60;

/**
 * Symbol from a file name: "AAPL_Minute.csv" → AAPL, "SPY_Minute_2021.csv" → SPY,
 * "spy_test_2020-01.csv" → SPY (the leading ticker-like token, upper-cased).
 */
export function symbolFromFileName(fileName: string): string | undefined {
  const m = /^([A-Za-z][A-Za-z.]{0,5})(?=[_\-.])/.exec(fileName);
  return m ? (m[1] as string).toUpperCase() : undefined;
}

/** True when the header names a timestamp column and open/high/low/close/volume (any case). */
export function isTimestampedBarHeader(headerLine: string): boolean {
  return columnIndexes(headerLine) !== undefined;
}

interface Columns {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  count: number;
}

function columnIndexes(headerLine: string): Columns | undefined {
  const names = headerLine.split(",").map((h) => h.trim().toLowerCase());
  const time = names.findIndex((n) => (TIME_HEADERS as readonly string[]).includes(n));
  if (time < 0) return undefined;
  const idx: Record<string, number> = {};
  for (const name of REQUIRED) {
    const at = names.indexOf(name);
    if (at < 0) return undefined;
    idx[name] = at;
  }
  return {
    time,
    open: idx["open"] as number,
    high: idx["high"] as number,
    low: idx["low"] as number,
    close: idx["close"] as number,
    volume: idx["volume"] as number,
    count: names.length,
  };
}

const TS_RE = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses a timestamp with an explicit offset ("2021-08-23 09:30:00-04:00", "...Z"); one without an
 * offset is read as New York wall time, the convention of these exports.
 */
export function parseBarTimestamp(text: string): Date | undefined {
  const m = TS_RE.exec(text.trim());
  if (!m) return undefined;
  const [, date, time, zone] = m as unknown as [string, string, string, string | undefined];
  if (zone === undefined) {
    try {
      return etDateTime(date, time);
    } catch {
      return undefined;
    }
  }
  const normalisedZone = zone === "Z" ? "Z" : zone.includes(":") ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const withSeconds = time.length === 5 ? `${time}:00` : time;
  const ms = Date.parse(`${date}T${withSeconds}${normalisedZone}`);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/**
 * Parses a CSV with a header row and timestamped rows (Lumibot's `Datetime,Open,High,Low,Close,Volume`
 * and `time,open,high,low,close,volume`). Throws only when the header itself is not a bar header.
 */
export function parseTimestampedBarCsv(text: string, options: TimestampedCsvOptions): BarParseReport {
  const lines = text.split(/\r?\n/);
  const headerAt = lines.findIndex((l) => l.trim().length > 0);
  const header = headerAt >= 0 ? (lines[headerAt] as string) : "";
  const cols = columnIndexes(header.replace(/^\uFEFF/, ""));
  if (!cols) throw new Error(`not a timestamped bar CSV header: ${JSON.stringify(header.slice(0, 80))}`);
  const builder = new BarReportBuilder();
  for (let i = headerAt + 1; i < lines.length; i += 1) {
    const raw = (lines[i] as string).trim();
    if (raw.length === 0) continue;
    builder.row();
    const lineNo = i + 1;
    const fields = raw.split(",");
    if (fields.length !== cols.count) {
      builder.skip(lineNo, "wrong_column_count");
      continue;
    }
    const ts = parseBarTimestamp(fields[cols.time] as string);
    if (!ts) {
      builder.skip(lineNo, "bad_timestamp");
      continue;
    }
    const num = (at: number): number => {
      const f = (fields[at] as string).trim();
      return f === "" ? Number.NaN : Number(f);
    };
    const bar: Bar = {
      symbol: options.symbol,
      ts,
      open: num(cols.open),
      high: num(cols.high),
      low: num(cols.low),
      close: num(cols.close),
      volume: num(cols.volume),
    };
    if (options.rthOnly || options.days) {
      const parts = etParts(ts);
      if (options.days && !options.days.has(parts.dateString)) {
        builder.filter();
        continue;
      }
      if (options.rthOnly && (parts.minutesOfDay < RTH_START_MIN || parts.minutesOfDay >= RTH_END_MIN)) {
        builder.filter();
        continue;
      }
    }
    builder.accept(lineNo, bar);
  }
  return builder.build();
}

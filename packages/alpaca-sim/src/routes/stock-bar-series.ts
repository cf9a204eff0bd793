import { etDateString, etDateTime } from "@ops/core";
import type { Bar } from "@ops/trading";
import type { MarketData } from "../market-data/types.js";
import { QueryParamError, rfc3339 } from "./query-params.js";

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

export const TIMEFRAME_UNITS = ["minute", "hour", "day"] as const;
export type TimeframeUnit = (typeof TIMEFRAME_UNITS)[number];

export interface Timeframe {
  unit: TimeframeUnit;
  amount: number;
}

/** Alpaca timeframes: 1Min / 1T / 5Min / 15Min / 1Hour / 1H / 1Day / 1D (minute 1–59, hour 1–23, day 1). */
export function parseTimeframe(value: string | null): Timeframe {
  if (value === null || value === "") throw new QueryParamError("timeframe is required");
  const m = /^(\d+)?\s*(min|minute|t|hour|h|day|d)$/i.exec(value.trim());
  if (!m) throw new QueryParamError(`invalid timeframe: ${value}`);
  const amount = m[1] === undefined ? 1 : Number(m[1]);
  const unitText = (m[2] as string).toLowerCase();
  const unit: TimeframeUnit = unitText === "hour" || unitText === "h" ? "hour" : unitText === "day" || unitText === "d" ? "day" : "minute";
  const max = unit === "minute" ? 59 : unit === "hour" ? 23 : 1;
  if (amount < 1 || amount > max) throw new QueryParamError(`invalid timeframe: ${value}`);
  return { unit, amount };
}

/** Span of one bar of this timeframe in ms (a day counts as 24 h, for completeness checks only). */
export function timeframeMs(tf: Timeframe): number {
  return tf.unit === "minute" ? tf.amount * MINUTE_MS : tf.unit === "hour" ? tf.amount * HOUR_MS : 24 * HOUR_MS;
}

/** Alpaca's bar JSON. `n` and `vw` are synthesised: the fixtures carry neither. */
export interface AlpacaBarJson {
  t: string;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  n: number;
  vw: number;
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

export function barJson(bar: Bar): AlpacaBarJson {
  return {
    t: rfc3339(bar.ts),
    o: bar.open,
    h: bar.high,
    l: bar.low,
    c: bar.close,
    v: bar.volume,
    n: bar.volume > 0 ? Math.max(1, Math.round(bar.volume / 100)) : 0,
    vw: round4((bar.high + bar.low + bar.close) / 3),
  };
}

/** Aggregates ascending minute bars into one bar (ts given). */
export function mergeBars(symbol: string, ts: Date, bars: readonly Bar[]): Bar {
  let high = -Infinity;
  let low = Infinity;
  let volume = 0;
  for (const b of bars) {
    if (b.high > high) high = b.high;
    if (b.low < low) low = b.low;
    volume += b.volume;
  }
  return { symbol, ts, open: (bars[0] as Bar).open, high, low, close: (bars[bars.length - 1] as Bar).close, volume };
}

/**
 * Bars of `tf` for one symbol, ascending, built only from minute bars complete at `now` and only
 * intraday buckets that have fully elapsed (no lookahead). Daily bars cover the regular session and
 * may be the current, partial day (as Alpaca's are).
 */
export function barSeries(md: MarketData, symbol: string, tf: Timeframe, from: Date, toInclusive: Date, now: Date): Bar[] {
  const span = timeframeMs(tf);
  const completeCutoff = now.getTime() - MINUTE_MS; // last complete minute bar starts at or before this
  if (tf.unit === "minute" && tf.amount === 1) {
    const upper = Math.min(toInclusive.getTime(), completeCutoff);
    return upper < from.getTime() ? [] : md.bars(symbol, from, new Date(upper + 1));
  }
  if (tf.unit === "day") {
    const out: Bar[] = [];
    const lastDay = etDateString(new Date(Math.min(toInclusive.getTime(), now.getTime())));
    const source = md.bars(symbol, etDateTime(etDateString(from), "00:00"), new Date(completeCutoff + 1));
    let dayBars: Bar[] = [];
    let currentDay = "";
    const flush = (): void => {
      if (dayBars.length === 0) return;
      const ts = etDateTime(currentDay, "00:00");
      if (ts.getTime() >= from.getTime() && currentDay <= lastDay) out.push(mergeBars(symbol, ts, dayBars));
      dayBars = [];
    };
    for (const b of source) {
      const day = etDateString(b.ts);
      if (day !== currentDay) {
        flush();
        currentDay = day;
      }
      if (b.ts.getTime() >= etDateTime(day, "09:30").getTime() && b.ts.getTime() < etDateTime(day, "16:00").getTime()) dayBars.push(b);
    }
    flush();
    return out;
  }
  // Intraday buckets align on whole UTC minutes/hours, which are whole ET minutes/hours too.
  const firstBucket = Math.ceil(from.getTime() / span) * span;
  const lastBucketStart = Math.floor(Math.min(toInclusive.getTime(), now.getTime() - span) / span) * span;
  if (lastBucketStart < firstBucket) return [];
  const source = md.bars(symbol, new Date(firstBucket), new Date(lastBucketStart + span));
  const out: Bar[] = [];
  let bucket = Number.NaN;
  let group: Bar[] = [];
  for (const b of source) {
    const k = Math.floor(b.ts.getTime() / span) * span;
    if (k !== bucket) {
      if (group.length > 0) out.push(mergeBars(symbol, new Date(bucket), group));
      bucket = k;
      group = [];
    }
    group.push(b);
  }
  if (group.length > 0) out.push(mergeBars(symbol, new Date(bucket), group));
  return out;
}

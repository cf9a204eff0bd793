import { baseServiceSchema, enumVar, loadConfig, numberVar, volatilityEnv } from "@ops/core";
import type { EnvSource } from "@ops/core";
import { ALPACA_DATA_REQUESTS_PER_MINUTE, CLOCK_SOURCES, DEFAULT_MAX_URL_CHARS, STOCK_FEEDS } from "@ops/broker-alpaca";
import { ACCOUNT_IDS } from "@ops/trading";

export { CLOCK_SOURCES };
export type { ClockSource } from "@ops/broker-alpaca";

const DAY_MIN = 24 * 60;

/**
 * Defaults of the fetch settings. Telemetry cannot trade, so every default is safe; these are the
 * values the schema applies and the cycle falls back to when a test passes a partial config.
 */
export const TELEMETRY_DEFAULTS = {
  OPS_TELEMETRY_LOOKBACK_MIN: 120,
  OPS_TELEMETRY_MAX_BACKFILL_MIN: 4 * DAY_MIN,
  OPS_TELEMETRY_BACKFILL_CHUNK_MIN: 390,
  OPS_TELEMETRY_REFETCH_MIN: 2,
  OPS_TELEMETRY_STALE_AFTER_MIN: 10,
  OPS_TELEMETRY_PAGE_LIMIT: 10_000,
  OPS_TELEMETRY_UPSERT_BATCH: 20_000,
  OPS_TELEMETRY_WINDOW_MAX_BARS: 250_000,
  OPS_TELEMETRY_AGE_DETAIL_MAX: 200,
} as const;

export const telemetryConfigSchema = baseServiceSchema.extend({
  OPS_SERVICE: baseServiceSchema.shape.OPS_SERVICE.default("telemetry"),
  OPS_LOOP_INTERVAL_S: numberVar({ positive: true }).default(60),
  /** How far back a symbol with no stored bar starts (a new universe member, or an empty table). */
  OPS_TELEMETRY_LOOKBACK_MIN: numberVar({ positive: true, integer: true, max: 7 * DAY_MIN }).default(TELEMETRY_DEFAULTS.OPS_TELEMETRY_LOOKBACK_MIN),
  /**
   * After downtime each symbol is fetched from its last stored bar, but never from further back than
   * this: 4 days covers a long weekend. Older gaps are reported (telemetry.backfill_truncated).
   */
  OPS_TELEMETRY_MAX_BACKFILL_MIN: numberVar({ positive: true, integer: true, max: 30 * DAY_MIN }).default(TELEMETRY_DEFAULTS.OPS_TELEMETRY_MAX_BACKFILL_MIN),
  /** A backfill is fetched and committed in windows of this many minutes (one session by default). */
  OPS_TELEMETRY_BACKFILL_CHUNK_MIN: numberVar({ positive: true, integer: true, max: 7 * DAY_MIN }).default(TELEMETRY_DEFAULTS.OPS_TELEMETRY_BACKFILL_CHUNK_MIN),
  /** Minutes before the last fetched instant that are read again: late prints and corrected bars. */
  OPS_TELEMETRY_REFETCH_MIN: numberVar({ min: 0, integer: true, max: 60 }).default(TELEMETRY_DEFAULTS.OPS_TELEMETRY_REFETCH_MIN),
  /** While the market is open, a symbol without a new bar for this long is flagged stale. */
  OPS_TELEMETRY_STALE_AFTER_MIN: numberVar({ positive: true, integer: true, max: DAY_MIN }).default(TELEMETRY_DEFAULTS.OPS_TELEMETRY_STALE_AFTER_MIN),
  /** Bars per page (Alpaca allows at most 10,000 across symbols). */
  OPS_TELEMETRY_PAGE_LIMIT: numberVar({ integer: true, min: 1, max: 10_000 }).default(TELEMETRY_DEFAULTS.OPS_TELEMETRY_PAGE_LIMIT),
  /** Rows per INSERT … SELECT FROM unnest statement. */
  OPS_TELEMETRY_UPSERT_BATCH: numberVar({ integer: true, min: 100, max: 200_000 }).default(TELEMETRY_DEFAULTS.OPS_TELEMETRY_UPSERT_BATCH),
  /**
   * Upper bound of bars one window may return (symbols × minutes): a large universe's backfill uses
   * shorter windows so that a window's bars fit in memory and one transaction.
   */
  OPS_TELEMETRY_WINDOW_MAX_BARS: numberVar({ integer: true, min: 1_000, max: 5_000_000 }).default(TELEMETRY_DEFAULTS.OPS_TELEMETRY_WINDOW_MAX_BARS),
  /** Per-symbol bar ages written into the heartbeat counts (the oldest first); aggregates are always there. */
  OPS_TELEMETRY_AGE_DETAIL_MAX: numberVar({ integer: true, min: 0, max: 20_000 }).default(TELEMETRY_DEFAULTS.OPS_TELEMETRY_AGE_DETAIL_MAX),
  /** Market-data requests per minute for this key (Alpaca's free plan: 200), shared by every client of the key. */
  OPS_TELEMETRY_REQUESTS_PER_MIN: numberVar({ integer: true, min: 1, max: 100_000 }).default(ALPACA_DATA_REQUESTS_PER_MINUTE),
  /** Longest bars URL; the symbol list is split to fit. */
  OPS_TELEMETRY_MAX_URL_CHARS: numberVar({ integer: true, min: 1_000, max: 64_000 }).default(DEFAULT_MAX_URL_CHARS),
  /** Only IEX is free for the last 15 minutes; SIP there needs a paid plan (seed failure 17). */
  OPS_TELEMETRY_FEED: enumVar(STOCK_FEEDS).default("iex"),
  /** Whose Alpaca keys read market data (the data API is not per account, but the keys are). */
  OPS_DATA_ACCOUNT: enumVar(ACCOUNT_IDS).default("large-100k"),
  /** wall = production; sim = read market time from the simulator's GET /v2/clock. */
  OPS_CLOCK: enumVar(CLOCK_SOURCES).default("wall"),
  /** The volatility gate's source: its symbol's bars are fetched too (only levels/windows matter to the readers). */
  ...volatilityEnv,
});

export type TelemetryConfig = ReturnType<typeof telemetryConfigSchema.parse>;

/**
 * The settings the cycle reads. Feed and lookback are required; the rest fall back to TELEMETRY_DEFAULTS,
 * and a missing volatility source means none.
 */
export type TelemetryCycleConfig = Pick<TelemetryConfig, "OPS_TELEMETRY_LOOKBACK_MIN" | "OPS_TELEMETRY_FEED">
  & Partial<Pick<TelemetryConfig, keyof typeof TELEMETRY_DEFAULTS | "OPS_VOLATILITY_SOURCE">>;

export function loadTelemetryConfig(env?: EnvSource): TelemetryConfig {
  return loadConfig(telemetryConfigSchema, env);
}

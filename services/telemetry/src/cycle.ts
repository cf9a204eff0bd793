import { AuthError, BrokerContractError } from "@ops/broker-alpaca";
import type { Broker, StockBarSource, StockBarsFetchStats, StockBarsRequest, StockBarsResult } from "@ops/broker-alpaca";
import { MarketCalendar, etDateString, serializeError, volatilitySourceSymbol } from "@ops/core";
import type { Clock, CycleContext, Db, Logger } from "@ops/core";
import type { Bar } from "@ops/trading";
import { toBarColumns } from "./bar-columns.js";
import type { BarColumns } from "./bar-columns.js";
import { assessFreshness } from "./bar-freshness.js";
import { TELEMETRY_DEFAULTS } from "./config.js";
import type { TelemetryCycleConfig } from "./config.js";
import { fetchWindows, planBarFetches } from "./fetch-plan.js";
import type { FetchGroup, FetchWindow } from "./fetch-plan.js";
import { selectFetchUniverse, selectNewestBars, upsertBars } from "./queries.js";
import { touchesSession } from "./session-overlap.js";
import { validateBar } from "./validate-bar.js";
import type { BarRejectReason } from "./validate-bar.js";

export interface TelemetryDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: TelemetryCycleConfig;
  /**
   * getStockBars is enough (FakeBroker); a broker that also has fetchStockBars (AlpacaBroker) keeps the
   * good bars of a partly malformed answer and reports requests, retries and 429 waits.
   */
  readonly broker: Pick<Broker, "getStockBars"> & Partial<StockBarSource>;
  /** Decides whether missing data is alarming (market open) and which windows can hold bars; NYSE by default. */
  readonly calendar?: MarketCalendar;
}

export const BARS_CHANNEL = "bars";

const MINUTE_MS = 60_000;
/** Symbols whose start points lie within 15 minutes share requests (a little re-read, far fewer requests). */
const MERGE_MS = 15 * MINUTE_MS;
/** Rejected bars logged one by one per cycle; the rest are summed in telemetry.bars_rejected. */
const REJECT_LOG_LIMIT = 20;
const SYMBOL_LOG_LIMIT = 50;

type Counter = Record<string, number>;

/** The broker's fetch statistics summed over the cycle's windows, plus what the cycle itself counts. */
interface CycleTally extends StockBarsFetchStats {
  windows: number;
  skippedWindows: number;
  fetched: number;
  accepted: number;
  inserted: number;
  corrected: number;
  fetchErrors: number;
  badResponses: number;
  rejectedBy: Partial<Record<BarRejectReason, number>>;
  rejectLogged: number;
  newestCommitted: number | undefined;
}

function newTally(): CycleTally {
  return {
    windows: 0, skippedWindows: 0, requests: 0, pages: 0, chunks: 0, retries: 0, rateLimited: 0, waitedMs: 0, fetched: 0, accepted: 0,
    inserted: 0, corrected: 0, fetchErrors: 0, badResponses: 0, rejectedBy: {}, rejectLogged: 0, newestCommitted: undefined,
  };
}

async function download(broker: TelemetryDeps["broker"], request: StockBarsRequest): Promise<StockBarsResult> {
  if (typeof broker.fetchStockBars === "function") return broker.fetchStockBars(request);
  const bars = await broker.getStockBars(request);
  return { bars, malformed: [], stats: { requests: 0, pages: 0, chunks: 0, retries: 0, rateLimited: 0, waitedMs: 0 } };
}

function sliceColumns(columns: BarColumns, from: number, to: number): BarColumns {
  return {
    symbol: columns.symbol.slice(from, to), ts: columns.ts.slice(from, to), open: columns.open.slice(from, to), high: columns.high.slice(from, to),
    low: columns.low.slice(from, to), close: columns.close.slice(from, to), volume: columns.volume.slice(from, to),
  };
}

function tsText(ts: unknown): string {
  return ts instanceof Date && Number.isFinite(ts.getTime()) ? ts.toISOString() : String(ts);
}

/**
 * One fetch of 1-minute bars for the universe and the underlyings of open positions: each symbol from
 * where it was last read (a restart backfills from its newest stored bar, bounded, in windows),
 * validated bar by bar, upserted in batches (one transaction per window, corrections counted), then
 * one NOTIFY `bars` with the newest committed ts. The returned counts carry the stale-data alarm.
 */
export function createTelemetryCycle(deps: TelemetryDeps): (ctx: CycleContext) => Promise<Record<string, number>> {
  const setting = <K extends keyof typeof TELEMETRY_DEFAULTS>(key: K): number => deps.config[key] ?? TELEMETRY_DEFAULTS[key];
  /** Per symbol, the end of the last window this process fetched and committed. Lost on restart by design. */
  const fetchedThrough = new Map<string, Date>();
  // The features service reads bars `ingested_at > its cursor` (the newest stamp it has seen). Every commit
  // gets a strictly later stamp than the one before, even within one cycle, so a correction committed by a
  // later window of the same cycle is never hidden behind a cursor taken between the two commits.
  let lastStampMs = Number.NEGATIVE_INFINITY;
  const nextIngestStamp = (now: Date): Date => {
    lastStampMs = Math.max(now.getTime(), lastStampMs + 1);
    return new Date(lastStampMs);
  };
  let calendar = deps.calendar;
  const calendarAt = (now: Date): MarketCalendar | undefined => {
    try {
      const year = now.getUTCFullYear();
      if (!calendar || !calendar.covers(etDateString(now))) calendar = MarketCalendar.nyse(year - 1, year + 1);
      return calendar;
    } catch {
      return undefined;
    }
  };

  // The volatility source's bars are fetched and stored like any symbol's, but the symbol is added here
  // only: it never enters the universe, so features, watchlist and signals never see it.
  const volatilitySymbol = deps.config.OPS_VOLATILITY_SOURCE ? volatilitySourceSymbol(deps.config.OPS_VOLATILITY_SOURCE) : null;
  const withVolatilitySymbol = (symbols: string[]): string[] =>
    volatilitySymbol === null || symbols.includes(volatilitySymbol) ? symbols : [...symbols, volatilitySymbol].sort();

  return async (ctx) => {
    const now = ctx.now;
    const log = ctx.logger;
    const universe = withVolatilitySymbol(await selectFetchUniverse(deps.db));
    if (universe.length === 0) {
      log.warn({ event: "telemetry.empty_universe" }, "universe is empty and no position is open: nothing to fetch");
      return { symbols: 0, fetched: 0, accepted: 0, rejected: 0, upserted: 0, no_data: 0, stale: 0 };
    }
    const wanted = new Set(universe);
    for (const symbol of fetchedThrough.keys()) if (!wanted.has(symbol)) fetchedThrough.delete(symbol);

    const newest = await selectNewestBars(deps.db, universe);
    const plan = planBarFetches({
      symbols: universe,
      newestStored: newest,
      fetchedThrough,
      now,
      lookbackMs: deps.config.OPS_TELEMETRY_LOOKBACK_MIN * MINUTE_MS,
      maxBackfillMs: setting("OPS_TELEMETRY_MAX_BACKFILL_MIN") * MINUTE_MS,
      refetchMs: setting("OPS_TELEMETRY_REFETCH_MIN") * MINUTE_MS,
      mergeMs: MERGE_MS,
    });
    if (plan.truncated.length > 0) {
      log.warn(
        { event: "telemetry.backfill_truncated", symbols: plan.truncated.slice(0, SYMBOL_LOG_LIMIT), count: plan.truncated.length, max_backfill_min: setting("OPS_TELEMETRY_MAX_BACKFILL_MIN") },
        `${plan.truncated.length} symbol(s) were down longer than the backfill bound: older bars are not fetched`,
      );
    }

    const cal = calendarAt(now);
    const tally = newTally();
    let firstFetchError: unknown;
    for (const group of plan.groups) {
      if (ctx.signal.aborted) break;
      const error = await fetchGroup(group, { ctx, wanted, tally, newest, cal });
      if (error !== undefined) firstFetchError ??= error;
    }

    // One notification per cycle, after the commits, so features wakes without waiting for its timer.
    if (tally.inserted + tally.corrected > 0 && tally.newestCommitted !== undefined) {
      await deps.db.notify(BARS_CHANNEL, new Date(tally.newestCommitted).toISOString());
    }
    // Nothing could be fetched at all: a failed cycle, so the heartbeat and the back-off see it. An
    // unreadable answer is not thrown (a contract error would end the process): it is logged and counted.
    if (firstFetchError !== undefined && !(firstFetchError instanceof BrokerContractError) && tally.pages === 0 && tally.accepted === 0) {
      throw firstFetchError;
    }

    const today = cal?.day(etDateString(now));
    const open = cal === undefined ? undefined : cal.isOpenAt(now);
    const freshness = assessFreshness({
      symbols: universe, newest, now, sessionOpen: open && today ? today.open : undefined,
      staleAfterMs: setting("OPS_TELEMETRY_STALE_AFTER_MIN") * MINUTE_MS,
    });
    if (freshness.noData.length > 0) {
      const fields = { event: "telemetry.no_data", symbols: freshness.noData.slice(0, SYMBOL_LOG_LIMIT), count: freshness.noData.length, market_open: open };
      // No bars at all while the market is open means no data entitlement or a dead symbol: no data, no trades.
      if (open === false) log.info(fields, `no bars at all for ${freshness.noData.length} symbol(s) (market closed)`);
      else log.warn(fields, `no bars at all for ${freshness.noData.length} symbol(s): check the data entitlement`);
    }
    if (freshness.stale.length > 0) {
      log.warn(
        { event: "telemetry.stale_data", symbols: freshness.stale.slice(0, SYMBOL_LOG_LIMIT), count: freshness.stale.length, stale_after_min: setting("OPS_TELEMETRY_STALE_AFTER_MIN") },
        `${freshness.stale.length} symbol(s) have had no new bar for ${setting("OPS_TELEMETRY_STALE_AFTER_MIN")} minutes while the market is open`,
      );
    }

    const rejected = Object.values(tally.rejectedBy).reduce((sum, n) => sum + (n ?? 0), 0);
    if (rejected > 0) {
      log.warn({ event: "telemetry.bars_rejected", rejected, by_reason: tally.rejectedBy, logged: tally.rejectLogged },
        `${rejected} bar(s) rejected this cycle; the good ones were stored`);
    }
    const counts: Counter = {
      symbols: universe.length,
      groups: plan.groups.length,
      windows: tally.windows,
      windows_skipped_closed: tally.skippedWindows,
      requests: tally.requests,
      pages: tally.pages,
      chunks: tally.chunks,
      retries: tally.retries,
      rate_limited: tally.rateLimited,
      rate_limit_wait_ms: Math.round(tally.waitedMs),
      fetched: tally.fetched,
      accepted: tally.accepted,
      rejected,
      inserted: tally.inserted,
      corrected: tally.corrected,
      upserted: tally.inserted + tally.corrected,
      fetch_errors: tally.fetchErrors,
      bad_responses: tally.badResponses,
      backfill_truncated: plan.truncated.length,
      no_data: freshness.noData.length,
      stale: freshness.stale.length,
      market_open: open === true ? 1 : 0,
    };
    if (freshness.maxAgeS !== undefined) counts.bar_age_max_s = freshness.maxAgeS;
    for (const [reason, n] of Object.entries(tally.rejectedBy)) counts[`rejected_${reason}`] = n ?? 0;
    // Per-symbol ages for the status script and alarms, oldest first, capped for a 10,000-symbol heartbeat.
    const detail = [...freshness.ageS.entries()].sort((a, b) => b[1] - a[1]).slice(0, setting("OPS_TELEMETRY_AGE_DETAIL_MAX"));
    for (const [symbol, age] of detail) counts[`bar_age_s.${symbol}`] = age;
    return counts;
  };

  interface GroupContext {
    ctx: CycleContext;
    wanted: ReadonlySet<string>;
    tally: CycleTally;
    /** Updated in place with what this cycle commits. */
    newest: Map<string, Date>;
    cal: MarketCalendar | undefined;
  }

  /** Fetches one group window by window, oldest first; stops at the first failed window (no gaps). Returns that error. */
  async function fetchGroup(group: FetchGroup, g: GroupContext): Promise<unknown> {
    const { ctx, tally } = g;
    const windowMinutes = Math.max(1, Math.min(setting("OPS_TELEMETRY_BACKFILL_CHUNK_MIN"), Math.floor(setting("OPS_TELEMETRY_WINDOW_MAX_BARS") / group.symbols.length)));
    for (const window of fetchWindows(group.start, ctx.now, windowMinutes * MINUTE_MS)) {
      if (ctx.signal.aborted) return undefined;
      const last = window.end.getTime() === ctx.now.getTime();
      // Closed hours hold no bars: skip the request (the newest window is always fetched).
      if (!last && g.cal !== undefined && !touchesSession(g.cal, window.start, window.end)) {
        tally.skippedWindows += 1;
        for (const symbol of group.symbols) fetchedThrough.set(symbol, window.end);
        continue;
      }
      tally.windows += 1;
      let result: StockBarsResult;
      try {
        result = await download(deps.broker, {
          symbols: group.symbols, start: window.start, end: window.end, timeframe: "1Min",
          feed: deps.config.OPS_TELEMETRY_FEED, limit: setting("OPS_TELEMETRY_PAGE_LIMIT"), signal: ctx.signal,
        });
      } catch (error) {
        // Bad keys end the process (crash-only: it re-reads its secrets on restart).
        if (error instanceof AuthError) throw error;
        if (error instanceof BrokerContractError) {
          tally.badResponses += 1;
          ctx.logger.error({ event: "telemetry.bad_response", error: serializeError(error), window_start: window.start.toISOString(), symbols: group.symbols.length },
            "bar response could not be read; this window is stored nothing and is fetched again next cycle");
        } else {
          tally.fetchErrors += 1;
          ctx.logger.error({ event: "telemetry.fetch_failed", error: serializeError(error), window_start: window.start.toISOString(), symbols: group.symbols.length },
            "bars could not be fetched; this window is fetched again next cycle");
        }
        return error;
      }
      await storeWindow(result, window, group, g);
    }
    return undefined;
  }

  async function storeWindow(result: StockBarsResult, window: FetchWindow, group: FetchGroup, g: GroupContext): Promise<void> {
    const { ctx, tally } = g;
    const s = result.stats;
    tally.requests += s.requests;
    tally.pages += s.pages;
    tally.chunks += s.chunks;
    tally.retries += s.retries;
    tally.rateLimited += s.rateLimited;
    tally.waitedMs += s.waitedMs;
    tally.fetched += result.bars.length + result.malformed.length;

    const reject = (reason: BarRejectReason, fields: Record<string, unknown>): void => {
      tally.rejectedBy[reason] = (tally.rejectedBy[reason] ?? 0) + 1;
      if (tally.rejectLogged >= REJECT_LOG_LIMIT) return;
      tally.rejectLogged += 1;
      ctx.logger.error({ event: "telemetry.bar_rejected", reason, ...fields }, `bar rejected (${reason})`);
    };
    for (const bad of result.malformed) reject("malformed", { symbol: bad.symbol, detail: bad.reason });
    const accepted: Bar[] = [];
    for (const bar of result.bars) {
      const reason = validateBar(bar, ctx.now, g.wanted);
      if (reason === undefined) accepted.push(bar);
      else reject(reason, { symbol: bar.symbol, ts: tsText(bar.ts), bar: { open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume } });
    }
    tally.accepted += accepted.length;

    const columns = toBarColumns(accepted);
    const batch = setting("OPS_TELEMETRY_UPSERT_BATCH");
    const stamp = nextIngestStamp(ctx.now);
    const counts = await deps.db.transaction(async (tx) => {
      let inserted = 0;
      let corrected = 0;
      for (let from = 0; from < columns.symbol.length; from += batch) {
        const part = await upsertBars(tx, sliceColumns(columns, from, from + batch), "alpaca", stamp);
        inserted += part.inserted;
        corrected += part.corrected;
      }
      return { inserted, corrected };
    });
    tally.inserted += counts.inserted;
    tally.corrected += counts.corrected;
    if (counts.corrected > 0) {
      ctx.logger.info({ event: "telemetry.bars_corrected", corrected: counts.corrected, window_start: window.start.toISOString() },
        `${counts.corrected} stored bar(s) changed on re-fetch and were corrected`);
    }
    for (const symbol of group.symbols) fetchedThrough.set(symbol, window.end);
    for (const bar of accepted) {
      const t = bar.ts.getTime();
      const known = g.newest.get(bar.symbol);
      if (known === undefined || t > known.getTime()) g.newest.set(bar.symbol, bar.ts);
      if (tally.newestCommitted === undefined || t > tally.newestCommitted) tally.newestCommitted = t;
    }
  }
}

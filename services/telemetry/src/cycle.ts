import { MarketCalendar, etDateString, serializeError } from "@ops/core";
import type { Clock, CycleContext, Db, Logger } from "@ops/core";
import { BrokerContractError } from "@ops/broker-alpaca";
import type { Broker } from "@ops/broker-alpaca";
import type { Bar } from "@ops/trading";
import { toBarColumns } from "./bar-columns.js";
import type { TelemetryConfig } from "./config.js";
import { selectNewestBarsInWindow, selectUniverse, upsertBars } from "./queries.js";
import { validateBar } from "./validate-bar.js";
import type { BarRejectReason } from "./validate-bar.js";

export interface TelemetryDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: Pick<TelemetryConfig, "OPS_TELEMETRY_LOOKBACK_MIN" | "OPS_TELEMETRY_FEED">;
  readonly broker: Pick<Broker, "getStockBars">;
  /** Decides whether "no data" is alarming (market open) or expected; NYSE rules by default. */
  readonly calendar?: MarketCalendar;
}

export const BARS_CHANNEL = "bars";

/**
 * One fetch of 1-minute bars for the whole tradable universe: validate, upsert in one statement,
 * notify `bars` with the newest ts. Bad bars and unreadable API answers are logged and skipped.
 */
export function createTelemetryCycle(deps: TelemetryDeps): (ctx: CycleContext) => Promise<Record<string, number>> {
  let calendar = deps.calendar;
  const marketOpen = (now: Date): boolean | undefined => {
    try {
      const year = now.getUTCFullYear();
      if (!calendar || !calendar.covers(etDateString(now))) calendar = MarketCalendar.nyse(year - 1, year + 1);
      return calendar.isOpenAt(now);
    } catch {
      return undefined;
    }
  };

  return async (ctx) => {
    const now = ctx.now;
    const log = ctx.logger;
    const universe = await selectUniverse(deps.db);
    if (universe.length === 0) {
      log.warn({ event: "telemetry.empty_universe" }, "tradable universe is empty: nothing to fetch");
      return { symbols: 0, fetched: 0, accepted: 0, rejected: 0, upserted: 0, no_data: 0 };
    }

    const windowStart = new Date(now.getTime() - deps.config.OPS_TELEMETRY_LOOKBACK_MIN * 60_000);
    const stored = await selectNewestBarsInWindow(deps.db, universe, windowStart);
    let start = windowStart;
    for (const ts of stored.values()) if (ts > start) start = ts;

    let fetched: Bar[];
    try {
      fetched = await deps.broker.getStockBars({
        symbols: universe,
        start,
        end: now,
        timeframe: "1Min",
        feed: deps.config.OPS_TELEMETRY_FEED,
      });
    } catch (error) {
      if (!(error instanceof BrokerContractError)) throw error;
      log.error({ event: "telemetry.bad_response", error: serializeError(error) },
        "bar response could not be read; nothing stored this cycle");
      return { symbols: universe.length, fetched: 0, accepted: 0, rejected: 0, upserted: 0, no_data: 0, bad_responses: 1 };
    }

    const wanted = new Set(universe);
    const accepted: Bar[] = [];
    const rejectedBy: Partial<Record<BarRejectReason | "not_in_universe", number>> = {};
    for (const bar of fetched) {
      const reason = wanted.has(bar.symbol) ? validateBar(bar, now) : "not_in_universe";
      if (reason === undefined) {
        accepted.push(bar);
        continue;
      }
      rejectedBy[reason] = (rejectedBy[reason] ?? 0) + 1;
      log.error({ event: "telemetry.bar_rejected", symbol: bar.symbol, ts: tsText(bar.ts), reason, bar: barFields(bar) },
        `bar rejected (${reason})`);
    }

    const columns = toBarColumns(accepted);
    const upserted = await deps.db.transaction((tx) => upsertBars(tx, columns, "alpaca", now));

    let newest: Date | undefined;
    for (const ts of columns.ts) if (!newest || ts > newest) newest = ts;
    if (newest) await deps.db.notify(BARS_CHANNEL, newest.toISOString());

    const seen = new Set(columns.symbol);
    const noData = universe.filter((symbol) => !seen.has(symbol) && !stored.has(symbol));
    if (noData.length > 0) {
      const open = marketOpen(now);
      const fields = { event: "telemetry.no_data", symbols: noData, window_start: windowStart.toISOString(), market_open: open };
      // No bars while the market is open means no data entitlement or a dead symbol: no data, no trades.
      if (open === false) log.info(fields, `no bars in the lookback window for ${noData.length} symbol(s) (market closed)`);
      else log.warn(fields, `no bars in the lookback window for ${noData.length} symbol(s): check the data entitlement`);
    }

    const counts: Record<string, number> = {
      symbols: universe.length,
      fetched: fetched.length,
      accepted: accepted.length,
      rejected: fetched.length - accepted.length,
      upserted,
      no_data: noData.length,
    };
    for (const [reason, n] of Object.entries(rejectedBy)) counts[`rejected_${reason}`] = n;
    return counts;
  };
}

function tsText(ts: unknown): string {
  return ts instanceof Date && Number.isFinite(ts.getTime()) ? ts.toISOString() : String(ts);
}

function barFields(bar: Bar): Record<string, unknown> {
  return { open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume };
}

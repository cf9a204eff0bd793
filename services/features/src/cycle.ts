import type { Clock, CycleContext, Db, Logger } from "@ops/core";
import { FeatureStream } from "@ops/trading";
import type { Bar, FeatureStreamOptions, Features } from "@ops/trading";
import type { FeaturesConfig } from "./config.js";
import { CycleTally } from "./cycle-tally.js";
import { selectChangedBars, selectHistory, selectIngestCursor, selectUniverse, upsertFeatures } from "./queries.js";

export interface FeaturesDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: Pick<
    FeaturesConfig,
    | "OPS_FEATURES_MAX_BAR_AGE_S"
    | "OPS_FEATURES_HISTORY_BARS"
    | "OPS_FEATURES_MAX_HISTORY_AGE_H"
    | "OPS_FEATURES_CORRECTION_DEPTH_BARS"
    | "OPS_FEATURES_SESSION_GAP_RESET_RATIO"
  >;
}

export const FEATURES_CHANNEL = "features";

/**
 * Streaming features. The cycle keeps one `FeatureStream` per tradable symbol in memory: warmed from
 * the newest OPS_FEATURES_HISTORY_BARS stored bars the first time it sees the symbol, then fed only
 * what changed since the previous cycle (new bars, plus bars telemetry inserted late or corrected,
 * found through `ingested_at`). A correction recomputes every bar from that point; one older than the
 * stream remembers rebuilds that symbol from the table. One row per bar that exists, keyed by
 * (symbol, bar ts), all upserted in one statement; then one NOTIFY `features`.
 *
 * The state lives in this closure, so exactly one instance may run (the loop's lease). If the write
 * fails, the symbols of the lost rows are rebuilt from their first lost bar next cycle.
 */
export function createFeaturesCycle(deps: FeaturesDeps): (ctx: CycleContext) => Promise<Record<string, number>> {
  const cfg = deps.config;
  const maxBarAgeMs = cfg.OPS_FEATURES_MAX_BAR_AGE_S * 1000;
  const maxHistoryAgeMs = cfg.OPS_FEATURES_MAX_HISTORY_AGE_H * 3_600_000;
  const streamOptions: FeatureStreamOptions = {
    windows: { maxHistoryAgeMs, sessionGapResetRatio: cfg.OPS_FEATURES_SESSION_GAP_RESET_RATIO },
    correctionDepthBars: cfg.OPS_FEATURES_CORRECTION_DEPTH_BARS,
  };
  const streams = new Map<string, FeatureStream>();
  /** Symbols to rebuild from stored bars, recomputing from this time (ms). */
  const rebuildFrom = new Map<string, number>();
  /** max(bars.ingested_at) when the previous successful cycle started: later ingests are news. */
  let ingestCursor: string | null = null;

  return async (ctx) => {
    const now = ctx.now;
    const nowMs = now.getTime();
    const log = ctx.logger;
    const tally = new CycleTally(log);
    const since = new Date(nowMs - maxHistoryAgeMs);

    // Read before any bar: whatever is ingested after this point is read (again) next cycle.
    const cursorAtStart = await selectIngestCursor(deps.db);
    const universe = await selectUniverse(deps.db);
    const tradable = new Set(universe);
    for (const symbol of [...streams.keys()]) if (!tradable.has(symbol)) streams.delete(symbol);
    for (const symbol of [...rebuildFrom.keys()]) if (!tradable.has(symbol)) rebuildFrom.delete(symbol);

    // Warm symbols: only what changed.
    const warm = universe.filter((symbol) => streams.has(symbol));
    const changed = await selectChangedBars(
      deps.db,
      warm.map((symbol) => ({ symbol, after: msToDate(streams.get(symbol)?.newestTs) })),
      { since, until: now, ingestedAfter: ingestCursor },
    );
    tally.barsRead += changed.length;
    for (const [symbol, bars] of groupBySymbol(changed)) {
      const stream = streams.get(symbol);
      if (stream === undefined) continue;
      const update = stream.apply(bars);
      if (update.rebuildFrom !== undefined) {
        log.info({ event: "features.rebuild", symbol, from: update.rebuildFrom.toISOString() },
          "a correction reaches further back than the in-memory state: rebuilding from stored bars");
        streams.delete(symbol);
        rebuildFrom.set(symbol, update.rebuildFrom.getTime());
        continue;
      }
      tally.add(symbol, update);
    }

    // Cold symbols (first sight, new in the universe, or to be rebuilt): state from stored bars.
    const cold = universe.filter((symbol) => !streams.has(symbol));
    const history = await selectHistory(
      deps.db,
      cold.map((symbol) => {
        const from = rebuildFrom.get(symbol);
        return { symbol, from: new Date(from ?? nowMs + 1) };
      }),
      { since, until: now, perSymbol: cfg.OPS_FEATURES_HISTORY_BARS },
    );
    for (const symbol of cold) {
      const bars = history.get(symbol) ?? [];
      tally.barsRead += bars.length;
      const from = rebuildFrom.get(symbol);
      const stream = new FeatureStream(symbol, streamOptions);
      // A plain warm-up writes only the current minutes; a rebuild rewrites everything from its correction.
      tally.add(symbol, stream.apply(bars, { emitFromMs: from ?? nowMs - maxBarAgeMs }));
      streams.set(symbol, stream);
      rebuildFrom.delete(symbol);
      tally.warmed++;
      if (from !== undefined) tally.rebuilt++;
    }

    let upserted: number;
    try {
      upserted = await deps.db.transaction((tx) => upsertFeatures(tx, tally.rows, now));
    } catch (error) {
      // The in-memory state is ahead of the table now: rebuild those symbols from their first lost bar.
      for (const [symbol, firstMs] of firstRowBySymbol(tally.rows)) {
        streams.delete(symbol);
        rebuildFrom.set(symbol, Math.min(firstMs, rebuildFrom.get(symbol) ?? Number.POSITIVE_INFINITY));
      }
      throw error;
    }
    ingestCursor = cursorAtStart;

    let newest: Date | undefined;
    for (const row of tally.rows) if (!newest || row.ts > newest) newest = row.ts;
    if (newest) await deps.db.notify(FEATURES_CHANNEL, newest.toISOString());

    for (const symbol of universe) {
      const newestTs = streams.get(symbol)?.newestTs;
      if (newestTs === undefined) tally.skip("NO_BARS", symbol);
      else if (nowMs - newestTs > maxBarAgeMs) tally.skip("STALE_BARS", symbol);
    }
    if (tally.skipped.size > 0) {
      log.info({ event: "features.skipped", skipped: tally.skippedSummary() }, "some symbols got no new features this cycle");
    }
    return tally.counts(universe.length, upserted);
  };
}

function msToDate(ms: number | undefined): Date | null {
  return ms === undefined ? null : new Date(ms);
}

function groupBySymbol(bars: readonly Bar[]): Map<string, Bar[]> {
  const out = new Map<string, Bar[]>();
  for (const bar of bars) {
    const list = out.get(bar.symbol);
    if (list) list.push(bar);
    else out.set(bar.symbol, [bar]);
  }
  return out;
}

function firstRowBySymbol(rows: readonly Features[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const row of rows) out.set(row.symbol, Math.min(row.ts.getTime(), out.get(row.symbol) ?? Number.POSITIVE_INFINITY));
  return out;
}

import { serializeError } from "@ops/core";
import type { Clock, CycleContext, Db, Logger } from "@ops/core";
import { computeFeatures, isFeatureSkip } from "@ops/trading";
import type { Features } from "@ops/trading";
import type { FeaturesConfig } from "./config.js";
import { featureRowProblem } from "./feature-row-problem.js";
import { selectRecentBars, upsertFeatures } from "./queries.js";

export interface FeaturesDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: Pick<FeaturesConfig, "OPS_FEATURES_MAX_BAR_AGE_S" | "OPS_FEATURES_HISTORY_BARS" | "OPS_FEATURES_MAX_HISTORY_AGE_H">;
}

export const FEATURES_CHANNEL = "features";

/**
 * Stateless by design: every cycle reads each tradable symbol's newest bars (one query) and
 * recomputes. That survives restarts, sees telemetry's corrections of a bar, and lets two replicas
 * agree; at a few hundred symbols it costs milliseconds. At 10,000 symbols the upgrade is the
 * streaming FeatureState from @ops/trading, kept in memory and fed only the new minute.
 */
export function createFeaturesCycle(deps: FeaturesDeps): (ctx: CycleContext) => Promise<Record<string, number>> {
  const cfg = deps.config;
  const featureConfig = {
    maxNewestBarAgeMs: cfg.OPS_FEATURES_MAX_BAR_AGE_S * 1000,
    maxHistoryAgeMs: cfg.OPS_FEATURES_MAX_HISTORY_AGE_H * 3_600_000,
  };

  return async (ctx) => {
    const now = ctx.now;
    const log = ctx.logger;
    const bySymbol = await selectRecentBars(deps.db, {
      since: new Date(now.getTime() - featureConfig.maxHistoryAgeMs),
      until: now,
      perSymbol: cfg.OPS_FEATURES_HISTORY_BARS,
    });

    const rows: Features[] = [];
    const skipped: Record<string, string[]> = {};
    const skip = (reason: string, symbol: string): void => void (skipped[reason] ??= []).push(symbol);
    for (const [symbol, bars] of bySymbol) {
      if (bars.length === 0) {
        skip("NO_BARS", symbol);
        continue;
      }
      let result;
      try {
        result = computeFeatures(bars, { now, config: featureConfig });
      } catch (error) {
        // computeFeatures promises not to throw; if it ever does, one symbol must not stop the rest.
        log.error({ event: "features.compute_failed", symbol, error: serializeError(error) }, "feature computation failed");
        skip("COMPUTE_FAILED", symbol);
        continue;
      }
      if (isFeatureSkip(result)) {
        skip(result.skip, symbol);
        continue;
      }
      const problem = featureRowProblem(result);
      if (problem !== undefined) {
        log.error({ event: "features.invalid_row", symbol, ts: result.ts.toISOString(), problem }, `features not stored: ${problem}`);
        skip("INVALID_ROW", symbol);
        continue;
      }
      rows.push(result);
    }

    const upserted = await deps.db.transaction((tx) => upsertFeatures(tx, rows, now));
    let newest: Date | undefined;
    for (const row of rows) if (!newest || row.ts > newest) newest = row.ts;
    if (newest) await deps.db.notify(FEATURES_CHANNEL, newest.toISOString());

    if (Object.keys(skipped).length > 0) {
      // One line per cycle, not one per symbol: stale bars are normal whenever the market is closed.
      log.info({ event: "features.skipped", skipped }, "some symbols got no features this cycle");
    }
    const counts: Record<string, number> = { symbols: bySymbol.size, computed: rows.length, upserted };
    for (const [reason, symbols] of Object.entries(skipped)) counts[`skipped_${reason.toLowerCase()}`] = symbols.length;
    return counts;
  };
}

import type { Bar } from "../domain/bar.js";
import { featureStaleness } from "./feature-staleness.js";
import { FeatureState } from "./feature-state.js";
import { DEFAULT_FEATURE_CONFIG, type FeatureConfig, type FeatureResult } from "./features.js";

export interface ComputeFeaturesOptions {
  /** The decision time; staleness is judged against it. */
  readonly now: Date;
  readonly config?: Partial<FeatureConfig>;
}

/**
 * Features of one symbol from its bars (ascending). Bars older than `maxHistoryAgeMs` are not used;
 * if the newest bar is older than `maxNewestBarAgeMs` nothing is computed. Malformed or out-of-order
 * bars inside the history are refused and left out (exactly as `FeatureState` does); a malformed
 * newest bar makes the whole result a skip. Never throws on bad input.
 */
export function computeFeatures(bars: readonly Bar[], opts: ComputeFeaturesOptions): FeatureResult {
  const cfg: FeatureConfig = { ...DEFAULT_FEATURE_CONFIG, ...opts.config };
  const newest = bars[bars.length - 1];
  if (newest === undefined) return { skip: "INSUFFICIENT_BARS", detail: "no bars" };

  const symbol = newest.symbol;
  const nowMs = opts.now.getTime();
  if (newest.ts instanceof Date && !Number.isNaN(newest.ts.getTime())) {
    const stale = featureStaleness(newest.ts, opts.now, cfg.maxNewestBarAgeMs);
    if (stale !== null) return { skip: stale.skip, detail: `${symbol}: ${stale.detail}` };
  }

  const state = new FeatureState(symbol, cfg);
  const oldestAllowedMs = nowMs - cfg.maxHistoryAgeMs;
  let result: FeatureResult = { skip: "INSUFFICIENT_BARS", detail: `${symbol}: no bars within history limit` };
  for (const bar of bars) {
    // Refusing history by age keeps an old backlog from standing in for current data.
    if (bar.ts instanceof Date && bar.ts.getTime() < oldestAllowedMs) continue;
    result = state.update(bar);
  }
  return result;
}

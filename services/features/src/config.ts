import { baseServiceSchema, enumVar, loadConfig, numberVar } from "@ops/core";
import type { EnvSource } from "@ops/core";
import { ACCOUNT_IDS } from "@ops/trading";

export const featuresConfigSchema = baseServiceSchema.extend({
  OPS_SERVICE: baseServiceSchema.shape.OPS_SERVICE.default("features"),
  /** Fallback poll: each cycle reads only bars ingested since the previous one, so it is cheap when idle. */
  OPS_LOOP_INTERVAL_S: numberVar({ positive: true }).default(60),
  /**
   * A warm-up or rebuild writes rows only for bars at most this old, so a restart fills the current
   * minutes and never floods the table with history; symbols whose newest bar is older count as stale.
   * Telemetry runs every 60 s and a bar is complete a minute after its ts, so a healthy newest bar is
   * 60–150 s old.
   */
  OPS_FEATURES_MAX_BAR_AGE_S: numberVar({ positive: true, integer: true }).default(300),
  /** Bars per symbol that warm the in-memory state at start: the 390-bar baseline window plus a little. */
  OPS_FEATURES_HISTORY_BARS: numberVar({ integer: true, min: 60, max: 5_000 }).default(400),
  /** Bars older than this are never used, so a long-dead backlog cannot stand in for today. */
  OPS_FEATURES_MAX_HISTORY_AGE_H: numberVar({ positive: true }).default(96),
  /**
   * A corrected or late bar up to this many bars behind the newest is recomputed in memory; an older
   * one makes the symbol rebuild from stored bars. Memory per symbol is about two state copies.
   */
  OPS_FEATURES_CORRECTION_DEPTH_BARS: numberVar({ integer: true, min: 1, max: 1_000 }).default(30),
  /**
   * A session opening beyond this multiple of the previous close (or below its inverse) resets the
   * symbol's indicators and re-warms them (a split, or a crash of that size), instead of features that
   * read a 7:1 split as a −86 % collapse. 1.4 catches 3:2 splits and every larger ratio.
   */
  OPS_FEATURES_SESSION_GAP_RESET_RATIO: numberVar({ min: 1.05, max: 100 }).default(1.4),
  OPS_CLOCK: enumVar(["wall", "sim"] as const).default("wall"),
  /** Whose Alpaca keys read the simulator clock when OPS_CLOCK=sim. */
  OPS_DATA_ACCOUNT: enumVar(ACCOUNT_IDS).default("large-100k"),
});

export type FeaturesConfig = ReturnType<typeof featuresConfigSchema.parse>;

export function loadFeaturesConfig(env?: EnvSource): FeaturesConfig {
  return loadConfig(featuresConfigSchema, env);
}

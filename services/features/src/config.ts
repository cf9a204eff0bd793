import { baseServiceSchema, enumVar, loadConfig, numberVar } from "@ops/core";
import type { EnvSource } from "@ops/core";
import { ACCOUNT_IDS } from "@ops/trading";

export const featuresConfigSchema = baseServiceSchema.extend({
  OPS_SERVICE: baseServiceSchema.shape.OPS_SERVICE.default("features"),
  OPS_LOOP_INTERVAL_S: numberVar({ positive: true }).default(60),
  /**
   * No features when a symbol's newest bar is older than this (seed failure 18). Telemetry runs every
   * 60 s and a bar is complete a minute after its ts, so a healthy newest bar is 60–150 s old.
   */
  OPS_FEATURES_MAX_BAR_AGE_S: numberVar({ positive: true, integer: true }).default(300),
  /** Bars read per symbol: the 390-bar baseline volatility window plus a little. */
  OPS_FEATURES_HISTORY_BARS: numberVar({ integer: true, min: 60, max: 5_000 }).default(400),
  /** Bars older than this are never used, so a long-dead backlog cannot stand in for today. */
  OPS_FEATURES_MAX_HISTORY_AGE_H: numberVar({ positive: true }).default(96),
  OPS_CLOCK: enumVar(["wall", "sim"] as const).default("wall"),
  /** Whose Alpaca keys read the simulator clock when OPS_CLOCK=sim. */
  OPS_DATA_ACCOUNT: enumVar(ACCOUNT_IDS).default("large-100k"),
});

export type FeaturesConfig = ReturnType<typeof featuresConfigSchema.parse>;

export function loadFeaturesConfig(env?: EnvSource): FeaturesConfig {
  return loadConfig(featuresConfigSchema, env);
}

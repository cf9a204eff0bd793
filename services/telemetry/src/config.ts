import { baseServiceSchema, enumVar, loadConfig, numberVar } from "@ops/core";
import type { EnvSource } from "@ops/core";
import { STOCK_FEEDS } from "@ops/broker-alpaca";
import { ACCOUNT_IDS } from "@ops/trading";

import { CLOCK_SOURCES } from "@ops/broker-alpaca";

export { CLOCK_SOURCES };
export type { ClockSource } from "@ops/broker-alpaca";


export const telemetryConfigSchema = baseServiceSchema.extend({
  OPS_SERVICE: baseServiceSchema.shape.OPS_SERVICE.default("telemetry"),
  OPS_LOOP_INTERVAL_S: numberVar({ positive: true }).default(60),
  /** How far back a cycle fetches when the table has nothing newer (minutes). */
  OPS_TELEMETRY_LOOKBACK_MIN: numberVar({ positive: true, integer: true, max: 7 * 24 * 60 }).default(120),
  /** Only IEX is free for the last 15 minutes; SIP there needs a paid plan (seed failure 17). */
  OPS_TELEMETRY_FEED: enumVar(STOCK_FEEDS).default("iex"),
  /** Whose Alpaca keys read market data (the data API is not per account, but the keys are). */
  OPS_DATA_ACCOUNT: enumVar(ACCOUNT_IDS).default("large-100k"),
  /** wall = production; sim = read market time from the simulator's GET /v2/clock. */
  OPS_CLOCK: enumVar(CLOCK_SOURCES).default("wall"),
});

export type TelemetryConfig = ReturnType<typeof telemetryConfigSchema.parse>;

export function loadTelemetryConfig(env?: EnvSource): TelemetryConfig {
  return loadConfig(telemetryConfigSchema, env);
}

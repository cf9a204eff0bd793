export { BARS_CHANNEL, createTelemetryCycle } from "./cycle.js";
export type { TelemetryDeps } from "./cycle.js";
export { CLOCK_SOURCES, loadTelemetryConfig, telemetryConfigSchema } from "./config.js";
export type { ClockSource, TelemetryConfig } from "./config.js";
export { BAR_REJECT_REASONS, validateBar } from "./validate-bar.js";
export type { BarRejectReason } from "./validate-bar.js";
export { toBarColumns } from "./bar-columns.js";
export type { BarColumns } from "./bar-columns.js";

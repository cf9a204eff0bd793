export { createPositionManagerCycle } from "./cycle.js";
export type { PositionManagerDeps } from "./cycle.js";
export { CLOCK_SOURCES, DEFAULT_CYCLE_CONFIG, positionManagerConfigSchema, positionManagerSettings } from "./config.js";
export type { ClockSource, PositionManagerConfig, PositionManagerCycleConfig, PositionManagerSettings } from "./config.js";
export { ADOPTED_EXIT_STRATEGY } from "./position-row.js";

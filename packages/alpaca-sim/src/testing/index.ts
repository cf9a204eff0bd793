// Test-only helpers: `import { ... } from "@ops/alpaca-sim/testing"`. Plain code (no vitest import); the caller
// passes its afterEach and its broker factory.
export {
  DAY,
  at,
  LAST_TRADE_SIZE,
  dayBars,
  sessionFromQuote,
  fixedSession,
  MovableOptionMarket,
  defineSimHarness,
  count,
} from "./sim-harness.js";
export type {
  MovableQuote,
  SessionPrices,
  MovableOptionMarketOptions,
  SimBrokerConnection,
  Intercept,
  SimHarness,
  SimHarnessSetup,
} from "./sim-harness.js";

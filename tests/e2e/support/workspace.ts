// tests/ is not a workspace package, so it has no node_modules/@ops links and cannot import the packages by
// name. Everything the e2e tests need from the workspace is reached by path here, in this one place; once
// tests/e2e becomes a workspace package these lines turn into `from "@ops/..."`.
export { createDefaultSimulator, DEFAULT_SIM_ACCOUNTS } from "../../../packages/alpaca-sim/src/index.js";
export type { DefaultSimulator, SimAccountConfig } from "../../../packages/alpaca-sim/src/index.js";
export { deterministicClientOrderId } from "../../../packages/broker-alpaca/src/index.js";
export { MarketCalendar, etDateTime } from "../../../packages/core/src/index.js";
export type { Db } from "../../../packages/core/src/index.js";
export { describeWithPostgres, freshPostgresDb } from "../../../packages/core/src/testing/index.js";
export type { FreshPostgresDb } from "../../../packages/core/src/testing/index.js";
export { ACCOUNT_IDS } from "../../../packages/trading/src/index.js";
export type { AccountId } from "../../../packages/trading/src/index.js";

// Everything the e2e tests take from the workspace, in one place.
export { createDefaultSimulator, DEFAULT_SIM_ACCOUNTS } from "@ops/alpaca-sim";
export type { DefaultSimulator } from "@ops/alpaca-sim";
export { deterministicClientOrderId } from "@ops/broker-alpaca";
export { MarketCalendar, etDateTime } from "@ops/core";
export type { Db } from "@ops/core";
export { describeWithPostgres, freshPostgresDb } from "@ops/core/testing";
export type { FreshPostgresDb } from "@ops/core/testing";
export { ACCOUNT_IDS } from "@ops/trading";
export type { AccountId } from "@ops/trading";

import type { Broker } from "@ops/broker-alpaca";
import type { Db, Logger, MarketCalendar, VolatilityConfig } from "@ops/core";
import type { ExecutionDeps } from "@ops/execution";
import type { AccountId, EodRules, ExitPolicy } from "@ops/trading";
import type { PositionManagerCycleConfig } from "./config.js";

/** What every step of one cycle works with: one account, one instant, one logger. */
export interface StepContext {
  readonly db: Db;
  readonly broker: Broker;
  readonly account: AccountId;
  readonly now: Date;
  /** The cycle's logger (carries cycle_id and the service's base fields). */
  readonly log: Logger;
  readonly config: PositionManagerCycleConfig;
  readonly calendar: MarketCalendar;
  readonly exitPolicy: ExitPolicy;
  /** This account tier's end-of-day rules (validated when the cycle is built). */
  readonly eodRules: EodRules;
  /** The volatility source the end-of-day engine reads (kind none = no source configured). */
  readonly volatility: VolatilityConfig;
  /** For @ops/execution: the only writer of orders and fills. */
  readonly execution: ExecutionDeps;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

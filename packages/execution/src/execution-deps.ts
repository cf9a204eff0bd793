// What every execution call needs. The broker must be the one for the account being written: the
// module refuses to act when they differ (seed 12/40: a manager closing with the other account's keys).
import type { Db } from "@ops/core";
import type { Broker } from "@ops/broker-alpaca";

/** The subset of pino's Logger this module uses, so any pino child logger fits. */
export interface ExecutionLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ExecutionDeps {
  readonly db: Db;
  readonly broker: Broker;
  readonly logger: ExecutionLogger;
  /**
   * Seconds of clock time a pending_submit/unresolved order may be unknown to the broker before it is
   * declared rejected ('not_at_broker'). Default DEFAULT_UNRESOLVED_GRACE_S.
   */
  readonly unresolvedGraceS?: number;
  /**
   * TEST ONLY, inert when absent: called at each crash point so a crash test can kill the process
   * exactly there (the dispatcher wires it from OPS_TEST_CRASH_AT). Never set in production.
   */
  readonly testCrashHook?: (point: CrashPoint) => void;
}

/**
 * Where a process may die mid-order: the intent row is committed but not posted; the POST returned but
 * its answer is not recorded; the broker's fill was read but not recorded.
 */
export const CRASH_POINTS = ["after_intent", "after_post", "after_fill"] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

export const DEFAULT_UNRESOLVED_GRACE_S = 60;

// One migrated PGlite database per test file with AAA's bars and features seeded once, emptied of the
// dispatcher's own rows before each test, with trading enabled for the accounts a file trades.
import type { Db } from "@ops/core";
import { freshPgliteDb } from "@ops/core/testing";
import type { AccountId } from "@ops/trading";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { at } from "./sim.js";
import { enableTrading, seedMarket } from "./world.js";

const DISPATCHER_ROWS = ["fills", "orders", "risk_gate_evaluations", "recommendation_dispatches", "recommendations", "iv_history"];

export interface DispatcherDbOptions {
  /** Further statements run after the dispatcher's rows are deleted (e.g. "DELETE FROM risk_locks"). */
  readonly alsoClear?: readonly string[];
  /** Accounts enabled (ACTIVE, position manager alive) before each test. */
  readonly enable?: readonly AccountId[];
}

/**
 * Registers the file's hooks and returns the database. The value is a stand-in that forwards to the real
 * database once `beforeAll` has opened it, so test code keeps a plain `db` constant.
 */
export function useDispatcherDb(options: DispatcherDbOptions = {}): Db {
  let real: Db | undefined;
  beforeAll(async () => {
    real = await freshPgliteDb();
    await seedMarket(real, "AAA", at("10:00"), 10);
  });
  afterAll(async () => {
    await real?.close();
    real = undefined;
  });
  beforeEach(async () => {
    const db = opened();
    await db.query([...DISPATCHER_ROWS.map((t) => `DELETE FROM ${t}`), ...(options.alsoClear ?? [])].join("; "));
    for (const account of options.enable ?? []) await enableTrading(db, account);
  });
  const opened = (): Db => {
    if (real === undefined) throw new Error("the test database is opened in beforeAll; use it inside tests and hooks");
    return real;
  };
  return new Proxy({} as Db, {
    get(_target, property) {
      const db = opened();
      const value: unknown = Reflect.get(db, property, db);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(db) : value;
    },
  });
}

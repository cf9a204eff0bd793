// The database the risk-mode CLI tests share within one file: AAA's market seeded through 10:05, both
// accounts enabled, and a dispatcher world per test (closed after it), with `pnpm ops` run against it.
import type { Db } from "@ops/core";
import { freshPgliteDb } from "@ops/core/testing";
import { afterAll, afterEach, beforeAll } from "vitest";
import { at, seedMarket, startDispatcherWorld } from "./dispatcher-world.js";
import type { DispatcherWorld } from "./dispatcher-world.js";
import { runOps } from "./ops-cli.js";
import type { OpsRun } from "./ops-cli.js";

export interface OpsWorld {
  /** Usable inside tests and hooks (opened in beforeAll). */
  readonly db: Db;
  ops(...argv: string[]): Promise<OpsRun>;
  rows(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** A dispatcher world on this database, closed after the test. */
  startWorld(): Promise<DispatcherWorld>;
}

export function useOpsWorld(): OpsWorld {
  let db: Db | undefined;
  let world: DispatcherWorld | undefined;
  beforeAll(async () => {
    db = await freshPgliteDb();
    await seedMarket(db, at("10:00"));
    await seedMarket(db, at("10:05"), 5);
    await db.query(`UPDATE risk_state SET trading_enabled = true, halted_reason = NULL, updated_by = 'test'`);
  });
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });
  afterAll(async () => {
    await db?.close();
  });
  const opened = (): Db => {
    if (db === undefined) throw new Error("the test database is opened in beforeAll; use it inside tests and hooks");
    return db;
  };
  return {
    get db() {
      return opened();
    },
    ops: (...argv) => runOps(opened(), argv),
    rows: async (sql, params = []) => (await opened().query(sql, params)).rows,
    startWorld: async () => {
      world = await startDispatcherWorld(opened());
      return world;
    },
  };
}

import { AsyncLocalStorage } from "node:async_hooks";
import { mkdirSync } from "node:fs";
import { PGlite, types, type Results, type Transaction } from "@electric-sql/pglite";
import { FatalError, TransactionAbortedError } from "../errors.js";
import { assertChannelName } from "./channel-name.js";
import { PG_TYPE_INT8, PG_TYPE_INT8_ARRAY, parseInt8 } from "./type-parsers.js";
import type { Db, NotificationHandler, Queryable, QueryResult } from "./types.js";

// Passed per query rather than set on the instance: a shared PGlite may have other users.
const PARSERS = {
  [PG_TYPE_INT8]: (text: string) => parseInt8(text),
  [PG_TYPE_INT8_ARRAY]: (text: string) => types.arrayParser(text, (item: string) => parseInt8(item), PG_TYPE_INT8_ARRAY),
};
const QUERY_OPTIONS = { parsers: PARSERS };

/** PGlite instances whose transaction the current async context is inside. */
const insideTransaction = new AsyncLocalStorage<ReadonlySet<PGlite>>();

type PgliteRunner = Pick<Transaction, "query" | "exec">;

function toQueryResult<R>(result: Results<R> | undefined): QueryResult<R> {
  if (!result) return { rows: [], rowCount: 0 };
  return { rows: result.rows, rowCount: result.affectedRows ? result.affectedRows : result.rows.length };
}

async function runQuery<R>(runner: PgliteRunner, sql: string, params: readonly unknown[] | undefined): Promise<QueryResult<R>> {
  if (params && params.length > 0) {
    return toQueryResult(await runner.query<R>(sql, [...params], QUERY_OPTIONS));
  }
  // Like pg: without params, several statements may be sent; the last one's result is returned.
  const results = await runner.exec(sql, QUERY_OPTIONS);
  return toQueryResult(results[results.length - 1] as Results<R> | undefined);
}

export interface WrapPGliteOptions {
  /** close() also closes the PGlite instance (true for instances openDb created). */
  ownsInstance?: boolean;
}

/**
 * A Db over an existing PGlite, so several in-process services can share one instance. PGlite is one
 * backend: its transaction() holds an exclusive lock, so concurrent transactions and queries queue
 * behind it instead of interleaving. Using the outer db inside a transaction callback would wait on
 * that lock forever, so it is refused with an error instead.
 */
export function wrapPGlite(instance: PGlite, options: WrapPGliteOptions = {}): Db {
  const unsubscribers = new Set<() => Promise<void>>();
  let closed = false;

  function refuseInsideTransaction(): void {
    if (insideTransaction.getStore()?.has(instance)) {
      throw new FatalError("db used inside its own transaction callback on PGlite (this would deadlock); use the tx argument");
    }
    if (closed) throw new FatalError("db is closed");
  }

  const db: Db = {
    kind: "pglite",

    async query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]) {
      refuseInsideTransaction();
      return runQuery<R>(instance, sql, params);
    },

    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      refuseInsideTransaction();
      let callbackSucceeded = false;
      const outer = insideTransaction.getStore();
      const store = new Set(outer ?? []).add(instance);
      try {
        return await instance.transaction(async (pgTx) => {
          const tx: Queryable = {
            query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]) {
              if (pgTx.closed) return Promise.reject(new Error("transaction is already finished; use the db, not a stale tx"));
              return runQuery<R>(pgTx, sql, params);
            },
          };
          const result = await insideTransaction.run(store, () => fn(tx));
          callbackSucceeded = true;
          return result;
        });
      } catch (error) {
        // After a successful callback the only failure left is COMMIT turning into ROLLBACK.
        if (callbackSucceeded && (error as { code?: unknown }).code === "25P02") {
          throw new TransactionAbortedError({ cause: error });
        }
        throw error;
      }
    },

    async listen(channel: string, handler: NotificationHandler) {
      assertChannelName(channel);
      refuseInsideTransaction();
      const unlisten = await instance.listen(channel, (payload) => {
        try {
          handler(payload);
        } catch {
          // A throwing handler must not break delivery to the others.
        }
      });
      let active = true;
      const unsubscribe = async () => {
        if (!active) return;
        active = false;
        unsubscribers.delete(unsubscribe);
        if (!instance.closed) await unlisten();
      };
      unsubscribers.add(unsubscribe);
      return unsubscribe;
    },

    async notify(channel: string, payload: string) {
      assertChannelName(channel);
      refuseInsideTransaction();
      await instance.query("SELECT pg_notify($1, $2)", [channel, payload]);
    },

    async close() {
      if (closed) return;
      for (const unsubscribe of [...unsubscribers]) await unsubscribe().catch(() => undefined);
      closed = true;
      if (options.ownsInstance && !instance.closed) await instance.close();
    },
  };
  return db;
}

/** `pglite:memory` (or `pglite:memory:`) → in-memory; `pglite:<path>` → data directory at path. */
export async function openPgliteDb(location: { memory: true } | { dataDir: string }): Promise<Db> {
  let instance: PGlite;
  if ("dataDir" in location) {
    mkdirSync(location.dataDir, { recursive: true });
    instance = await PGlite.create({ dataDir: location.dataDir });
  } else {
    instance = await PGlite.create();
  }
  return wrapPGlite(instance, { ownsInstance: true });
}

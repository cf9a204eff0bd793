import pg from "pg";
import type { Logger } from "pino";
import { TransactionAbortedError, toError } from "../errors.js";
import { serializeError } from "../log/serialize-error.js";
import { assertChannelName } from "./channel-name.js";
import { PG_TYPE_INT8, PG_TYPE_INT8_ARRAY, parseInt8 } from "./type-parsers.js";
import type { Db, NotificationHandler, Queryable, QueryResult } from "./types.js";

export interface PgDbOptions {
  logger?: Logger | undefined;
  /** Pool size; small by default (every service is one process with one cycle at a time). */
  max?: number | undefined;
  applicationName?: string | undefined;
}

const builtinParser = pg.types.getTypeParser as (oid: number, format?: "text" | "binary") => (text: string) => unknown;

// Per-pool parsers (not pg.types.setTypeParser): other pg users in the process keep pg's defaults.
const getTypeParser = ((oid: number, format?: "text" | "binary") => {
  if (oid === PG_TYPE_INT8) return parseInt8;
  if (oid === PG_TYPE_INT8_ARRAY) {
    const parseArray = builtinParser(oid, "text");
    return (text: string) => mapArray(parseArray(text));
  }
  return builtinParser(oid, format ?? "text");
}) as typeof pg.types.getTypeParser;

function mapArray(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(mapArray);
  return typeof value === "string" ? parseInt8(value) : value;
}

type PgResultLike = { rows: unknown[]; rowCount: number | null; command: string };

/** Without params pg uses the simple protocol, which allows several statements: return the last result. */
function lastResult(result: PgResultLike | PgResultLike[]): PgResultLike {
  if (!Array.isArray(result)) return result;
  const last = result[result.length - 1];
  return last ?? { rows: [], rowCount: 0, command: "" };
}

function toQueryResult<R>(result: PgResultLike | PgResultLike[]): QueryResult<R> {
  const last = lastResult(result);
  return { rows: last.rows as R[], rowCount: last.rowCount ?? last.rows.length };
}

function paramsFor(params: readonly unknown[] | undefined): unknown[] | undefined {
  return params && params.length > 0 ? [...params] : undefined;
}

async function runQuery<R>(
  target: pg.Pool | pg.PoolClient,
  sql: string,
  params: readonly unknown[] | undefined,
): Promise<QueryResult<R>> {
  const result = (await target.query(sql, paramsFor(params))) as unknown as PgResultLike | PgResultLike[];
  return toQueryResult<R>(result);
}

/** Opens a pg Pool for a postgres:// URL; LISTEN runs on one dedicated connection outside the pool. */
export async function openPgDb(url: string, options: PgDbOptions = {}): Promise<Db> {
  const logger = options.logger;
  const clientConfig = {
    connectionString: url,
    types: { getTypeParser },
    application_name: options.applicationName ?? "ops-pipeline",
    // Never wait forever for a connection (unreachable host, exhausted pool).
    connectionTimeoutMillis: 10_000,
  };
  const pool = new pg.Pool({ ...clientConfig, max: options.max ?? 5, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection emits on the pool; unhandled, that would crash the process.
  pool.on("error", (error) => logger?.warn({ event: "db.pool_error", error: serializeError(error) }, "idle database connection failed"));
  // Fail fast on a wrong URL instead of at the first cycle.
  try {
    await pool.query("SELECT 1");
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }

  const handlers = new Map<string, Set<NotificationHandler>>();
  let listener: pg.Client | undefined;
  let listenerReady: Promise<pg.Client> | undefined;
  let closed = false;
  let reconnectDelayMs = 500;

  function dispatch(message: pg.Notification): void {
    for (const handler of handlers.get(message.channel) ?? []) {
      try {
        handler(message.payload ?? "");
      } catch (error) {
        logger?.error({ event: "db.notification_handler_failed", channel: message.channel, error: serializeError(error) }, "notification handler threw");
      }
    }
  }

  async function connectListener(): Promise<pg.Client> {
    const client = new pg.Client(clientConfig);
    client.on("notification", dispatch);
    const lost = (error?: Error) => {
      if (listener !== client) return;
      listener = undefined;
      listenerReady = undefined;
      if (closed) return;
      logger?.warn({ event: "db.listener_lost", error: error ? serializeError(error) : undefined }, "LISTEN connection lost; reconnecting");
      scheduleReconnect();
    };
    client.on("error", lost);
    client.on("end", () => lost());
    await client.connect();
    for (const channel of handlers.keys()) await client.query(`LISTEN ${channel}`);
    listener = client;
    reconnectDelayMs = 500;
    return client;
  }

  function scheduleReconnect(): void {
    if (handlers.size === 0 || closed) return;
    const delay = reconnectDelayMs;
    reconnectDelayMs = Math.min(reconnectDelayMs * 2, 30_000);
    const timer = setTimeout(() => {
      if (closed || listenerReady) return;
      listenerReady = connectListener();
      listenerReady.catch(() => {
        listenerReady = undefined;
        scheduleReconnect();
      });
    }, delay);
    timer.unref();
  }

  function listenerClient(): Promise<pg.Client> {
    if (!listenerReady) {
      listenerReady = connectListener();
      listenerReady.catch(() => {
        listenerReady = undefined;
      });
    }
    return listenerReady;
  }

  const db: Db = {
    kind: "pg",

    query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]) {
      return runQuery<R>(pool, sql, params);
    },

    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let finished = false;
      // A connection whose state is uncertain is destroyed instead of going back to the pool.
      let discard: Error | undefined;
      const tx: Queryable = {
        query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]) {
          if (finished) return Promise.reject(new Error("transaction is already finished; use the db, not a stale tx"));
          return runQuery<R>(client, sql, params);
        },
      };
      try {
        await client.query("BEGIN");
        let result: T;
        try {
          result = await fn(tx);
        } catch (error) {
          finished = true;
          try {
            await client.query("ROLLBACK");
          } catch (rollbackError) {
            discard = toError(rollbackError);
          }
          throw error;
        }
        finished = true;
        let commit: PgResultLike;
        try {
          commit = (await client.query("COMMIT")) as unknown as PgResultLike;
        } catch (commitError) {
          discard = toError(commitError);
          throw commitError;
        }
        // PostgreSQL answers COMMIT of an aborted transaction with ROLLBACK, not an error.
        if (commit.command === "ROLLBACK") throw new TransactionAbortedError();
        return result;
      } catch (error) {
        if (!finished) {
          // BEGIN itself failed: the connection is suspect.
          finished = true;
          discard = toError(error);
        }
        throw error;
      } finally {
        client.release(discard);
      }
    },

    async listen(channel: string, handler: NotificationHandler) {
      assertChannelName(channel);
      let set = handlers.get(channel);
      const isNewChannel = !set;
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
      }
      set.add(handler);
      try {
        const client = await listenerClient();
        // connectListener() already LISTENs on every known channel; a second LISTEN is harmless.
        if (isNewChannel) await client.query(`LISTEN ${channel}`);
      } catch (error) {
        set.delete(handler);
        if (set.size === 0) handlers.delete(channel);
        throw error;
      }
      let active = true;
      return async () => {
        if (!active) return;
        active = false;
        const current = handlers.get(channel);
        if (!current) return;
        current.delete(handler);
        if (current.size > 0) return;
        handlers.delete(channel);
        if (listener && !closed) await listener.query(`UNLISTEN ${channel}`).catch(() => undefined);
      };
    },

    async notify(channel: string, payload: string) {
      assertChannelName(channel);
      await pool.query("SELECT pg_notify($1, $2)", [channel, payload]);
    },

    async close() {
      if (closed) return;
      closed = true;
      handlers.clear();
      const client = listener;
      listener = undefined;
      listenerReady = undefined;
      if (client) await client.end().catch(() => undefined);
      await pool.end();
    },
  };
  return db;
}

// One table of Db behaviours, run against every backend (db-pglite.test.ts, db-postgres.test.ts).
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { TransactionAbortedError } from "../src/errors.js";
import type { Db } from "../src/db/types.js";

export interface OpenedDb {
  db: Db;
  cleanup(): Promise<void>;
}

export async function waitFor(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

export function defineDbContract(open: () => Promise<OpenedDb>): void {
  let opened: OpenedDb;
  let db: Db;

  beforeAll(async () => {
    opened = await open();
    db = opened.db;
    await db.query("CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, price numeric(18,4), at timestamptz)");
  });
  afterAll(async () => {
    await opened?.cleanup();
  });
  beforeEach(async () => {
    await db.query("DELETE FROM items");
  });

  it("runs parameterised queries and reports affected rows", async () => {
    const inserted = await db.query("INSERT INTO items (id, name) VALUES ($1, $2), ($3, $4), ($5, $6)", [1, "a", 2, "b", 3, "c"]);
    expect(inserted.rowCount).toBe(3);
    const updated = await db.query("UPDATE items SET name = upper(name) WHERE id >= $1", [2]);
    expect(updated.rowCount).toBe(2);
    const selected = await db.query<{ id: number; name: string }>("SELECT id, name FROM items ORDER BY id");
    expect(selected.rows).toEqual([
      { id: 1, name: "a" },
      { id: 2, name: "B" },
      { id: 3, name: "C" },
    ]);
    expect(selected.rowCount).toBe(3);
  });

  it("runs several statements when there are no params and returns the last result", async () => {
    const result = await db.query<{ n: number }>(
      "INSERT INTO items (id, name) VALUES (10, 'x'); INSERT INTO items (id, name) VALUES (11, 'y'); SELECT count(*)::int AS n FROM items",
    );
    expect(result.rows).toEqual([{ n: 2 }]);
  });

  it("commits a transaction whose callback succeeds and returns its value", async () => {
    const value = await db.transaction(async (tx) => {
      await tx.query("INSERT INTO items (id, name) VALUES ($1, $2)", [1, "kept"]);
      await tx.query("INSERT INTO items (id, name) VALUES ($1, $2)", [2, "kept too"]);
      return "done";
    });
    expect(value).toBe("done");
    expect((await db.query("SELECT id FROM items")).rowCount).toBe(2);
  });

  it("rolls back a transaction whose callback throws and rethrows the same error", async () => {
    const failure = new Error("business rule failed");
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO items (id, name) VALUES ($1, $2)", [1, "discarded"]);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect((await db.query("SELECT id FROM items")).rowCount).toBe(0);
  });

  it("is not poisoned by a failed statement: the next statements and transactions work (seed failure 10)", async () => {
    for (let round = 0; round < 3; round++) {
      await expect(
        db.transaction(async (tx) => {
          await tx.query("INSERT INTO items (id, name) VALUES ($1, $2)", [round, "first"]);
          await tx.query("INSERT INTO items (id, name) VALUES ($1, $2)", [round, "duplicate key"]);
        }),
      ).rejects.toThrow(/duplicate key|unique/i);
      // The follow-up that died in the seed: marking the work FAILED on the same connection.
      await db.transaction(async (tx) => {
        await tx.query("INSERT INTO items (id, name) VALUES ($1, $2)", [100 + round, "failure recorded"]);
      });
      await expect(db.query("SELECT 1/0")).rejects.toThrow(/division by zero/);
      expect((await db.query("SELECT 1 AS ok")).rows).toEqual([{ ok: 1 }]);
    }
    const rows = await db.query<{ id: number }>("SELECT id FROM items ORDER BY id");
    expect(rows.rows.map((row) => row.id)).toEqual([100, 101, 102]);
  });

  it("refuses to report success when the callback swallowed a failed statement", async () => {
    const attempt = db.transaction(async (tx) => {
      await tx.query("INSERT INTO items (id, name) VALUES ($1, $2)", [1, "lost"]);
      await tx.query("SELECT 1/0").catch(() => undefined);
      return "looks fine";
    });
    await expect(attempt).rejects.toBeInstanceOf(TransactionAbortedError);
    expect((await db.query("SELECT id FROM items")).rowCount).toBe(0);
  });

  it("rejects use of a transaction handle after the transaction ended", async () => {
    let leaked: { query: (sql: string) => Promise<unknown> } | undefined;
    await db.transaction(async (tx) => {
      leaked = tx;
    });
    await expect(leaked?.query("SELECT 1")).rejects.toThrow(/finished/);
  });

  it("maps int8 to number when safe, numeric to an exact string, timestamptz to Date", async () => {
    const at = new Date("2026-03-02T14:30:15.123Z");
    await db.query("INSERT INTO items (id, name, price, at) VALUES ($1, $2, $3, $4)", [7, "priced", "12345678901234.5678", at]);
    const row = (
      await db.query<Record<string, unknown>>(
        `SELECT id, price, at, 9007199254740993::int8 AS big, ARRAY[1, 2]::int8[] AS ids,
                '{"a": [1, "x"]}'::jsonb AS doc, true AS flag, NULL::text AS missing, 0.1::numeric + 0.2::numeric AS sum
           FROM items WHERE id = $1`,
        [7],
      )
    ).rows[0];
    expect(row).toBeDefined();
    expect(row?.id).toBe(7);
    expect(row?.price).toBe("12345678901234.5678");
    expect(row?.sum).toBe("0.3");
    expect(row?.at).toBeInstanceOf(Date);
    expect((row?.at as Date).toISOString()).toBe(at.toISOString());
    expect(row?.big).toBe("9007199254740993");
    expect(row?.ids).toEqual([1, 2]);
    expect(row?.doc).toEqual({ a: [1, "x"] });
    expect(row?.flag).toBe(true);
    expect(row?.missing).toBeNull();
  });

  it("delivers notifications to listeners until they unsubscribe", async () => {
    const received: string[] = [];
    const unsubscribe = await db.listen("ops_contract_test", (payload) => received.push(payload));
    await db.notify("ops_contract_test", "first");
    await db.query("SELECT pg_notify('ops_contract_test', 'second')");
    await waitFor(() => received.length === 2);
    expect(received).toEqual(["first", "second"]);
    await unsubscribe();
    await db.notify("ops_contract_test", "after unsubscribe");
    await settle();
    expect(received).toEqual(["first", "second"]);
  });

  it("delivers a notification sent inside a transaction only if it commits", async () => {
    const received: string[] = [];
    const unsubscribe = await db.listen("ops_contract_tx", (payload) => received.push(payload));
    await db
      .transaction(async (tx) => {
        await tx.query("SELECT pg_notify('ops_contract_tx', 'rolled back')");
        throw new Error("abort");
      })
      .catch(() => undefined);
    await db.transaction(async (tx) => {
      await tx.query("SELECT pg_notify('ops_contract_tx', 'committed')");
    });
    await waitFor(() => received.length >= 1);
    await settle();
    expect(received).toEqual(["committed"]);
    await unsubscribe();
  });

  it("keeps delivering to other listeners when one handler throws", async () => {
    const received: string[] = [];
    const offBad = await db.listen("ops_contract_throw", () => {
      throw new Error("handler bug");
    });
    const offGood = await db.listen("ops_contract_throw", (payload) => received.push(payload));
    await db.notify("ops_contract_throw", "one");
    await db.notify("ops_contract_throw", "two");
    await waitFor(() => received.length === 2);
    await offBad();
    await offGood();
  });

  it("rejects channel names that LISTEN and pg_notify would treat differently", async () => {
    await expect(db.listen("Mixed-Case", () => undefined)).rejects.toThrow(/invalid notification channel/);
    await expect(db.notify("has space", "x")).rejects.toThrow(/invalid notification channel/);
  });
}

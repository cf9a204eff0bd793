import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wrapPGlite } from "../src/db/pglite-db.js";
import { FatalError } from "../src/errors.js";
import { freshPgliteDb } from "../src/testing/fresh-db.js";
import { defineDbContract } from "./db-contract.js";

describe("Db on PGlite", () => {
  defineDbContract(async () => {
    const db = await freshPgliteDb({ migrate: false });
    return { db, cleanup: () => db.close() };
  });
});

describe("one PGlite instance shared by several in-process services", () => {
  let instance: PGlite;

  beforeAll(async () => {
    instance = await PGlite.create();
    await instance.exec("CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL); INSERT INTO counter VALUES (1, 0)");
  });
  afterAll(async () => {
    await instance.close();
  });

  it("queues concurrent transactions from different wrappers instead of interleaving them", async () => {
    const services = [wrapPGlite(instance), wrapPGlite(instance), wrapPGlite(instance)];
    const order: string[] = [];
    // Read-modify-write with a pause in the middle: interleaving would lose updates.
    await Promise.all(
      Array.from({ length: 9 }, (_, index) =>
        (services[index % 3] ?? services[0])!.transaction(async (tx) => {
          order.push(`begin ${index}`);
          const current = await tx.query<{ n: number }>("SELECT n FROM counter WHERE id = 1");
          await new Promise((resolve) => setTimeout(resolve, 5));
          await tx.query("UPDATE counter SET n = $1 WHERE id = 1", [(current.rows[0]?.n ?? 0) + 1]);
          order.push(`end ${index}`);
        }),
      ),
    );
    const final = await services[0]!.query<{ n: number }>("SELECT n FROM counter WHERE id = 1");
    expect(final.rows[0]?.n).toBe(9);
    for (let step = 0; step < order.length; step += 2) {
      expect(order[step]?.replace("begin", "end")).toBe(order[step + 1]);
    }
  });

  it("refuses the outer db inside its own transaction instead of deadlocking", async () => {
    const db = wrapPGlite(instance);
    await expect(db.transaction(async () => db.query("SELECT 1"))).rejects.toBeInstanceOf(FatalError);
    await expect(db.transaction(async () => db.transaction(async () => 1))).rejects.toBeInstanceOf(FatalError);
    expect((await db.query("SELECT 1 AS ok")).rows).toEqual([{ ok: 1 }]);
  });

  it("closing one service's wrapper leaves the shared instance open for the others", async () => {
    const first = wrapPGlite(instance);
    const second = wrapPGlite(instance);
    const received: string[] = [];
    await first.listen("shared_channel", (payload) => received.push(`first:${payload}`));
    await second.listen("shared_channel", (payload) => received.push(`second:${payload}`));
    await first.close();
    await second.notify("shared_channel", "hello");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toEqual(["second:hello"]);
    expect(instance.closed).toBe(false);
    await expect(first.query("SELECT 1")).rejects.toThrow(/closed/);
    await second.close();
  });
});

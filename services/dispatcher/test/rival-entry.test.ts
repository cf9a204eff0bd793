// The last check before an entry POST, inside the account's entry lock: the facts the cycle judged were
// read before the lock, so a rival instance's entry on the same underlying and type that FILLED in between
// (its position row not written yet), or a live position, must stop this one — not only a live order.
import type { Db } from "@ops/core";
import { freshPgliteDb } from "@ops/core/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { rivalEntryOrder } from "../src/queries.js";
import { at } from "./helpers/sim.js";
import { insertRec } from "./helpers/world.js";

let db: Db;
beforeAll(async () => {
  db = await freshPgliteDb();
});
afterAll(async () => {
  await db.close();
});
beforeEach(async () => {
  await db.query("DELETE FROM position_events; DELETE FROM position_history; DELETE FROM positions; DELETE FROM fills; DELETE FROM orders");
});

const NOW = at("10:30");
const check = (exceptOrderId = "0") =>
  rivalEntryOrder(db, { account: "large-100k", underlying: "AAA", instrumentType: "CALL", exceptOrderId, now: NOW });

async function entryOrder(status: string, filledQty: number, createdAt = at("10:00")): Promise<string> {
  const recId = await insertRec(db, { createdAt });
  const result = await db.query<{ order_id: unknown }>(
    `INSERT INTO orders (client_order_id, account_id, rec_id, purpose, attempt, symbol, underlying, instrument_type, side, position_intent,
       qty, order_type, limit_price, status, filled_qty, filled_avg_price, submitted_at, created_at)
     VALUES ($1, 'large-100k', $2::bigint, 'entry', 1, 'AAA240308C00100000', 'AAA', 'CALL', 'buy', 'buy_to_open', 1, 'limit', 2.0, $3, $4,
       CASE WHEN $4::numeric > 0 THEN 2.0 END, $5, $5)
     RETURNING order_id`,
    [`test-${recId}`, recId, status, filledQty, createdAt.toISOString()],
  );
  return String(result.rows[0]?.order_id);
}

async function positionFor(orderId: string | null, status: "open" | "closed"): Promise<string> {
  const closed = status === "closed";
  const result = await db.query<{ position_id: unknown }>(
    `INSERT INTO positions (account_id, symbol, underlying, instrument_type, option_expiry, option_strike, option_right, qty, multiplier,
       avg_entry_price, opened_at, status, entry_order_id, close_reason, exit_price, realized_pnl, closed_at)
     VALUES ('large-100k', 'AAA240308C00100000', 'AAA', 'CALL', '2024-03-08', 100, 'call', 1, 100, 2.0, $1, $2, $3::bigint,
       $4, $5, $6, $7)
     RETURNING position_id`,
    [at("10:01").toISOString(), status, orderId, closed ? "take_profit" : null, closed ? 3.0 : null, closed ? 100 : null, closed ? at("10:10").toISOString() : null],
  );
  return String(result.rows[0]?.position_id);
}

describe("rivalEntryOrder", () => {
  it("finds a live entry order", async () => {
    const id = await entryOrder("accepted", 0);
    expect(await check()).toBe(`order ${id}`);
    expect(await check(id)).toBeNull();
  });

  it("finds an entry that filled before its position row exists (a rival instance's, filled after this cycle read its facts)", async () => {
    const id = await entryOrder("filled", 1);
    expect(await check()).toBe(`order ${id}`);
  });

  it("finds a live position, and nothing once that position is closed", async () => {
    const open = await entryOrder("filled", 1);
    const position = await positionFor(open, "open");
    expect(await check()).toBe(`order ${open}`);
    await db.query(`UPDATE positions SET status = 'closed', close_reason = 'take_profit', exit_price = 3, realized_pnl = 100, closed_at = $2 WHERE position_id = $1::bigint`, [position, at("10:10").toISOString()]);
    expect(await check()).toBeNull();
  });

  it("finds a live position that no entry of ours opened (adopted from the broker)", async () => {
    const adopted = await positionFor(null, "open");
    expect(await check()).toBe(`position ${adopted}`);
  });

  it("ignores cancelled entries with nothing filled, and filled entries older than the position manager's look-back", async () => {
    await entryOrder("canceled", 0);
    await entryOrder("filled", 1, new Date(NOW.getTime() - 8 * 24 * 60 * 60 * 1000));
    expect(await check()).toBeNull();
  });
});

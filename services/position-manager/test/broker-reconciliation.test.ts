// The broker is the truth: broker-only holdings are adopted, quantities follow the broker, and an entry
// in flight is never adopted twice. The incidents of seed 28-30 (phantoms, duplicates, stuck closing
// rows) are in seed-incidents.test.ts, which runs them on PGlite and on real PostgreSQL.
import { describe, expect, it } from "vitest";
import { settleOpenOrders, submitEntryOrder } from "@ops/execution";
import { AAA_CALL, AAA_PUT, ACCOUNT, at, eventTypes, positionRows, startHarness } from "./helpers/harness.js";

describe("position manager: reconciliation with the broker", () => {
  it("adopts a broker position that has no row, once, with no made-up strategy", async () => {
    const h = await startHarness();
    const placed = await h.broker.submitOrder({
      clientOrderId: "manual-put-1", symbol: AAA_PUT, qty: 3, side: "buy", type: "market", timeInForce: "day", positionIntent: "buy_to_open",
    });
    expect(placed.kind).toBe("accepted");
    h.advanceTo(at("10:01"));
    const [held] = await h.broker.listPositions();

    const first = await h.cycle(at("10:02"));
    const second = await h.cycle(at("10:03"));

    const rows = await positionRows(h.db);
    expect(first.positions_adopted).toBe(1);
    expect(second.positions_adopted).toBe(0);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      symbol: AAA_PUT, underlying: "AAA", instrument_type: "PUT", option_right: "put", multiplier: 100, status: "open",
      strategy_type: null, rec_id: null, entry_order_id: null, entry_features: null,
    });
    expect(Number(rows[0]?.qty)).toBe(3);
    expect(Number(rows[0]?.option_strike)).toBe(95);
    expect(Number(rows[0]?.avg_entry_price)).toBe(held?.avgEntryPrice);
    expect(await eventTypes(h.db, rows[0]?.position_id)).toEqual(["adopted_from_broker"]);
  });

  it("does not adopt a holding whose entry order is not settled yet, then opens it from the entry's fills", async () => {
    const h = await startHarness();
    const rec = await h.db.query<{ rec_id: unknown }>(
      `INSERT INTO recommendations (symbol, action, instrument_type, strategy_type, confidence, signal_ts, created_at, expires_at)
       VALUES ('AAA', 'BUY_CALL', 'CALL', 'day_trade', 0.9, $1, $2, $3) RETURNING rec_id`,
      [at("09:59").toISOString(), at("10:00").toISOString(), at("10:10").toISOString()],
    );
    const recId = String(rec.rows[0]?.rec_id);
    const entry = await submitEntryOrder(h.execution, {
      account: ACCOUNT, recId, symbol: AAA_CALL, underlying: "AAA", instrumentType: "CALL", qty: 2, limitPrice: 2.05, now: h.clock.now(),
    });
    expect(entry.kind).toBe("accepted");
    h.advanceTo(at("10:01"));
    expect(h.sim.broker.positions(ACCOUNT, h.clock.now())).toHaveLength(1);

    // The dispatcher has not settled its entry yet: the broker holds the calls, our order row says accepted.
    const racing = await h.cycle(at("10:01:30"));
    expect(racing.positions_adopted).toBe(0);
    expect(await positionRows(h.db)).toEqual([]);

    await settleOpenOrders(h.execution, ACCOUNT, h.clock.now(), { purpose: "entry" });
    const settled = await h.cycle(at("10:02"));

    const rows = await positionRows(h.db);
    expect(settled.positions_opened).toBe(1);
    expect(rows).toHaveLength(1);
    expect(String(rows[0]?.rec_id)).toBe(recId);
    expect(rows[0]?.strategy_type).toBe("day_trade");
  });

  it("makes the row's quantity follow the broker and records the change", async () => {
    const h = await startHarness();
    await h.enter({ symbol: AAA_CALL, underlying: "AAA", instrumentType: "CALL", qty: 3, limitPrice: 2.05 });
    await h.cycle(at("10:02"));

    const partial = h.sim.broker.closePosition(ACCOUNT, AAA_CALL, { qty: "1" }, h.clock.now());
    expect(partial.ok).toBe(true);
    h.advanceTo(at("10:03"));
    const counts = await h.cycle(at("10:03:30"));

    const [row] = await positionRows(h.db);
    expect(counts.qty_synced).toBe(1);
    expect(Number(row?.qty)).toBe(h.sim.broker.position(ACCOUNT, AAA_CALL, h.clock.now())?.qty);
    expect(Number(row?.qty)).toBe(2);
    expect(row?.status).toBe("open");
    expect(await eventTypes(h.db, row?.position_id)).toEqual(["opened", "qty_synced"]);
  });
});

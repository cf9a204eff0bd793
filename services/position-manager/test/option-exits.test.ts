// Options end to end against the simulator: entry fills become a position, premium exits fire for the
// right reason, the exit sells exactly the held contract, and P&L comes from the exit fills. The
// option incidents of seed 44 and 50 are in seed-incidents.test.ts (PGlite and real PostgreSQL).
import { describe, expect, it } from "vitest";
import { AAA_CALL, ACCOUNT, at, eventTypes, exitOrders, positionRows, startHarness } from "./helpers/harness.js";

async function fillsOf(h: { db: { query: (sql: string, params?: readonly unknown[]) => Promise<{ rows: Record<string, unknown>[] }> } }, orderId: unknown) {
  return (await h.db.query("SELECT * FROM fills WHERE order_id = $1::bigint", [String(orderId)])).rows;
}

function vwap(fills: Record<string, unknown>[]): number {
  const qty = fills.reduce((s, f) => s + Number(f.qty), 0);
  return fills.reduce((s, f) => s + Number(f.qty) * Number(f.price), 0) / qty;
}

describe("position manager: options", () => {
  it("opens a position from the entry's fills, with the contract fields parsed from the OCC symbol", async () => {
    const h = await startHarness();
    const entry = await h.enter({ symbol: AAA_CALL, underlying: "AAA", instrumentType: "CALL", qty: 2, limitPrice: 2.05 });

    const counts = await h.cycle(at("10:02"));
    await h.cycle(at("10:03"));

    const rows = await positionRows(h.db);
    expect(counts.positions_opened).toBe(1);
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    const fills = await fillsOf(h, entry.orderId);
    expect(fills.length).toBeGreaterThan(0);
    expect(row).toMatchObject({
      account_id: ACCOUNT,
      symbol: AAA_CALL,
      underlying: "AAA",
      instrument_type: "CALL",
      option_right: "call",
      multiplier: 100,
      status: "open",
      strategy_type: "swing_trade",
      entry_features: { rsi14: 55.5, trend_state: 1 },
    });
    expect(String(row.rec_id)).toBe(entry.recId);
    expect(String(row.entry_order_id)).toBe(entry.orderId);
    expect(Number(row.qty)).toBe(2);
    expect(Number(row.option_strike)).toBe(100);
    expect(new Date(row.option_expiry as string | Date).toISOString().slice(0, 10)).toBe("2024-03-15");
    expect(Number(row.avg_entry_price)).toBeCloseTo(vwap(fills), 10);
    expect((row.opened_at as Date).getTime()).toBe(Math.min(...fills.map((f) => (f.filled_at as Date).getTime())));
    expect(await eventTypes(h.db, row.position_id)).toEqual(["opened"]);
  });

  it("stops out a collapsing premium before the minimum hold and books the loss from fills", async () => {
    const h = await startHarness();
    await h.enter({ symbol: AAA_CALL, underlying: "AAA", instrumentType: "CALL", qty: 2, limitPrice: 2.05 });
    await h.cycle(at("10:02"));
    h.options.setMid(AAA_CALL, at("10:05"), 0.7);

    await h.cycle(at("10:05:30"));
    await h.cycle(at("10:06:30"));

    const [closed] = await positionRows(h.db);
    const [exit] = await exitOrders(h.db, closed?.position_id);
    const exitPrice = vwap(await fillsOf(h, exit?.order_id));
    expect(closed).toMatchObject({ status: "closed", close_reason: "option_stop_loss" });
    expect(Number(closed?.realized_pnl)).toBeCloseTo((exitPrice - Number(closed?.avg_entry_price)) * 200, 8);
    expect(Number(closed?.realized_pnl)).toBeLessThan(0);
    expect(h.sim.broker.orders(ACCOUNT).every((o) => o.symbol === AAA_CALL)).toBe(true);
  });

  it("decides no exit while the market is closed, however bad the mark", async () => {
    const h = await startHarness();
    await h.enter({ symbol: AAA_CALL, underlying: "AAA", instrumentType: "CALL", qty: 1, limitPrice: 2.05 });
    await h.cycle(at("10:02"));
    h.options.setMid(AAA_CALL, at("16:00"), 0.3);

    const counts = await h.cycle(at("16:30"));

    const [row] = await positionRows(h.db);
    expect(counts.exits_submitted).toBe(0);
    expect(row?.status).toBe("open");
    expect(await exitOrders(h.db, row?.position_id)).toEqual([]);
  });

  it("returns a rejected exit to open and retries it with a new client_order_id", async () => {
    const h = await startHarness();
    await h.enter({ symbol: AAA_CALL, underlying: "AAA", instrumentType: "CALL", qty: 1, limitPrice: 2.05 });
    await h.cycle(at("10:02"));
    h.options.setMid(AAA_CALL, at("10:05"), 0.5);

    h.sim.setFaults({ rejectRate: 1 });
    const rejected = await h.cycle(at("10:05:30"));
    h.sim.setFaults({ rejectRate: 0 });
    const [afterReject] = await positionRows(h.db);
    expect(rejected.exits_rejected).toBe(1);
    expect(afterReject?.status).toBe("closing");

    const retry = await h.cycle(at("10:06:30"));
    expect(retry.closes_reopened).toBe(1);
    expect(retry.exits_submitted).toBe(1);
    await h.cycle(at("10:07:30"));

    const [closed] = await positionRows(h.db);
    const exits = await exitOrders(h.db, closed?.position_id);
    expect(exits.map((o) => [o.attempt, o.status])).toEqual([[1, "rejected"], [2, "filled"]]);
    expect(exits[0]?.client_order_id).not.toBe(exits[1]?.client_order_id);
    expect(closed).toMatchObject({ status: "closed", close_reason: "option_stop_loss" });
    expect(await eventTypes(h.db, closed?.position_id)).toEqual(["opened", "exit_triggered", "close_rejected", "exit_triggered", "closed"]);
  });
});

// Options end to end against the simulator: entry fills become a position, premium exits fire for the
// right reason, the exit sells exactly the held contract, and P&L comes from the exit fills.
import { describe, expect, it } from "vitest";
import { AAA_CALL, AAA_PUT, ACCOUNT, at, eventTypes, exitOrders, historyRow, positionRows, startHarness } from "./helpers/harness.js";

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

  it("seed 50 (exit at the last mark): takes profit with a bounded close escalation (limit at mid, re-priced to the bid) and books the exit at the fill price", async () => {
    const h = await startHarness();
    await h.enter({ symbol: AAA_CALL, underlying: "AAA", instrumentType: "CALL", qty: 2, limitPrice: 2.05 });
    await h.cycle(at("10:02"));
    h.options.setMid(AAA_CALL, at("10:10"), 4.0);

    const early = await h.cycle(at("10:10:30"));
    const [held] = await positionRows(h.db);
    expect(early.exits_submitted).toBe(0);
    expect(held?.status).toBe("open");

    // Attempt 1: a limit at the mid (4.00) — above the bid, so it rests unfilled.
    const deciding = await h.cycle(at("10:31:30"));
    const [closing] = await positionRows(h.db);
    expect(deciding.exits_submitted).toBe(1);
    expect(closing?.status).toBe("closing");
    const [first] = await exitOrders(h.db, closing?.position_id);
    expect(first).toMatchObject({ symbol: AAA_CALL, side: "sell", position_intent: "sell_to_close", attempt: 1, order_type: "limit" });
    expect(Number(first?.limit_price)).toBe(4);
    expect(Number(first?.qty)).toBe(2);
    expect((await h.cycle(at("10:32:30"))).stale_cancels).toBe(0);

    // Past the limit timeout (90 s): canceled; the broker's cancel reopens it and attempt 2 goes at the bid.
    expect((await h.cycle(at("10:33:30"))).stale_cancels).toBe(1);
    const repriced = await h.cycle(at("10:34:30"));
    expect([repriced.closes_reopened, repriced.exits_submitted]).toEqual([1, 1]);
    const closingCycle = await h.cycle(at("10:35:30"));

    const [closed] = await positionRows(h.db);
    const exits = await exitOrders(h.db, closed?.position_id);
    expect(exits.map((o) => [o.attempt, o.order_type, Number(o.limit_price), o.status])).toEqual([
      [1, "limit", 4, "canceled"],
      [2, "limit", 3.9, "filled"],
    ]);
    const exitFills = await fillsOf(h, exits[1]?.order_id);
    const exitPrice = vwap(exitFills);
    expect(closingCycle.positions_closed).toBe(1);
    expect(closed).toMatchObject({ status: "closed", close_reason: "option_profit_target" });
    // The exit price is the fill, not the last mark (the mid).
    expect(Number(closed?.exit_price)).toBeCloseTo(exitPrice, 10);
    expect(Number(closed?.exit_price)).not.toBeCloseTo(Number(closed?.last_mark_price), 6);
    const expectedPnl = (exitPrice - Number(closed?.avg_entry_price)) * 2 * 100;
    expect(Number(closed?.realized_pnl)).toBeCloseTo(expectedPnl, 8);

    const history = await historyRow(h.db, closed?.position_id);
    expect(history).toMatchObject({ exit_reason: "option_profit_target", exit_price_source: "fills", multiplier: 100 });
    expect(Number(history?.pnl_usd)).toBeCloseTo(expectedPnl, 8);
    expect(Number(history?.qty)).toBe(2);

    // Seed 21/22: no order ever named the underlying, at most one sell was live at a time, nothing is left (no short).
    const simOrders = h.sim.broker.orders(ACCOUNT);
    expect(simOrders.map((o) => o.symbol)).toEqual([AAA_CALL, AAA_CALL, AAA_CALL]);
    expect(simOrders.some((o) => o.assetClass === "us_equity")).toBe(false);
    expect(h.sim.broker.positions(ACCOUNT, h.clock.now())).toEqual([]);
    expect(await eventTypes(h.db, closed?.position_id)).toEqual(["opened", "exit_triggered", "close_timeout", "close_canceled", "exit_triggered", "closed"]);
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

  it("seed 44 (14:30 mass close) and seed 40: flattens an intraday option only at the close and holds a swing option with days to expiry", async () => {
    const h = await startHarness();
    await h.enter({ symbol: AAA_CALL, underlying: "AAA", instrumentType: "CALL", qty: 1, limitPrice: 2.05, strategy: "day_trade" });
    await h.enter({ symbol: AAA_PUT, underlying: "AAA", instrumentType: "PUT", qty: 1, limitPrice: 2.05, strategy: "swing_trade" });
    // The day trade is slightly up, so no graduated de-risking window applies; only the final flat does.
    h.options.setMid(AAA_CALL, at("14:00"), 2.1);
    // The swing put is a winner with ten days to expiry and a small notional: it passes every overnight criterion.
    h.options.setMid(AAA_PUT, at("14:00"), 2.5);
    await h.cycle(at("10:03"));

    const afternoon = await h.cycle(at("14:31"));
    expect(afternoon.exits_submitted).toBe(0);

    const flat = await h.cycle(at("15:55:30"));
    await h.cycle(at("15:56:30"));

    const rows = await positionRows(h.db);
    const bySymbol = new Map(rows.map((r) => [r.symbol, r]));
    expect(flat.exits_submitted).toBe(1);
    expect(bySymbol.get(AAA_CALL)).toMatchObject({ status: "closed", close_reason: "day_trade_close", strategy_type: "day_trade" });
    expect(bySymbol.get(AAA_PUT)).toMatchObject({ status: "open", strategy_type: "swing_trade" });
    expect(h.log.events("eod_decision").filter((l) => l.symbol === AAA_PUT && l.rule === "overnight_ok").length).toBeGreaterThan(0);
  });

  it("seed 44 (14:30 mass close): a flat swing option is held through 14:30 and 15:00, then closed at the 15:30 window for failing the overnight P&L bar", async () => {
    const h = await startHarness();
    await h.enter({ symbol: AAA_PUT, underlying: "AAA", instrumentType: "PUT", qty: 1, limitPrice: 2.05, strategy: "swing_trade" });
    await h.cycle(at("10:03"));

    const first = await h.cycle(at("14:30:30"));
    const second = await h.cycle(at("15:00:30"));
    expect([first.exits_submitted, second.exits_submitted]).toEqual([0, 0]);

    const third = await h.cycle(at("15:30:30"));
    await h.cycle(at("15:31:30"));
    const [row] = await positionRows(h.db);
    expect(third.exits_submitted).toBe(1);
    expect(row).toMatchObject({ status: "closed", close_reason: "eod_flat" });
    const [decision] = h.log.events("eod_decision").filter((l) => l.close === true);
    expect(decision).toMatchObject({ rule: "overnight_criteria", window: 2, dte: 10, failed: ["pnl"] });
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

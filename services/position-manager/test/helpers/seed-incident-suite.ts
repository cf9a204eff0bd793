// The seed's position incidents (spec §4), one named test each, written once and run by
// seed-incidents.test.ts on PGlite and on real PostgreSQL: the incidents were production failures, so
// the production database must reproduce none of them either. Each test gets an emptied database from
// `emptiedDb` and the real simulator over 127.0.0.1.
import type { Broker } from "@ops/broker-alpaca";
import type { Db } from "@ops/core";
import { expect, it } from "vitest";
import { AAA_CALL, AAA_PUT, ACCOUNT, at, eventTypes, exitOrders, historyRow, positionRows, startHarness } from "./harness.js";
import type { Harness, HarnessOptions } from "./harness.js";

/** A row of ours for a contract the broker never held (the seed's Feb 13 phantoms). */
async function insertNeverHeldPut(h: Harness): Promise<string> {
  const result = await h.db.query<{ position_id: unknown }>(
    `INSERT INTO positions (account_id, symbol, underlying, instrument_type, option_expiry, option_strike, option_right, qty,
       multiplier, avg_entry_price, opened_at, status, last_mark_price, last_mark_at, strategy_type)
     VALUES ($1, $2, 'AAA', 'PUT', '2024-03-15', 95, 'put', 2, 100, 2.0, $3, 'open', 2.4, $3, 'swing_trade')
     RETURNING position_id`,
    [ACCOUNT, AAA_PUT, at("09:45").toISOString()],
  );
  return String(result.rows[0]?.position_id);
}

function failingListFills(broker: Broker): Broker {
  return new Proxy(broker, {
    get(target, key, receiver) {
      if (key === "listFills") return () => Promise.reject(new Error("simulated outage of account activities"));
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

async function fillsOf(db: Db, orderId: unknown): Promise<Record<string, unknown>[]> {
  return (await db.query("SELECT * FROM fills WHERE order_id = $1::bigint", [String(orderId)])).rows;
}

function vwap(fills: readonly Record<string, unknown>[]): number {
  const qty = fills.reduce((s, f) => s + Number(f.qty), 0);
  return fills.reduce((s, f) => s + Number(f.qty) * Number(f.price), 0) / qty;
}

/** Registers every incident test; call inside a describe. */
export function seedIncidentSuite(emptiedDb: () => Promise<Db>): void {
  const harness = async (options: Omit<HarnessOptions, "db"> = {}): Promise<Harness> => startHarness({ ...options, db: await emptiedDb() });

  it("seed 28 (phantom positions): a row the broker never held is flagged for review, never closed at an invented price, and never exited", async () => {
    const h = await harness();
    const id = await insertNeverHeldPut(h);
    // A collapsing mark would trigger a stop: selling a contract we do not hold could only open a short.
    h.options.setMid(AAA_PUT, at("10:00"), 0.4);

    const first = await h.cycle(at("10:05"));
    const second = await h.cycle(at("10:06"));

    const [row] = await positionRows(h.db);
    expect(first.phantoms_flagged).toBe(1);
    expect(first.phantoms_closed).toBe(0);
    expect(second.phantoms_flagged).toBe(0);
    expect(second.exits_submitted).toBe(0);
    expect(row).toMatchObject({ status: "open", close_reason: null, exit_price: null, realized_pnl: null });
    expect(row?.review_since).not.toBeNull();
    expect(await exitOrders(h.db, id)).toEqual([]);
    expect((await h.db.query("SELECT * FROM position_history")).rows).toEqual([]);
    expect(h.sim.broker.orders(ACCOUNT)).toEqual([]);
    // The review is a state change: recorded once, not every cycle.
    expect(await eventTypes(h.db, id)).toEqual(["phantom_review"]);
    expect(h.log.events("position.phantom_review")).toHaveLength(1);
  });

  it("seed 28 (phantom positions): when the broker's fills cannot be read, a missing position is left exactly as it was (fail closed)", async () => {
    const h = await harness({ wrapBroker: failingListFills });
    await h.enter({ symbol: AAA_CALL, underlying: "AAA", instrumentType: "CALL", qty: 1, limitPrice: 2.05 });
    await h.cycle(at("10:02"));
    h.sim.broker.closePosition(ACCOUNT, AAA_CALL, {}, h.clock.now());
    h.advanceTo(at("10:03"));

    const counts = await h.cycle(at("10:05"));

    const [row] = await positionRows(h.db);
    expect(counts.phantoms_unverified).toBe(1);
    expect([counts.phantoms_closed, counts.phantoms_flagged]).toEqual([0, 0]);
    expect(row).toMatchObject({ status: "open", review_since: null, close_reason: null });
    expect(await eventTypes(h.db, row?.position_id)).toEqual(["opened"]);
    expect(h.log.events("broker.fills_unavailable")).toHaveLength(1);
  });

  it("seed 28 (phantom positions): closes a position sold behind our back at the broker's own fill price, with a history row", async () => {
    const h = await harness();
    await h.enter({ symbol: AAA_CALL, underlying: "AAA", instrumentType: "CALL", qty: 1, limitPrice: 2.05 });
    await h.cycle(at("10:02"));
    await h.cycle(at("10:03"));
    const [marked] = await positionRows(h.db);
    expect(marked?.last_mark_price).not.toBeNull();

    // Closed by hand at the broker, behind the pipeline's back, after the mark moved.
    h.options.setMid(AAA_CALL, at("10:03:10"), 2.6);
    const manual = h.sim.broker.closePosition(ACCOUNT, AAA_CALL, {}, h.clock.now());
    expect(manual.ok).toBe(true);
    h.advanceTo(at("10:04"));
    expect(h.sim.broker.positions(ACCOUNT, h.clock.now())).toEqual([]);
    const brokerSells = (await h.broker.listFills(at("10:00"))).filter((f) => f.side === "sell" && f.symbol === AAA_CALL);
    expect(brokerSells).toHaveLength(1);

    const counts = await h.cycle(at("10:05"));

    const [row] = await positionRows(h.db);
    const soldAt = brokerSells[0]?.price ?? NaN;
    expect(counts.phantoms_closed).toBe(1);
    expect(row).toMatchObject({ status: "closed", close_reason: "phantom_reconciliation" });
    expect(Number(row?.exit_price)).toBeCloseTo(soldAt, 6);
    expect(Number(row?.exit_price)).not.toBeCloseTo(Number(marked?.last_mark_price), 6);
    const history = await historyRow(h.db, row?.position_id);
    expect(history).toMatchObject({ exit_reason: "phantom_reconciliation", exit_price_source: "broker_activity" });
    expect(Number(history?.pnl_usd)).toBeCloseTo((soldAt - Number(marked?.avg_entry_price)) * 100, 6);
    expect(await eventTypes(h.db, row?.position_id)).toEqual(["opened", "phantom_closed"]);
  });

  it("seed 29 (duplicate position rows): repeated cycles over the same fills and broker holding keep exactly one live row, and the schema refuses a second", async () => {
    const h = await harness();
    await h.enter({ symbol: AAA_CALL, underlying: "AAA", instrumentType: "CALL", qty: 2, limitPrice: 2.05 });
    for (const time of ["10:02", "10:03", "10:04", "10:05", "10:06"]) await h.cycle(at(time));

    const rows = await positionRows(h.db);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ symbol: AAA_CALL, status: "open" });
    expect(Number(rows[0]?.qty)).toBe(2);
    await expect(
      h.db.query(
        `INSERT INTO positions (account_id, symbol, underlying, instrument_type, option_expiry, option_strike, option_right, qty,
           multiplier, avg_entry_price, opened_at)
         VALUES ($1, $2, 'AAA', 'CALL', '2024-03-15', 100, 'call', 2, 100, 2.0, $3)`,
        [ACCOUNT, AAA_CALL, at("10:06").toISOString()],
      ),
    ).rejects.toThrow(/positions_one_live_per_account_symbol|duplicate key|unique/i);
  });

  it("seed 21 (closing the wrong symbol): closing a put sells exactly the held contracts by OCC symbol, never the underlying, and leaves no short", async () => {
    const h = await harness();
    await h.enter({ symbol: AAA_PUT, underlying: "AAA", instrumentType: "PUT", qty: 3, limitPrice: 2.05 });
    await h.cycle(at("10:02"));
    h.options.setMid(AAA_PUT, at("10:05"), 0.6);

    await h.cycle(at("10:05:30"));
    await h.cycle(at("10:06:30"));

    const [row] = await positionRows(h.db);
    expect(row).toMatchObject({ status: "closed", close_reason: "option_stop_loss" });
    const sells = h.sim.broker.orders(ACCOUNT).filter((o) => o.side === "sell");
    expect(sells).toHaveLength(1);
    expect(sells[0]).toMatchObject({ symbol: AAA_PUT });
    expect(Number(sells[0]?.qty)).toBe(3);
    expect(h.sim.broker.orders(ACCOUNT).some((o) => o.symbol === "AAA" || o.assetClass === "us_equity")).toBe(false);
    expect(h.sim.broker.positions(ACCOUNT, h.clock.now())).toEqual([]);
  });

  it("seed 30 (stuck closing rows): cancels an exit still working after the timeout and reopens only once the broker confirms the cancel", async () => {
    const h = await harness({ config: { OPS_PM_CLOSING_TIMEOUT_S: 300 } });
    await h.enter({ symbol: AAA_CALL, underlying: "AAA", instrumentType: "CALL", qty: 1, limitPrice: 2.05 });
    await h.cycle(at("10:02"));
    h.options.setMid(AAA_CALL, at("10:05"), 0.5);
    // No quote after the exit is placed: the market order cannot fill.
    h.options.setMid(AAA_CALL, at("10:05:45"), null);

    await h.cycle(at("10:05:30"));
    const waiting = await h.cycle(at("10:09"));
    const [stillClosing] = await positionRows(h.db);
    expect(waiting.stale_cancels).toBe(0);
    expect(stillClosing?.status).toBe("closing");

    const timedOut = await h.cycle(at("10:11"));
    const [afterCancel] = await positionRows(h.db);
    expect(timedOut.stale_cancels).toBe(1);
    const [exit] = await exitOrders(h.db, afterCancel?.position_id);
    expect(exit?.status).toBe("canceled");

    const reopened = await h.cycle(at("10:12"));
    const [row] = await positionRows(h.db);
    expect(reopened.closes_reopened).toBe(1);
    expect(row?.status).toBe("open");
    expect(row?.closed_at).toBeNull();
    expect(h.sim.broker.positions(ACCOUNT, h.clock.now()).map((p) => p.symbol)).toEqual([AAA_CALL]);
    expect(await eventTypes(h.db, row?.position_id)).toEqual(["opened", "exit_triggered", "close_timeout", "close_canceled"]);
  });

  it("seed 50 (exit at the last mark): takes profit with a bounded close escalation (limit at mid, re-priced to the bid) and books the exit at the fill price", async () => {
    const h = await harness();
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
    const exitPrice = vwap(await fillsOf(h.db, exits[1]?.order_id));
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

  it("seed 44 (14:30 mass close) and seed 40: flattens an intraday option only at the close and holds a swing option with days to expiry", async () => {
    const h = await harness();
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
    const h = await harness();
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
}

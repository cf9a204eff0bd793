// The seed's position incidents (spec §4) that have no home in the other files, each reproduced against
// the simulator and asserting the invariant that prevents it. (Seed 24: stock-exits; seed 28 sold
// behind our back and seed 30: broker-reconciliation; seed 44 and 50: option-exits; pure EOD cases
// for seed 44 in @ops/trading's eod-engine tests.)
import type { Broker } from "@ops/broker-alpaca";
import { describe, expect, it } from "vitest";
import { AAA_CALL, AAA_PUT, ACCOUNT, at, eventTypes, exitOrders, positionRows, startHarness } from "./helpers/harness.js";
import type { Harness } from "./helpers/harness.js";

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

describe("seed §4 position incidents", () => {
  it("seed 28 (phantom positions): a row the broker never held is flagged for review, never closed at an invented price, and never exited", async () => {
    const h = await startHarness();
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
    const h = await startHarness({ wrapBroker: failingListFills });
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

  it("seed 29 (duplicate position rows): repeated cycles over the same fills and broker holding keep exactly one live row, and the schema refuses a second", async () => {
    const h = await startHarness();
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
    const h = await startHarness();
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
});

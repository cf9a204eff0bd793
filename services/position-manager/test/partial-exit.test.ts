// An exit that part-fills and then ends (cancelled at the closing timeout): the contracts it sold are
// real. The row goes back to open holding only the rest, the next exit sells exactly that — even when
// the broker's positions cannot be read that cycle — and the final close books every contract sold, at
// the average of all exit fills, so the history and the daily-loss protection see the whole loss.
import type { Broker } from "@ops/broker-alpaca";
import { describe, expect, it } from "vitest";
import { AAA_CALL, at, eventTypes, exitOrders, historyRow, positionRows, startHarness } from "./helpers/harness.js";

async function partialThenCancel(options: { failPositionsOnRetry: boolean }) {
  let failPositions = false;
  const h = await startHarness({
    config: { OPS_PM_CLOSING_TIMEOUT_S: 30 },
    wrapBroker: (b: Broker) =>
      new Proxy(b, {
        get(target, prop, receiver) {
          if (prop === "listPositions" && failPositions) return async () => Promise.reject(new Error("injected: positions unavailable"));
          const value: unknown = Reflect.get(target, prop, receiver);
          return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      }),
  });
  await h.enter({ symbol: AAA_CALL, underlying: "AAA", instrumentType: "CALL", qty: 10, limitPrice: 2.05 });
  await h.cycle(at("10:02"));
  h.options.setMid(AAA_CALL, at("10:05"), 0.7); // below the −60 % option stop
  h.sim.setFaults({ partialFillRate: 1, partialFillFraction: 0.4 });
  await h.cycle(at("10:05:30")); // exit of 10 placed
  h.advanceTo(at("10:06:05")); // 4 fill at the 10:06 boundary
  h.options.setMid(AAA_CALL, at("10:06:10"), null); // no quote: nothing more fills
  await h.cycle(at("10:06:20")); // closing for 50 s > 30 s: cancel requested → canceled with 4 filled
  h.sim.setFaults({ partialFillRate: 0 });
  h.options.setMid(AAA_CALL, at("10:06:30"), 0.7);
  failPositions = options.failPositionsOnRetry;
  await h.cycle(at("10:06:40")); // the row reopens holding 6; the stop fires again
  failPositions = false;
  await h.cycle(at("10:07:30"));
  await h.cycle(at("10:08:30"));
  return h;
}

describe("position manager: an exit that part-fills, then ends", () => {
  it.each([false, true])("sells exactly what is left and books every contract sold (positions unreadable on the retry: %s)", async (failPositionsOnRetry) => {
    const h = await partialThenCancel({ failPositionsOnRetry });
    const [row] = await positionRows(h.db);
    const orders = await exitOrders(h.db, row?.position_id);
    expect(orders.map((o) => [o.status, Number(o.qty), Number(o.filled_qty)])).toEqual([
      ["canceled", 10, 4],
      ["filled", 6, 6],
    ]);
    expect(await eventTypes(h.db, row?.position_id)).toContain("close_partial");

    const fills = (await h.db.query(
      `SELECT f.qty::float8 AS qty, f.price::float8 AS price FROM fills f JOIN orders o ON o.order_id = f.order_id
       WHERE o.purpose = 'exit' AND o.position_id = $1::bigint`,
      [String(row?.position_id)],
    )).rows;
    const sold = fills.reduce((s, f) => s + Number(f.qty), 0);
    const proceeds = fills.reduce((s, f) => s + Number(f.qty) * Number(f.price), 0);
    expect(sold).toBe(10);

    const history = await historyRow(h.db, row?.position_id);
    expect(Number(history?.qty)).toBe(10);
    expect(Number(history?.exit_price)).toBeCloseTo(proceeds / sold, 6);
    const entry = Number(history?.entry_price);
    expect(Number(history?.pnl_usd)).toBeCloseTo((proceeds - entry * sold) * 100, 6);
    expect(row).toMatchObject({ status: "closed", close_reason: "option_stop_loss" });
    expect(h.sim.broker.positions("large-100k", h.clock.now())).toEqual([]);
  });
});

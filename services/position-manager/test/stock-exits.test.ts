// Stocks are marked from our newest bar and stopped on their price; a failed close bookkeeping write
// after a filled exit delays the close but never reopens or re-exits the position (seed 24).
import type { Db, Queryable, QueryResult } from "@ops/core";
import { describe, expect, it } from "vitest";
import { AAA_CALL, ACCOUNT, at, emptyDb, eventTypes, exitOrders, historyRow, positionRows, startHarness } from "./helpers/harness.js";

/** The file's database, except that the next statement writing position_history fails once. */
function failingHistoryOnce(inner: Db): Db & { armed: boolean } {
  const wrap = (q: Queryable): Queryable => ({
    query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      if (state.armed && sql.includes("INSERT INTO position_history")) {
        state.armed = false;
        return Promise.reject(new Error("simulated failure writing position_history"));
      }
      return q.query<R>(sql, params);
    },
  });
  const state = {
    armed: false,
    kind: inner.kind,
    query: <R = Record<string, unknown>>(sql: string, params?: readonly unknown[]) => wrap(inner).query<R>(sql, params),
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) => inner.transaction((tx) => fn(wrap(tx))),
    listen: inner.listen.bind(inner),
    notify: inner.notify.bind(inner),
    close: () => inner.close(),
  };
  return state;
}

describe("position manager: stocks and close bookkeeping", () => {
  it("stops out a stock on the newest bar's close and prices the exit from its fill", async () => {
    const h = await startHarness();
    await h.enter({ symbol: "BBB", underlying: "BBB", instrumentType: "STOCK", qty: 10, limitPrice: 50.05 });
    await h.cycle(at("10:02"));
    await h.loadBars(at("10:30"));
    const calm = await h.cycle(at("10:30"));
    expect(calm.exits_submitted).toBe(0);

    await h.loadBars(at("11:02"));
    const stopped = await h.cycle(at("11:02"));
    expect(stopped.exits_submitted).toBe(1);
    const [closing] = await positionRows(h.db);
    expect(Number(closing?.last_mark_price)).toBe(47);

    await h.cycle(at("11:03"));
    const [closed] = await positionRows(h.db);
    const [exit] = await exitOrders(h.db, closed?.position_id);
    const fills = (await h.db.query("SELECT qty, price FROM fills WHERE order_id = $1::bigint", [String(exit?.order_id)])).rows;
    const exitPrice = Number(fills[0]?.price);
    expect(exit).toMatchObject({ symbol: "BBB", side: "sell", position_intent: null });
    expect(Number(exit?.qty)).toBe(10);
    expect(closed).toMatchObject({ status: "closed", close_reason: "stop_loss", multiplier: 1 });
    expect(Number(closed?.exit_price)).toBe(exitPrice);
    expect(Number(closed?.realized_pnl)).toBeCloseTo((exitPrice - Number(closed?.avg_entry_price)) * 10, 8);
    expect(h.sim.broker.positions(ACCOUNT, h.clock.now())).toEqual([]);
  });

  it("seed 24 (close succeeded, code thought it failed): keeps a filled exit 'closing' when recording the close fails, and closes it next cycle without a second exit", async () => {
    const db = failingHistoryOnce(await emptyDb());
    const h = await startHarness({ db });
    await h.enter({ symbol: AAA_CALL, underlying: "AAA", instrumentType: "CALL", qty: 1, limitPrice: 2.05 });
    await h.cycle(at("10:02"));
    h.options.setMid(AAA_CALL, at("10:05"), 0.5);
    await h.cycle(at("10:05:30"));

    db.armed = true;
    const failed = await h.cycle(at("10:06:30"));
    const [stillClosing] = await positionRows(db);
    expect(failed.close_errors).toBe(1);
    expect(stillClosing?.status).toBe("closing");
    expect(h.log.events("position.close_bookkeeping_failed")).toHaveLength(1);

    const recovered = await h.cycle(at("10:07:30"));
    const [closed] = await positionRows(db);
    expect(recovered.positions_closed).toBe(1);
    expect(recovered.exits_submitted).toBe(0);
    expect(closed).toMatchObject({ status: "closed", close_reason: "option_stop_loss" });
    expect(await exitOrders(db, closed?.position_id)).toHaveLength(1);
    expect(await historyRow(db, closed?.position_id)).toMatchObject({ exit_price_source: "fills" });
    expect(h.sim.broker.orders(ACCOUNT).filter((o) => o.side === "sell")).toHaveLength(1);
    expect(await eventTypes(db, closed?.position_id)).toEqual(["opened", "exit_triggered", "closed"]);
  });
});

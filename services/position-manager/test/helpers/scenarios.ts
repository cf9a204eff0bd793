// Scenarios shared by the PGlite tests and the real-PostgreSQL suite (same code, two databases).
import type { Broker } from "@ops/broker-alpaca";
import type { Db } from "@ops/core";
import { expect } from "vitest";
import { AAA_CALL, AAA_PUT, ACCOUNT, at, exitOrders, historyRow, positionRows, startHarness } from "./harness.js";
import type { Harness } from "./harness.js";

const cents = (n: number): number => Math.round(n * 100);

/**
 * A replayed day that ends flat: every position closes through a different path (take profit with
 * escalation, option stop, stock stop, day-trade close); realised P&L must equal the cash change.
 */
export async function replayFlatDay(db?: Db): Promise<void> {
  const h = await startHarness({ start: at("09:58"), ...(db ? { db } : {}) });
  const cashBefore = h.sim.broker.snapshot(ACCOUNT, h.clock.now()).cash;

  await h.enter({ symbol: AAA_CALL, underlying: "AAA", instrumentType: "CALL", qty: 2, limitPrice: 2.05, strategy: "swing_trade" });
  await h.enter({ symbol: AAA_PUT, underlying: "AAA", instrumentType: "PUT", qty: 3, limitPrice: 2.05, strategy: "swing_trade" });
  await h.enter({ symbol: "BBB", underlying: "BBB", instrumentType: "STOCK", qty: 10, limitPrice: 50.05, strategy: "swing_trade" });
  await h.enter({ symbol: "AAA", underlying: "AAA", instrumentType: "STOCK", qty: 7, limitPrice: 100.05, strategy: "day_trade" });
  h.options.setMid(AAA_CALL, at("10:40"), 4.0); // take profit (+ ~95 %) once the minimum hold is over
  h.options.setMid(AAA_PUT, at("12:00"), 0.75); // option stop (−60 %)
  // BBB drops to $47 at 11:00 (stock stop); AAA stays at $100 and is flattened at 15:55 as a day trade.

  for (let t = at("10:05").getTime(); t <= at("15:58").getTime(); t += 5 * 60_000) {
    await h.loadBars(new Date(t));
    await h.cycle(new Date(t));
  }
  await h.cycle(at("15:59:30"));

  const rows = await positionRows(h.db);
  expect(rows.map((r) => [r.symbol, r.status, r.close_reason])).toEqual([
    [AAA_CALL, "closed", "option_profit_target"],
    [AAA_PUT, "closed", "option_stop_loss"],
    ["BBB", "closed", "stop_loss"],
    ["AAA", "closed", "day_trade_close"],
  ]);
  expect(h.sim.broker.positions(ACCOUNT, h.clock.now())).toEqual([]);

  const history = await h.db.query<{ pnl_usd: string | number; exit_price_source: string }>("SELECT pnl_usd, exit_price_source FROM position_history");
  expect(history.rows.every((r) => r.exit_price_source === "fills")).toBe(true);
  const realised = history.rows.reduce((sum, r) => sum + Number(r.pnl_usd), 0);
  const cashAfter = h.sim.broker.snapshot(ACCOUNT, h.clock.now()).cash;
  expect(cents(realised)).toBe(cents(cashAfter - cashBefore));
  // A day with a loser and a winner: the check is not trivially zero.
  expect(cents(realised)).not.toBe(0);
}

export const KILL_POINTS = ["after_post", "before_post"] as const;
export type KillPoint = (typeof KILL_POINTS)[number];

/** submitOrder never returns (the process died): after the POST reached the broker, or before it left. */
function dyingAt(point: KillPoint): (broker: Broker) => Broker {
  return (broker) =>
    new Proxy(broker, {
      get(target, key, receiver) {
        if (key === "submitOrder") {
          return async (...args: Parameters<Broker["submitOrder"]>) => {
            if (point === "after_post") await target.submitOrder(...args);
            return new Promise<never>(() => {});
          };
        }
        const value: unknown = Reflect.get(target, key, receiver);
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
}

async function killDuringExit(h: Harness, time: Date, point: KillPoint): Promise<void> {
  void h.cycle(time);
  // The cycle is abandoned once its exit row is committed (and, for after_post, the broker has the order).
  for (let i = 0; i < 200; i++) {
    const rows = (await h.db.query("SELECT 1 FROM orders WHERE purpose = 'exit'")).rows;
    const atBroker = h.sim.broker.orders(ACCOUNT).some((o) => o.side === "sell");
    if (rows.length > 0 && (point === "before_post" || atBroker)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("the exit never started");
}

/** Kill the position manager mid-close, start a new instance, and check the close happened exactly once. */
export async function killMidCloseAndRestart(point: KillPoint, db?: Db): Promise<void> {
  const h = await startHarness({ wrapBroker: dyingAt(point), ...(db ? { db } : {}) });
  await h.enter({ symbol: AAA_CALL, underlying: "AAA", instrumentType: "CALL", qty: 2, limitPrice: 2.05 });
  await h.cycle(at("10:02"));
  h.options.setMid(AAA_CALL, at("10:05"), 0.5);

  await killDuringExit(h, at("10:05:30"), point);
  h.restart();
  for (const time of ["10:06:30", "10:07:30", "10:08:30", "10:09:30"]) await h.cycle(at(time));

  const [row] = await positionRows(h.db);
  const sells = h.sim.broker.orders(ACCOUNT).filter((o) => o.side === "sell");
  // after_post: the dead instance's order is adopted by client_order_id; before_post: the unsent row is
  // declared not_at_broker and exactly one new attempt reaches the broker.
  expect(sells).toHaveLength(1);
  expect(sells[0]).toMatchObject({ symbol: AAA_CALL });
  expect(Number(sells[0]?.qty)).toBe(2);
  const exits = await exitOrders(h.db, row?.position_id);
  expect(exits).toHaveLength(point === "after_post" ? 1 : 2);
  expect(exits.at(-1)?.status).toBe("filled");
  expect(exits.at(-1)?.client_order_id).toBe(sells[0]?.clientOrderId);
  expect(row).toMatchObject({ status: "closed", close_reason: "option_stop_loss" });
  expect(await historyRow(h.db, row?.position_id)).toMatchObject({ exit_price_source: "fills" });
  expect(h.sim.broker.positions(ACCOUNT, h.clock.now())).toEqual([]);
}

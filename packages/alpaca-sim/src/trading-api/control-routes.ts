import { isOpenOrder } from "../broker/order-types.js";
import { errorResponse, jsonResponse, type RequestContext, type Route, type RouteResponse } from "../http/router.js";
import type { SimServices } from "./sim-services.js";

/**
 * Simulator control under /sim/ (same keys as the API; exempt from rate limits and faults so a test
 * harness can always steer the run): clock, faults, state.
 */
export function controlRoutes(sim: SimServices): Route[] {
  const advanceClock = (ctx: RequestContext): RouteResponse => {
    const body = (ctx.body ?? {}) as Record<string, unknown>;
    const { advanceTo, advanceByMs } = body;
    if ((advanceTo === undefined) === (advanceByMs === undefined)) {
      return errorResponse(422, "give exactly one of advanceTo (RFC 3339) or advanceByMs (number)");
    }
    try {
      if (advanceTo !== undefined) {
        const t = typeof advanceTo === "string" ? new Date(advanceTo) : new Date(Number.NaN);
        if (Number.isNaN(t.getTime())) return errorResponse(422, "advanceTo must be an RFC 3339 timestamp");
        sim.clock.advanceTo(t);
      } else {
        if (typeof advanceByMs !== "number") return errorResponse(422, "advanceByMs must be a number");
        sim.clock.advanceBy(advanceByMs);
      }
    } catch (err) {
      if (err instanceof RangeError) return errorResponse(422, err.message);
      throw err;
    }
    const now = sim.clock.now();
    sim.broker.sync(now);
    return jsonResponse({ now: now.toISOString(), is_open: sim.calendar.isOpenAt(now) });
  };

  const setFaults = (ctx: RequestContext): RouteResponse => {
    const error = sim.faults.update(ctx.body);
    return error ? errorResponse(422, error) : jsonResponse(sim.faults.faults);
  };

  const state = (ctx: RequestContext): RouteResponse =>
    jsonResponse({
      now: ctx.now.toISOString(),
      is_open: sim.calendar.isOpenAt(ctx.now),
      clock_speed: sim.clock.speed,
      faults: sim.faults.faults,
      accounts: sim.broker.accountIds().map((id) => {
        const snap = sim.broker.snapshot(id, ctx.now);
        const orders = sim.broker.orders(id);
        return {
          id,
          cash: snap.cash,
          buying_power: snap.buyingPower,
          equity: snap.equity,
          positions: sim.broker.positions(id, ctx.now).map((p) => ({ symbol: p.symbol, qty: p.qty, avg_entry_price: p.avgEntryPrice })),
          orders: orders.length,
          open_orders: orders.filter(isOpenOrder).length,
          fills: sim.broker.fills(id).length,
        };
      }),
    });

  return [
    { method: "POST", path: "/sim/clock", handler: advanceClock },
    { method: "GET", path: "/sim/faults", handler: () => jsonResponse(sim.faults.faults) },
    { method: "POST", path: "/sim/faults", handler: setFaults },
    { method: "GET", path: "/sim/state", handler: state },
  ];
}

import { orderJson, positionJson, stableUuid } from "../broker/alpaca-json.js";
import type { PositionView } from "../broker/sim-broker.js";
import { errorResponse, jsonResponse, type RequestContext, type Route, type RouteResponse } from "../http/router.js";
import type { SimServices } from "./sim-services.js";

/** Positions: GET/DELETE /v2/positions[/{symbol_or_asset_id}]. */
export function positionRoutes(sim: SimServices): Route[] {
  const account = (ctx: RequestContext): string => ctx.accountId as string;

  /** Alpaca accepts a symbol or the asset id in the path. */
  const find = (ctx: RequestContext): PositionView | undefined => {
    const key = (ctx.params.symbol as string).trim();
    const bySymbol = sim.broker.position(account(ctx), key, ctx.now);
    if (bySymbol) return bySymbol;
    return sim.broker.positions(account(ctx), ctx.now).find((p) => stableUuid(`asset:${p.symbol}`) === key);
  };

  const list = (ctx: RequestContext): RouteResponse =>
    jsonResponse(sim.broker.positions(account(ctx), ctx.now).map(positionJson));

  const get = (ctx: RequestContext): RouteResponse => {
    const p = find(ctx);
    return p ? jsonResponse(positionJson(p)) : errorResponse(404, "position does not exist");
  };

  const close = (ctx: RequestContext): RouteResponse => {
    const p = find(ctx);
    if (!p) return errorResponse(404, "position does not exist");
    const qty = ctx.query.get("qty") ?? undefined;
    const percentage = ctx.query.get("percentage") ?? undefined;
    if (qty !== undefined && percentage !== undefined) return errorResponse(422, "only one of qty or percentage may be set");
    const result = sim.broker.closePosition(account(ctx), p.symbol, { qty, percentage }, ctx.now);
    return result.ok ? jsonResponse(orderJson(result.value)) : errorResponse(result.status, result.message);
  };

  const closeAll = (ctx: RequestContext): RouteResponse => {
    if (ctx.query.get("cancel_orders") === "true") sim.broker.cancelAllOrders(account(ctx), ctx.now);
    const results = sim.broker.positions(account(ctx), ctx.now).map((p) => {
      const r = sim.broker.closePosition(account(ctx), p.symbol, {}, ctx.now);
      return r.ok
        ? { symbol: p.symbol, status: 200, body: orderJson(r.value) }
        : { symbol: p.symbol, status: r.status, body: { code: r.status * 100_000 + 10_000, message: r.message } };
    });
    return jsonResponse(results, 207);
  };

  return [
    { method: "GET", path: "/v2/positions", handler: list },
    { method: "DELETE", path: "/v2/positions", handler: closeAll },
    { method: "GET", path: "/v2/positions/:symbol", handler: get },
    { method: "DELETE", path: "/v2/positions/:symbol", handler: close },
  ];
}

import { orderJson } from "../broker/alpaca-json.js";
import { parseOrderRequest } from "../broker/parse-order-request.js";
import { ORDER_LIST_STATUSES, type OrderListStatus, type ReplaceRequest } from "../broker/sim-broker.js";
import { errorResponse, jsonResponse, type RequestContext, type Route, type RouteResponse } from "../http/router.js";
import { isParamError, parseDirection, parseLimit, parseSymbolList, parseTimeParam } from "./query-params.js";
import type { SimServices } from "./sim-services.js";

/** Orders: POST/GET/PATCH/DELETE /v2/orders[...] (Alpaca Trading API v2). */
export function orderRoutes(sim: SimServices): Route[] {
  const account = (ctx: RequestContext): string => ctx.accountId as string;

  const submit = (ctx: RequestContext): RouteResponse => {
    const parsed = parseOrderRequest(ctx.body);
    if (!parsed.ok) return errorResponse(parsed.status, parsed.message);
    const result = sim.broker.submitOrder(account(ctx), parsed.value, ctx.now);
    if (!result.ok) return errorResponse(result.status, result.message);
    // The order is stored (and may trade) whether or not the client ever hears about it.
    return { status: 200, body: orderJson(result.value), dropConnection: sim.faults.shouldTimeoutAfterAccept() };
  };

  const list = (ctx: RequestContext): RouteResponse => {
    const status = ctx.query.get("status") ?? "open";
    if (!(ORDER_LIST_STATUSES as readonly string[]).includes(status)) {
      return errorResponse(422, "status must be open, closed or all");
    }
    const limit = parseLimit(ctx.query.get("limit"), 50, 500);
    const after = parseTimeParam("after", ctx.query.get("after"));
    const until = parseTimeParam("until", ctx.query.get("until"));
    const direction = parseDirection(ctx.query.get("direction"));
    for (const p of [limit, after, until, direction]) if (isParamError(p)) return errorResponse(422, p.error);
    const side = ctx.query.get("side");
    if (side !== null && side !== "buy" && side !== "sell") return errorResponse(422, "side must be buy or sell");
    const symbols = parseSymbolList(ctx.query.get("symbols"));
    const orders = sim.broker.listOrders(account(ctx), {
      status: status as OrderListStatus,
      limit: limit as number,
      after: after as Date | undefined,
      until: until as Date | undefined,
      direction: direction as "asc" | "desc",
      ...(symbols ? { symbols } : {}),
      ...(side ? { side } : {}),
    });
    return jsonResponse(orders.map(orderJson));
  };

  const byClientOrderId = (ctx: RequestContext): RouteResponse => {
    const cid = ctx.query.get("client_order_id");
    if (!cid) return errorResponse(422, "client_order_id is required");
    const order = sim.broker.getOrderByClientOrderId(account(ctx), cid);
    return order ? jsonResponse(orderJson(order)) : errorResponse(404, "order not found");
  };

  const get = (ctx: RequestContext): RouteResponse => {
    const order = sim.broker.getOrder(account(ctx), ctx.params.id as string);
    return order ? jsonResponse(orderJson(order)) : errorResponse(404, "order not found");
  };

  const cancel = (ctx: RequestContext): RouteResponse => {
    const result = sim.broker.cancelOrder(account(ctx), ctx.params.id as string, ctx.now);
    return result.ok ? { status: 204 } : errorResponse(result.status, result.message);
  };

  const cancelAll = (ctx: RequestContext): RouteResponse => {
    const canceled = sim.broker.cancelAllOrders(account(ctx), ctx.now);
    return jsonResponse(canceled.map((o) => ({ id: o.id, status: 200, body: orderJson(o) })), 207);
  };

  const replace = (ctx: RequestContext): RouteResponse => {
    const body = ctx.body;
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      return errorResponse(422, "request body format is invalid");
    }
    const result = sim.broker.replaceOrder(account(ctx), ctx.params.id as string, body as ReplaceRequest, ctx.now);
    return result.ok ? jsonResponse(orderJson(result.value)) : errorResponse(result.status, result.message);
  };

  return [
    { method: "POST", path: "/v2/orders", handler: submit },
    { method: "GET", path: "/v2/orders", handler: list },
    { method: "DELETE", path: "/v2/orders", handler: cancelAll },
    { method: "GET", path: "/v2/orders:by_client_order_id", handler: byClientOrderId },
    { method: "GET", path: "/v2/orders/:id", handler: get },
    { method: "DELETE", path: "/v2/orders/:id", handler: cancel },
    { method: "PATCH", path: "/v2/orders/:id", handler: replace },
  ];
}

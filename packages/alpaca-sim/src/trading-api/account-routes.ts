import { etDateString, etIsoString } from "@ops/core";
import { accountJson, assetJson, fillActivityJson, stableUuid } from "../broker/alpaca-json.js";
import { errorResponse, jsonResponse, type RequestContext, type Route, type RouteResponse } from "../http/router.js";
import { isParamError, parseDateParam, parseDirection, parseLimit, parseTimeParam } from "./query-params.js";
import type { SimServices } from "./sim-services.js";

/** Account, clock, calendar, account activities and assets. */
export function accountRoutes(sim: SimServices): Route[] {
  const accountId = (ctx: RequestContext): string => ctx.accountId as string;

  const account = (ctx: RequestContext): RouteResponse =>
    jsonResponse(accountJson(sim.broker.snapshot(accountId(ctx), ctx.now), { id: accountId(ctx), createdAt: sim.startedAt }, ctx.now));

  const clock = (ctx: RequestContext): RouteResponse =>
    jsonResponse({
      timestamp: etIsoString(ctx.now),
      is_open: sim.calendar.isOpenAt(ctx.now),
      next_open: etIsoString(sim.calendar.nextOpen(ctx.now)),
      next_close: etIsoString(sim.calendar.nextClose(ctx.now)),
    });

  const calendar = (ctx: RequestContext): RouteResponse => {
    const start = parseDateParam("start", ctx.query.get("start"));
    const end = parseDateParam("end", ctx.query.get("end"));
    if (isParamError(start)) return errorResponse(422, start.error);
    if (isParamError(end)) return errorResponse(422, end.error);
    const { from, to } = sim.calendar.coverage;
    // Clipped to the calendar's coverage: outside it the simulator knows no trading days.
    const s = start === undefined || start < from ? from : start;
    const e = end === undefined || end > to ? to : end;
    return jsonResponse(s > e ? [] : sim.calendar.toAlpacaCalendar(s, e));
  };

  const activities = (ctx: RequestContext, types: string[] | undefined): RouteResponse => {
    if (types && !types.includes("FILL")) return jsonResponse([]);
    const date = parseDateParam("date", ctx.query.get("date"));
    const until = parseTimeParam("until", ctx.query.get("until"));
    const after = parseTimeParam("after", ctx.query.get("after"));
    const direction = parseDirection(ctx.query.get("direction"));
    const pageSize = parseLimit(ctx.query.get("page_size"), 100, 100);
    for (const p of [date, until, after, direction, pageSize]) if (isParamError(p)) return errorResponse(422, p.error);
    const token = ctx.query.get("page_token");
    let fills = sim.broker.fills(accountId(ctx)).filter((f) => {
      if (typeof date === "string" && etDateString(f.at) !== date) return false;
      // Alpaca: strictly before `until`, strictly after `after`.
      if (until instanceof Date && f.at.getTime() >= until.getTime()) return false;
      if (after instanceof Date && f.at.getTime() <= after.getTime()) return false;
      return true;
    });
    if (direction === "desc") fills = [...fills].reverse();
    if (token) {
      const i = fills.findIndex((f) => f.id === token);
      fills = i < 0 ? [] : fills.slice(i + 1);
    }
    return jsonResponse(fills.slice(0, pageSize as number).map(fillActivityJson));
  };

  const assets = (ctx: RequestContext): RouteResponse => {
    const status = ctx.query.get("status");
    const assetClass = ctx.query.get("asset_class");
    if ((status && status !== "active") || (assetClass && assetClass !== "us_equity")) return jsonResponse([]);
    return jsonResponse(sim.broker.knownStocks().map((symbol) => assetJson(symbol, hasOptions(symbol, ctx.now))));
  };

  const hasOptions = (symbol: string, now: Date): boolean => (sim.optionMarket?.contracts(symbol, now).length ?? 0) > 0;

  // Alpaca answers by symbol or by asset id, so both reach the same asset.
  const asset = (ctx: RequestContext): RouteResponse => {
    const key = (ctx.params.symbol as string).toUpperCase();
    const symbol = sim.broker.isKnownStock(key)
      ? key
      : sim.broker.knownStocks().find((s) => stableUuid(`asset:${s}`).toUpperCase() === key);
    return symbol === undefined
      ? errorResponse(404, `asset not found for ${key}`)
      : jsonResponse(assetJson(symbol, hasOptions(symbol, ctx.now)));
  };

  return [
    { method: "GET", path: "/v2/account", handler: account },
    { method: "GET", path: "/v2/clock", handler: clock },
    { method: "GET", path: "/v2/calendar", handler: calendar },
    {
      method: "GET",
      path: "/v2/account/activities",
      handler: (ctx) => activities(ctx, ctx.query.get("activity_types")?.split(",").map((t) => t.trim().toUpperCase())),
    },
    {
      method: "GET",
      path: "/v2/account/activities/:type",
      handler: (ctx) => activities(ctx, [(ctx.params.type as string).toUpperCase()]),
    },
    { method: "GET", path: "/v2/assets", handler: assets },
    { method: "GET", path: "/v2/assets/:symbol", handler: asset },
  ];
}

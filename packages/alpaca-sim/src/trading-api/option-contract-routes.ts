import { addCalendarDays, etDateString, tryParseOccSymbol, weekdayOf } from "@ops/core";
import { optionContractJson, stableUuid } from "../broker/alpaca-json.js";
import { parseDecimalField } from "../broker/parse-order-request.js";
import { errorResponse, jsonResponse, type RequestContext, type Route, type RouteResponse } from "../http/router.js";
import type { OptionContractInfo } from "../market-data/types.js";
import { isParamError, parseDateParam, parseLimit, parseSymbolList } from "./query-params.js";
import type { SimServices } from "./sim-services.js";

/** Alpaca's default when no expiration filter is given: contracts expiring before the next weekend. */
export function nextWeekendCutoff(today: string): string {
  const daysToSaturday = (6 - weekdayOf(today) + 7) % 7 || 7;
  return addCalendarDays(today, daysToSaturday - 1);
}

/** GET /v2/options/contracts and /v2/options/contracts/{symbol_or_id}, from the OptionMarket. */
export function optionContractRoutes(sim: SimServices): Route[] {
  const list = (ctx: RequestContext): RouteResponse => {
    const q = ctx.query;
    const limit = parseLimit(q.get("limit"), 100, 10_000);
    if (isParamError(limit)) return errorResponse(422, limit.error);
    const dates = {
      exact: parseDateParam("expiration_date", q.get("expiration_date")),
      gte: parseDateParam("expiration_date_gte", q.get("expiration_date_gte")),
      lte: parseDateParam("expiration_date_lte", q.get("expiration_date_lte")),
    };
    for (const d of Object.values(dates)) if (isParamError(d)) return errorResponse(422, d.error);
    const type = q.get("type");
    if (type !== null && type !== "call" && type !== "put") return errorResponse(422, "type must be call or put");
    const strikeGte = q.get("strike_price_gte") === null ? undefined : parseDecimalField(q.get("strike_price_gte"));
    const strikeLte = q.get("strike_price_lte") === null ? undefined : parseDecimalField(q.get("strike_price_lte"));
    const status = q.get("status") ?? "active";
    const style = q.get("style");
    const root = q.get("root_symbol")?.toUpperCase();
    const offset = q.get("page_token") ? Number(Buffer.from(q.get("page_token") as string, "base64url").toString()) : 0;
    if (!Number.isInteger(offset) || offset < 0) return errorResponse(422, "invalid page_token");

    const today = etDateString(ctx.now);
    const noDateFilter = dates.exact === undefined && dates.gte === undefined && dates.lte === undefined;
    const lte = noDateFilter ? nextWeekendCutoff(today) : (dates.lte as string | undefined);
    const underlyings = parseSymbolList(q.get("underlying_symbols")) ?? sim.broker.knownStocks();

    const matches: OptionContractInfo[] = [];
    if (sim.optionMarket && status === "active" && (style === null || style === "american")) {
      for (const u of underlyings) {
        if (!sim.broker.isKnownStock(u)) continue;
        for (const c of sim.optionMarket.contracts(u, ctx.now)) {
          if (c.expiration < today) continue;
          if (typeof dates.exact === "string" && c.expiration !== dates.exact) continue;
          if (typeof dates.gte === "string" && c.expiration < dates.gte) continue;
          if (lte !== undefined && c.expiration > lte) continue;
          if (type !== null && c.type !== type) continue;
          if (root !== undefined && c.underlying !== root) continue;
          if (strikeGte !== undefined && c.strike < strikeGte) continue;
          if (strikeLte !== undefined && c.strike > strikeLte) continue;
          matches.push(c);
        }
      }
    }
    matches.sort((a, b) =>
      a.underlying !== b.underlying ? (a.underlying < b.underlying ? -1 : 1)
        : a.expiration !== b.expiration ? (a.expiration < b.expiration ? -1 : 1)
          : a.type !== b.type ? (a.type < b.type ? -1 : 1)
            : a.strike - b.strike);
    const page = matches.slice(offset, offset + limit);
    const next = offset + limit < matches.length ? Buffer.from(String(offset + limit)).toString("base64url") : null;
    return jsonResponse({
      option_contracts: page.map((c) => optionContractJson(c, sim.optionMarket?.quote(c.symbol, ctx.now), today)),
      next_page_token: next,
    });
  };

  const get = (ctx: RequestContext): RouteResponse => {
    const key = (ctx.params.symbolOrId as string).toUpperCase();
    const market = sim.optionMarket;
    if (!market) return errorResponse(404, "option contract not found");
    const parsed = tryParseOccSymbol(key);
    const candidates = parsed ? [parsed.underlying] : sim.broker.knownStocks();
    for (const u of candidates) {
      if (!sim.broker.isKnownStock(u)) continue;
      const c = market.contracts(u, ctx.now).find((x) => x.symbol === key || stableUuid(`option:${x.symbol}`).toUpperCase() === key);
      if (c) return jsonResponse(optionContractJson(c, market.quote(c.symbol, ctx.now), etDateString(ctx.now)));
    }
    return errorResponse(404, "option contract not found");
  };

  return [
    { method: "GET", path: "/v2/options/contracts", handler: list },
    { method: "GET", path: "/v2/options/contracts/:symbolOrId", handler: get },
  ];
}

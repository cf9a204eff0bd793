import { errorResponse, jsonResponse, type RequestContext, type RouteResponse } from "../http/router.js";
import { OPTION_TYPES, type OptionContractInfo } from "../market-data/types.js";
import type { DataRouteDeps } from "./data-route-deps.js";
import { optionQuoteJson, optionSnapshotJson, optionTradeJson } from "./option-snapshot-json.js";
import {
  decodePageToken, encodePageToken, parseEnum, parseLimit, parseNumber, parseSymbolList, QueryParamError,
} from "./query-params.js";

export const OPTION_FEEDS = ["indicative", "opra"] as const;
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const MAX_SYMBOLS = 100;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Resume after this OCC symbol (chains and snapshot lists are ordered by symbol). */
interface AfterToken {
  a: string;
}

function isAfterToken(x: unknown): x is AfterToken {
  return typeof x === "object" && x !== null && typeof (x as Record<string, unknown>)["a"] === "string";
}

function parseDateParam(name: string, value: string | null): string | undefined {
  if (value === null || value === "") return undefined;
  if (!DATE_RE.test(value)) throw new QueryParamError(`invalid ${name}: ${value}`);
  return value;
}

function guarded(fn: () => RouteResponse): RouteResponse {
  try {
    return fn();
  } catch (error) {
    if (error instanceof QueryParamError) return errorResponse(400, error.message);
    throw error;
  }
}

/** Filters of GET /v1beta1/options/snapshots/{underlying}, per Alpaca's option-chain reference. */
export function filterChain(contracts: readonly OptionContractInfo[], q: URLSearchParams): OptionContractInfo[] {
  const type = q.get("type") ? parseEnum("type", q.get("type"), OPTION_TYPES, "call") : undefined;
  const kGte = parseNumber("strike_price_gte", q.get("strike_price_gte"));
  const kLte = parseNumber("strike_price_lte", q.get("strike_price_lte"));
  const exp = parseDateParam("expiration_date", q.get("expiration_date"));
  const expGte = parseDateParam("expiration_date_gte", q.get("expiration_date_gte"));
  const expLte = parseDateParam("expiration_date_lte", q.get("expiration_date_lte"));
  const root = q.get("root_symbol")?.toUpperCase();
  return contracts.filter((c) =>
    (type === undefined || c.type === type) &&
    (kGte === undefined || c.strike >= kGte) &&
    (kLte === undefined || c.strike <= kLte) &&
    (exp === undefined || c.expiration === exp) &&
    (expGte === undefined || c.expiration >= expGte) &&
    (expLte === undefined || c.expiration <= expLte) &&
    (root === undefined || root === "" || c.symbol.startsWith(root)));
}

function pageSnapshots(ctx: RequestContext, deps: DataRouteDeps, symbols: readonly string[]): RouteResponse {
  const limit = parseLimit(ctx.query.get("limit"), DEFAULT_LIMIT, MAX_LIMIT);
  const token = decodePageToken(ctx.query.get("page_token"), isAfterToken);
  const sorted = [...symbols].sort();
  const snapshots: Record<string, unknown> = {};
  let count = 0;
  let next: string | null = null;
  for (const symbol of sorted) {
    if (token && symbol <= token.a) continue;
    const quote = deps.optionMarket.quote(symbol, ctx.now);
    if (!quote) continue;
    if (count === limit) {
      next = encodePageToken({ a: Object.keys(snapshots).pop() as string });
      break;
    }
    snapshots[symbol] = optionSnapshotJson(quote);
    count += 1;
  }
  return jsonResponse({ snapshots, next_page_token: next });
}

/** GET /v1beta1/options/snapshots/:underlying — the option chain, paged by OCC symbol. */
export function getOptionChain(ctx: RequestContext, deps: DataRouteDeps): RouteResponse {
  return guarded(() => {
    parseEnum("feed", ctx.query.get("feed"), OPTION_FEEDS, "indicative");
    const underlying = (ctx.params["underlying"] ?? "").toUpperCase();
    const contracts = filterChain(deps.optionMarket.contracts(underlying, ctx.now), ctx.query);
    return pageSnapshots(ctx, deps, contracts.map((c) => c.symbol));
  });
}

/** GET /v1beta1/options/snapshots?symbols=OCC1,OCC2 */
export function getOptionSnapshots(ctx: RequestContext, deps: DataRouteDeps): RouteResponse {
  return guarded(() => {
    parseEnum("feed", ctx.query.get("feed"), OPTION_FEEDS, "indicative");
    const symbols = parseSymbolList(ctx.query.get("symbols"));
    if (symbols.length === 0) throw new QueryParamError("symbols is required");
    if (symbols.length > MAX_SYMBOLS) throw new QueryParamError(`too many symbols: at most ${MAX_SYMBOLS}`);
    return pageSnapshots(ctx, deps, symbols);
  });
}

function latest(ctx: RequestContext, deps: DataRouteDeps, key: "quotes" | "trades"): RouteResponse {
  return guarded(() => {
    parseEnum("feed", ctx.query.get("feed"), OPTION_FEEDS, "indicative");
    const symbols = parseSymbolList(ctx.query.get("symbols"));
    if (symbols.length === 0) throw new QueryParamError("symbols is required");
    if (symbols.length > MAX_SYMBOLS) throw new QueryParamError(`too many symbols: at most ${MAX_SYMBOLS}`);
    const out: Record<string, unknown> = {};
    for (const symbol of symbols) {
      const quote = deps.optionMarket.quote(symbol, ctx.now);
      if (quote) out[symbol] = key === "quotes" ? optionQuoteJson(quote) : optionTradeJson(quote);
    }
    return jsonResponse({ [key]: out });
  });
}

/** GET /v1beta1/options/quotes/latest?symbols= */
export function getLatestOptionQuotes(ctx: RequestContext, deps: DataRouteDeps): RouteResponse {
  return latest(ctx, deps, "quotes");
}

/** GET /v1beta1/options/trades/latest?symbols= */
export function getLatestOptionTrades(ctx: RequestContext, deps: DataRouteDeps): RouteResponse {
  return latest(ctx, deps, "trades");
}


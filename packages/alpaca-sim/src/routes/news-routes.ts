import { addCalendarDays, etDateString } from "@ops/core";
import { errorResponse, jsonResponse, type RequestContext, type RouteResponse } from "../http/router.js";
import type { NewsArticle } from "../market-data/news/news-catalog.js";
import type { DataRouteDeps } from "./data-route-deps.js";
import {
  decodePageToken, encodePageToken, parseEnum, parseLimit, parseSymbolList, parseTime, QueryParamError,
} from "./query-params.js";

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 50;
/** The fixtures repeat every replay day; without `start`, a week of them is plenty. */
const DEFAULT_LOOKBACK_DAYS = 6;
const MAX_LOOKBACK_DAYS = 31;
const SORTS = ["desc", "asc"] as const;

interface NewsPageToken {
  t: number;
  id: number;
}

function isNewsPageToken(x: unknown): x is NewsPageToken {
  if (typeof x !== "object" || x === null) return false;
  const o = x as Record<string, unknown>;
  return typeof o["t"] === "number" && typeof o["id"] === "number";
}

function parseBool(name: string, value: string | null): boolean {
  if (value === null || value === "") return false;
  if (value === "true") return true;
  if (value === "false") return false;
  throw new QueryParamError(`invalid ${name}: ${value}`);
}

/**
 * GET /v1beta1/news — the RSS fixtures re-stamped onto replay days, newest first by default,
 * only articles "published" at or before the sim clock's now.
 */
export function getNews(ctx: RequestContext, deps: DataRouteDeps): RouteResponse {
  try {
    const q = ctx.query;
    const symbols = parseSymbolList(q.get("symbols"));
    const start = parseTime("start", q.get("start"));
    const end = parseTime("end", q.get("end"));
    const limit = parseLimit(q.get("limit"), DEFAULT_LIMIT, MAX_LIMIT);
    const sort = parseEnum("sort", q.get("sort"), SORTS, "desc");
    const includeContent = parseBool("include_content", q.get("include_content"));
    parseBool("exclude_contentless", q.get("exclude_contentless"));
    const token = decodePageToken(q.get("page_token"), isNewsPageToken);
    if (!deps.news) return jsonResponse({ news: [], next_page_token: null });

    const nowDay = etDateString(ctx.now);
    const earliest = addCalendarDays(nowDay, -MAX_LOOKBACK_DAYS);
    const requested = start ? etDateString(start) : addCalendarDays(nowDay, -DEFAULT_LOOKBACK_DAYS);
    const fromDay = requested < earliest ? earliest : requested;
    const upper = Math.min(end?.getTime() ?? Infinity, ctx.now.getTime());
    const dir = sort === "asc" ? 1 : -1;
    const articles = deps.news
      .articles(ctx.now, fromDay)
      .filter((a) => {
        const t = Date.parse(a.created_at);
        return (start === undefined || t >= start.getTime()) && t <= upper &&
          (symbols.length === 0 || a.symbols.some((s) => symbols.includes(s)));
      })
      .sort((a, b) => dir * (Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id));
    const after = token
      ? articles.filter((a) => {
          const t = Date.parse(a.created_at);
          return dir * (t - token.t) > 0 || (t === token.t && dir * (a.id - token.id) > 0);
        })
      : articles;
    const page: NewsArticle[] = after.slice(0, limit).map((a) => (includeContent ? { ...a, content: a.summary } : a));
    const last = page[page.length - 1];
    const next = after.length > limit && last ? encodePageToken({ t: Date.parse(last.created_at), id: last.id }) : null;
    return jsonResponse({ news: page, next_page_token: next });
  } catch (error) {
    if (error instanceof QueryParamError) return errorResponse(400, error.message);
    throw error;
  }
}

/** GET /rss — the feeds on offer (public, no API keys). */
export function listFeeds(_ctx: RequestContext, deps: DataRouteDeps): RouteResponse {
  const feeds = (deps.news?.feeds() ?? []).map((f) => ({
    name: f.name,
    path: `/rss/${encodeURIComponent(f.name)}`,
    format: f.format,
    encoding: f.encoding,
    title: f.title,
    items: f.itemCount,
  }));
  return jsonResponse({ feeds });
}

/** GET /rss/:file — one feed as it reads at the sim clock's now (public, no API keys). */
export function getFeed(ctx: RequestContext, deps: DataRouteDeps): RouteResponse {
  const name = ctx.params["file"] ?? "";
  const rendered = deps.news?.renderFeed(name, ctx.now);
  if (!rendered) return errorResponse(404, `no feed named ${name}`);
  return { status: 200, headers: { "content-type": rendered.contentType }, raw: rendered.body };
}

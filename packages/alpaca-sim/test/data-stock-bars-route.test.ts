import { etDateTime } from "@ops/core";
import { describe, expect, it } from "vitest";
import type { RouteResponse } from "../src/http/router.js";
import { generateBars } from "../src/market-data/generate-bars.js";
import { InMemoryMarketData } from "../src/market-data/in-memory-market-data.js";
import { SyntheticOptionMarket } from "../src/market-data/options/synthetic-option-market.js";
import type { DataRouteDeps } from "../src/routes/data-route-deps.js";
import {
  getLatestStockBars, getLatestStockQuotes, getStockBars, getStockBarsSingle, getStockSnapshots,
} from "../src/routes/stock-routes.js";
import { getRequest } from "./data-fixtures.js";

const DAY = "2013-10-07";
const prevDayBars = generateBars({ symbols: ["SPY"], day: "2013-10-04", seed: 7 });
const dayBars = generateBars({ symbols: ["SPY", "BAC", "IBM"], day: DAY, seed: 7 });
const md = new InMemoryMarketData([...prevDayBars, ...dayBars]);
const deps: DataRouteDeps = { marketData: md, optionMarket: new SyntheticOptionMarket(md) };
const noon = etDateTime(DAY, "12:00");

interface BarJson { t: string; o: number; h: number; l: number; c: number; v: number; n: number; vw: number }
interface BarsBody { bars: Record<string, BarJson[]>; next_page_token: string | null }

function body<T>(res: RouteResponse): T {
  expect(res.status).toBe(200);
  return res.body as T;
}

function collect(query: Record<string, string>, nowForPage: (page: number) => Date): { pages: BarsBody[]; flat: Array<[string, string]> } {
  const pages: BarsBody[] = [];
  let token: string | null = null;
  do {
    const q: Record<string, string> = token ? { ...query, page_token: token } : query;
    const page: BarsBody = body<BarsBody>(getStockBars(getRequest("/v2/stocks/bars", q, nowForPage(pages.length)), deps));
    pages.push(page);
    token = page.next_page_token;
  } while (token !== null && pages.length < 1000);
  const flat: Array<[string, string]> = [];
  for (const p of pages) for (const [sym, list] of Object.entries(p.bars)) for (const b of list) flat.push([sym, b.t]);
  return { pages, flat };
}

describe("GET /v2/stocks/bars", () => {
  const base = { symbols: "SPY,IBM,BAC,QQQ", timeframe: "1Min", start: etDateTime(DAY, "09:30").toISOString(), end: etDateTime(DAY, "16:00").toISOString(), feed: "iex", adjustment: "raw" };

  it("pages across symbols with the limit counting all symbols, returning every complete bar exactly once", () => {
    const { pages, flat } = collect({ ...base, limit: "7" }, () => noon);
    // 09:30–11:59 are complete at 12:00: 150 bars for each of three symbols (QQQ has none).
    expect(flat).toHaveLength(450);
    expect(new Set(flat.map(([s, t]) => `${s}|${t}`)).size).toBe(450);
    expect(pages.every((p) => Object.values(p.bars).reduce((n, l) => n + l.length, 0) <= 7)).toBe(true);
    // Ordered by symbol, then time.
    const keys = flat.map(([s, t]) => `${s}|${t}`);
    expect(keys).toEqual([...keys].sort());
    expect(flat[0]).toEqual(["BAC", "2013-10-07T13:30:00Z"]);
    expect(flat[flat.length - 1]).toEqual(["SPY", "2013-10-07T15:59:00Z"]);
  });

  it("never serves a bar that is not complete at the clock's now", () => {
    const now = new Date(etDateTime(DAY, "10:15").getTime() + 30_000);
    const res = body<BarsBody>(getStockBars(getRequest("/v2/stocks/bars", { ...base, symbols: "SPY" }, now), deps));
    const last = res.bars["SPY"]!.at(-1)!;
    expect(Date.parse(last.t) + 60_000).toBeLessThanOrEqual(now.getTime());
    expect(last.t).toBe("2013-10-07T14:14:00Z");
  });

  it("keeps a paged read consistent while the clock moves between pages", () => {
    const { flat } = collect({ ...base, limit: "40" }, (page) => new Date(noon.getTime() + page * 60_000));
    expect(flat).toHaveLength(450);
  });

  it("serves the values of the underlying bars, with n and vw", () => {
    const res = body<BarsBody>(getStockBars(getRequest("/v2/stocks/bars", { ...base, symbols: "IBM", limit: "3" }, noon), deps));
    const first = dayBars.find((b) => b.symbol === "IBM")!;
    expect(res.bars["IBM"]![0]).toMatchObject({ t: "2013-10-07T13:30:00Z", o: first.open, h: first.high, l: first.low, c: first.close, v: first.volume });
    expect(res.bars["IBM"]![0]!.n).toBeGreaterThan(0);
    expect(res.bars["IBM"]![0]!.vw).toBeGreaterThanOrEqual(first.low);
  });

  it("sorts newest first with sort=desc, still every bar once", () => {
    const { flat } = collect({ ...base, symbols: "SPY", sort: "desc", limit: "64" }, () => noon);
    expect(flat).toHaveLength(150);
    expect(flat[0]![1]).toBe("2013-10-07T15:59:00Z");
    expect(flat.at(-1)![1]).toBe("2013-10-07T13:30:00Z");
  });

  it("aggregates 5-minute bars from complete buckets only", () => {
    const now = etDateTime(DAY, "10:02");
    const res = body<BarsBody>(getStockBars(getRequest("/v2/stocks/bars", { ...base, symbols: "SPY", timeframe: "5Min" }, now), deps));
    const five = res.bars["SPY"]!;
    expect(five.map((b) => b.t)).toEqual(["13:30", "13:35", "13:40", "13:45", "13:50", "13:55"].map((hm) => `2013-10-07T${hm}:00Z`));
    const minutes = dayBars.filter((b) => b.symbol === "SPY").slice(5, 10);
    expect(five[1]).toMatchObject({
      o: minutes[0]!.open,
      c: minutes[4]!.close,
      h: Math.max(...minutes.map((m) => m.high)),
      l: Math.min(...minutes.map((m) => m.low)),
      v: minutes.reduce((s, m) => s + m.volume, 0),
    });
  });

  it("builds daily bars from the regular session, today's partial bar included", () => {
    const res = body<BarsBody>(getStockBars(getRequest("/v2/stocks/bars", { symbols: "SPY", timeframe: "1Day", start: "2013-10-01" }, noon), deps));
    expect(res.bars["SPY"]!.map((b) => b.t)).toEqual(["2013-10-04T04:00:00Z", "2013-10-07T04:00:00Z"]);
    expect(res.bars["SPY"]![1]!.c).toBe(md.lastBarBefore("SPY", noon)!.close);
  });

  it("defaults start to the beginning of the current day", () => {
    const res = body<BarsBody>(getStockBars(getRequest("/v2/stocks/bars", { symbols: "SPY", timeframe: "1Min", limit: "10000" }, noon), deps));
    expect(res.bars["SPY"]).toHaveLength(150);
  });

  it.each([
    [{ timeframe: "1Min" }, /symbols/],
    [{ symbols: "SPY" }, /timeframe/],
    [{ symbols: "SPY", timeframe: "7Fortnights" }, /timeframe/],
    [{ symbols: "SPY", timeframe: "1Min", limit: "0" }, /limit/],
    [{ symbols: "SPY", timeframe: "1Min", limit: "10001" }, /limit/],
    [{ symbols: "SPY", timeframe: "1Min", start: "yesterday" }, /start/],
    [{ symbols: "SPY", timeframe: "1Min", feed: "nasdaq" }, /feed/],
    [{ symbols: "SPY", timeframe: "1Min", page_token: "garbage" }, /page_token/],
  ])("answers 400 for a bad request %j", (query, message) => {
    const res = getStockBars(getRequest("/v2/stocks/bars", query, noon), deps);
    expect(res.status).toBe(400);
    expect((res.body as { message: string }).message).toMatch(message);
  });
});

describe("single-symbol, latest and snapshot stock routes", () => {
  it("GET /v2/stocks/:symbol/bars returns a list with the symbol", () => {
    const res = body<{ bars: BarJson[]; symbol: string; next_page_token: string | null }>(
      getStockBarsSingle(getRequest("/v2/stocks/BAC/bars", { timeframe: "1T", limit: "100" }, noon, { symbol: "BAC" }), deps),
    );
    expect(res.symbol).toBe("BAC");
    expect(res.bars).toHaveLength(100);
    expect(res.next_page_token).not.toBeNull();
  });

  it("GET /v2/stocks/bars/latest returns the last complete bar per known symbol", () => {
    const res = body<{ bars: Record<string, BarJson> }>(getLatestStockBars(getRequest("/v2/stocks/bars/latest", { symbols: "SPY,QQQ" }, noon), deps));
    expect(Object.keys(res.bars)).toEqual(["SPY"]);
    expect(res.bars["SPY"]!.t).toBe("2013-10-07T15:59:00Z");
  });

  it("GET /v2/stocks/quotes/latest brackets the last close", () => {
    const res = body<{ quotes: Record<string, { bp: number; ap: number }> }>(getLatestStockQuotes(getRequest("/v2/stocks/quotes/latest", { symbols: "SPY" }, noon), deps));
    const close = md.lastBarBefore("SPY", noon)!.close;
    expect(res.quotes["SPY"]!.bp).toBeLessThan(close);
    expect(res.quotes["SPY"]!.ap).toBeGreaterThan(close);
  });

  it("GET /v2/stocks/snapshots carries minute, daily and previous daily bars", () => {
    const res = body<Record<string, Record<string, BarJson | null>>>(getStockSnapshots(getRequest("/v2/stocks/snapshots", { symbols: "SPY,BAC" }, noon), deps));
    expect(Object.keys(res).sort()).toEqual(["BAC", "SPY"]);
    expect(res["SPY"]!["minuteBar"]!.t).toBe("2013-10-07T15:59:00Z");
    expect(res["SPY"]!["dailyBar"]!.t).toBe("2013-10-07T04:00:00Z");
    expect(res["SPY"]!["prevDailyBar"]!.t).toBe("2013-10-04T04:00:00Z");
    expect(res["BAC"]!["prevDailyBar"]).toBeNull();
    expect(res["SPY"]).toHaveProperty("latestTrade");
    expect(res["SPY"]).toHaveProperty("latestQuote");
  });
});

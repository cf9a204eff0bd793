// The real Alpaca v4 SDK against the running simulator with the market-data routes mounted: every
// response here is parsed by the SDK's own models, so field names and types follow Alpaca's.
import { etDateString, etDateTime, MarketCalendar } from "@ops/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SIM_ACCOUNTS, SimClock, startSimulator, type RunningSimulator } from "../src/index.js";
import { InMemoryMarketData } from "../src/market-data/in-memory-market-data.js";
import { loadBarFolder } from "../src/market-data/load-bar-folder.js";
import { NewsCatalog } from "../src/market-data/news/news-catalog.js";
import { SyntheticOptionMarket } from "../src/market-data/options/synthetic-option-market.js";
import { dataRoutes } from "../src/routes/data-routes.js";
import { TimeFrame } from "@alpacahq/alpaca-trade-api";
import { leanMinuteDir, rssDir, rssParser } from "./data-fixtures.js";
import { sdkClient, type Alpaca } from "./server-sdk-client.js";

const DAY = "2013-10-07";
let sim: RunningSimulator;
let clock: SimClock;
let md: InMemoryMarketData;
let market: SyntheticOptionMarket;
let alpaca: Alpaca;

beforeAll(async () => {
  const loaded = await loadBarFolder(leanMinuteDir, { symbols: ["SPY", "IBM"], days: ["2013-10-04", DAY] });
  md = new InMemoryMarketData(loaded.bars);
  market = new SyntheticOptionMarket(md);
  const news = await NewsCatalog.load(rssDir, { symbols: md.symbols() });
  clock = new SimClock({ start: etDateTime(DAY, "12:00") });
  sim = await startSimulator({
    marketData: md,
    optionMarket: market,
    calendar: MarketCalendar.nyse(2013, 2013),
    clock,
    extraRoutes: dataRoutes({ marketData: md, optionMarket: market, news }),
  });
  const large = DEFAULT_SIM_ACCOUNTS[0]!;
  alpaca = sdkClient(sim.url, { keyId: large.keyId, secret: large.secretKey });
});

afterAll(async () => {
  await sim?.close();
});

describe("market data through the real SDK", () => {
  it("collects multi-symbol minute bars across pages: every complete bar once, none from the future", async () => {
    const start = etDateTime(DAY, "09:30");
    const bySymbol = await alpaca.marketData.collectStockBarsBySymbol({
      symbols: ["SPY", "IBM"],
      timeframe: TimeFrame.Minute,
      start,
      end: etDateTime(DAY, "16:00"),
      limit: 100,
      feed: "iex",
      adjustment: "raw",
    });
    for (const symbol of ["SPY", "IBM"]) {
      const expected = md.bars(symbol, start, new Date(clock.now().getTime() - 59_999));
      const got = bySymbol[symbol]!;
      expect(got.length).toBe(expected.length);
      // collect* hands back the wire JSON (t as an RFC-3339 string) despite its Date typing.
      expect(got.map((b) => new Date(b.t).getTime())).toEqual(expected.map((b) => b.ts.getTime()));
      expect(got[0]!.o).toBe(expected[0]!.open);
      expect(got.at(-1)!.c).toBe(expected.at(-1)!.close);
      expect(new Date(got.at(-1)!.t).getTime() + 60_000).toBeLessThanOrEqual(clock.now().getTime());
    }
  });

  it("serves the next minute only once the clock has passed its end", async () => {
    const before = await alpaca.marketData.stocks.stockLatestBars({ symbols: "SPY" });
    clock.advanceBy(60_000);
    const after = await alpaca.marketData.stocks.stockLatestBars({ symbols: "SPY" });
    expect(after.bars["SPY"]!.t.getTime()).toBe(before.bars["SPY"]!.t.getTime() + 60_000);
  });

  it("returns an option chain whose snapshots carry quotes, greeks, IV and the day's volume", async () => {
    const chain = await alpaca.marketData.collectOptionChainBySymbol({
      underlyingSymbol: "SPY",
      feed: "indicative",
      type: "call",
      strikePriceGte: 165,
      strikePriceLte: 172,
      limit: 10,
    });
    const expected = market.contracts("SPY", clock.now()).filter((c) => c.type === "call" && c.strike >= 165 && c.strike <= 172);
    expect(Object.keys(chain).sort()).toEqual(expected.map((c) => c.symbol).sort());
    const [occ, snap] = Object.entries(chain)[0]!;
    const quote = market.quote(occ, clock.now())!;
    expect(snap.latestQuote?.bp).toBe(quote.bid);
    expect(snap.latestQuote?.ap).toBe(quote.ask);
    expect(snap.greeks?.delta).toBeCloseTo(quote.delta, 4);
    expect(snap.impliedVolatility).toBeCloseTo(quote.iv, 4);
    expect(snap.dailyBar?.v).toBe(quote.dailyVolume);
    expect(snap.latestQuote?.t).toBeInstanceOf(Date);
  });

  it("marks option positions with latest quotes", async () => {
    const occ = market.contracts("SPY", clock.now()).find((c) => c.type === "put")!.symbol;
    const res = await alpaca.marketData.options.optionLatestQuotes({ symbols: occ, feed: "indicative" });
    expect(res.quotes[occ]!.bp).toBe(market.quote(occ, clock.now())!.bid);
  });

  it("lists news articles tagged with replayed symbols, published on the replay day", async () => {
    const articles = await alpaca.marketData.collectNews({ symbols: "SPY", start: etDateTime(DAY, "00:00") });
    expect(articles.length).toBeGreaterThan(0);
    for (const a of articles) {
      expect(a.symbols).toContain("SPY");
      expect(etDateString(a.createdAt)).toBe(DAY);
      expect(a.createdAt.getTime()).toBeLessThanOrEqual(clock.now().getTime());
    }
  });

  it("serves RSS feeds without API keys", async () => {
    const res = await fetch(`${sim.url}/rss/cnbc_top_news_2014-03-13.xml`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/rss+xml");
    const parsed = await rssParser().parseString(await res.text());
    expect(parsed.items.length).toBeGreaterThan(0);
    const list = await fetch(`${sim.url}/rss`);
    expect(list.status).toBe(200);
  });

  it("requires API keys on the market-data routes", async () => {
    const res = await fetch(`${sim.url}/v2/stocks/bars?symbols=SPY&timeframe=1Min`);
    expect(res.status).toBe(401);
  });
});

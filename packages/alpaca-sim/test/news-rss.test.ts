import { readdirSync } from "node:fs";
import { etDateString, etDateTime } from "@ops/core";
import { beforeAll, describe, expect, it } from "vitest";
import { NewsCatalog } from "../src/market-data/news/news-catalog.js";
import { mentionedSymbols } from "../src/market-data/news/ticker-tagging.js";
import { generateBars } from "../src/market-data/generate-bars.js";
import { InMemoryMarketData } from "../src/market-data/in-memory-market-data.js";
import { SyntheticOptionMarket } from "../src/market-data/options/synthetic-option-market.js";
import type { DataRouteDeps } from "../src/routes/data-route-deps.js";
import { getFeed, getNews, listFeeds } from "../src/routes/news-routes.js";
import { getRequest, rssDir, rssParser } from "./data-fixtures.js";

const SYMBOLS = ["SPY", "BAC", "IBM", "AIG"];
const DAY = "2013-10-07";
const noon = etDateTime(DAY, "12:00");
let catalog: NewsCatalog;
let deps: DataRouteDeps;

beforeAll(async () => {
  catalog = await NewsCatalog.load(rssDir, { symbols: SYMBOLS });
  const md = new InMemoryMarketData(generateBars({ symbols: SYMBOLS, day: DAY, seed: 1 }));
  deps = { marketData: md, optionMarket: new SyntheticOptionMarket(md), news: catalog };
});

const feedFiles = readdirSync(rssDir).filter((f) => /\.(xml|rss)$/.test(f)).sort();

function feedText(name: string, now: Date): { text: string; contentType: string } {
  const res = getFeed(getRequest(`/rss/${name}`, {}, now, { file: name }), deps);
  expect(res.status).toBe(200);
  const contentType = res.headers!["content-type"]!;
  const latin1 = /ISO-8859-1/i.test(contentType);
  return { text: Buffer.from(res.raw as Uint8Array).toString(latin1 ? "latin1" : "utf8"), contentType };
}

describe("GET /rss/<file>", () => {
  it.each(feedFiles)("%s re-stamps onto the replay day, shows only items published by now, and stays parseable", async (name) => {
    const total = catalog.feeds().find((f) => f.name === name)!.itemCount;
    const parsed = await rssParser().parseString(feedText(name, noon).text);
    expect(parsed.items.length).toBeGreaterThan(0);
    expect(parsed.items.length).toBeLessThan(total);
    for (const item of parsed.items) {
      const at = new Date(item.isoDate!);
      expect(etDateString(at)).toBe(DAY);
      expect(at.getTime()).toBeLessThanOrEqual(noon.getTime());
    }
    const afterClose = await rssParser().parseString(feedText(name, etDateTime(DAY, "16:30")).text);
    expect(afterClose.items).toHaveLength(total);
  });

  it("serves a valid, empty feed before the first item of the day", async () => {
    const parsed = await rssParser().parseString(feedText("cnbc_top_news_2014-03-13.xml", etDateTime(DAY, "06:00")).text);
    expect(parsed.items).toHaveLength(0);
    expect(parsed.title).toContain("Top News");
  });

  it("tags every headline with a replayed symbol so ticker extraction finds one", async () => {
    const parsed = await rssParser().parseString(feedText("cnbc_top_news_2014-03-13.xml", etDateTime(DAY, "17:00")).text);
    for (const item of parsed.items) expect(mentionedSymbols(item.title!, SYMBOLS).length).toBeGreaterThan(0);
    const tagged = parsed.items.filter((i) => /\(\$(SPY|BAC|IBM|AIG)\)$/.test(i.title!));
    expect(tagged.length).toBeGreaterThan(0);
    // Deterministic: the same item gets the same symbol every time.
    const again = await rssParser().parseString(feedText("cnbc_top_news_2014-03-13.xml", etDateTime(DAY, "17:00")).text);
    expect(again.items.map((i) => i.title)).toEqual(parsed.items.map((i) => i.title));
  });

  it("keeps the ISO-8859-1 feed in its declared encoding, © byte included", async () => {
    const name = "cnnmoney_latest_2014-03-12.rss.xml";
    const res = getFeed(getRequest(`/rss/${name}`, {}, noon, { file: name }), deps);
    expect(res.headers!["content-type"]).toBe("application/rss+xml; charset=ISO-8859-1");
    const bytes = Buffer.from(res.raw as Uint8Array);
    expect(bytes.toString("latin1").startsWith('<?xml version="1.0" encoding="ISO-8859-1"?>')).toBe(true);
    expect(bytes.includes(0xa9)).toBe(true);
    const parsed = await rssParser().parseString(bytes.toString("latin1"));
    expect(parsed.items.length).toBeGreaterThan(0);
  });

  it("re-stamps the channel date to the newest published item", async () => {
    const { text } = feedText("cnnmoney_latest_2014-03-12.rss.xml", noon);
    const channelDate = /<channel>[\s\S]*?<pubDate>([^<]*)<\/pubDate>[\s\S]*?<item>/.exec(text)?.[1];
    const parsed = await rssParser().parseString(text);
    const newest = Math.max(...parsed.items.map((i) => Date.parse(i.isoDate!)));
    expect(Date.parse(channelDate!)).toBe(newest);
    const atom = feedText("sec_edgar_latest_filings_getcurrent_2018-04-24.xml", noon).text;
    const feedUpdated = /<updated>([^<]*)<\/updated>/.exec(atom)?.[1];
    expect(etDateString(new Date(feedUpdated!))).toBe(DAY);
  });

  it("answers 404 for an unknown feed and lists the feeds at /rss", () => {
    expect(getFeed(getRequest("/rss/nope.xml", {}, noon, { file: "nope.xml" }), deps).status).toBe(404);
    const list = listFeeds(getRequest("/rss", {}, noon), deps).body as { feeds: Array<{ name: string; path: string; items: number }> };
    expect(list.feeds.map((f) => f.name)).toEqual(feedFiles);
    expect(list.feeds[0]!.path).toBe(`/rss/${feedFiles[0]}`);
  });
});

interface NewsBody {
  news: Array<{ id: number; headline: string; created_at: string; updated_at: string; symbols: string[]; source: string; url: string; summary: string; author: string; content: string; images: unknown[] }>;
  next_page_token: string | null;
}

function news(query: Record<string, string>, now = noon): NewsBody {
  const res = getNews(getRequest("/v1beta1/news", query, now), deps);
  expect(res.status).toBe(200);
  return res.body as NewsBody;
}

describe("GET /v1beta1/news", () => {
  it("returns the 10 newest articles published by now, newest first, in Alpaca's shape", () => {
    const body = news({});
    expect(body.news).toHaveLength(10);
    const times = body.news.map((n) => Date.parse(n.created_at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(Math.max(...times)).toBeLessThanOrEqual(noon.getTime());
    const first = body.news[0]!;
    expect(Object.keys(first).sort()).toEqual(["author", "content", "created_at", "headline", "id", "images", "source", "summary", "symbols", "updated_at", "url"]);
    expect(first.symbols.length).toBeGreaterThan(0);
    expect(Number.isInteger(first.id)).toBe(true);
  });

  it("pages through every article once and filters by symbol", () => {
    const start = etDateTime(DAY, "00:00").toISOString();
    const seen: number[] = [];
    let token: string | null = null;
    do {
      const body: NewsBody = news(token ? { start, limit: "50", page_token: token } : { start, limit: "50" });
      seen.push(...body.news.map((n) => n.id));
      token = body.next_page_token;
    } while (token !== null);
    expect(new Set(seen).size).toBe(seen.length);
    const published = catalog.articles(noon, DAY).length;
    expect(seen).toHaveLength(published);
    const bac = news({ start, limit: "50", symbols: "BAC" });
    expect(bac.news.length).toBeGreaterThan(0);
    expect(bac.news.every((n) => n.symbols.includes("BAC"))).toBe(true);
  });

  it("sorts ascending on request and honours end", () => {
    const end = etDateTime(DAY, "09:00");
    const body = news({ start: etDateTime(DAY, "00:00").toISOString(), end: end.toISOString(), sort: "asc", limit: "50" });
    const times = body.news.map((n) => Date.parse(n.created_at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.max(...times)).toBeLessThanOrEqual(end.getTime());
  });

  it("repeats the fixtures on each replay day with distinct ids", () => {
    const nextDay = etDateTime("2013-10-08", "12:00");
    const body = news({ start: etDateTime(DAY, "00:00").toISOString(), limit: "50" }, nextDay);
    expect(new Set(body.news.map((n) => etDateString(new Date(n.created_at)))).has("2013-10-08")).toBe(true);
    const all = catalog.articles(nextDay, DAY);
    expect(new Set(all.map((a) => a.id)).size).toBe(all.length);
  });

  it("rejects a limit above 50", () => {
    expect(getNews(getRequest("/v1beta1/news", { limit: "51" }, noon), deps).status).toBe(400);
  });
});

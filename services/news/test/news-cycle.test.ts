import { readFileSync } from "node:fs";
import { ManualClock, type CycleContext, type Db } from "@ops/core";
import { freshPgliteDb } from "@ops/core/testing";
import { companyNameMapFrom, WELL_KNOWN_COMPANY_NAMES } from "@ops/trading";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NewsCycleConfig } from "../src/config.js";
import { createNewsCycle } from "../src/cycle.js";
import { captureLogs } from "./log-capture.js";
import { fixtureFeed, rssFixturePath, startFeedServer, type FeedServer } from "./rss-fixtures.js";

const NOW = new Date("2025-02-03T15:00:00Z");

const baseConfig: Omit<NewsCycleConfig, "OPS_NEWS_FEEDS"> = {
  OPS_NEWS_FETCH_TIMEOUT_MS: 2000,
  OPS_NEWS_MAX_FEED_BYTES: 1_000_000,
  OPS_NEWS_MAX_ITEMS_PER_FEED: 500,
  OPS_NEWS_MAX_SUMMARY_CHARS: 1000,
  OPS_NEWS_FETCH_CONCURRENCY: 3,
  OPS_NEWS_USER_AGENT: "ops-news-test/1",
};

/** The CNNMoney capture (ISO-8859-1) with a raw 0xA9 byte added to one item title. */
function latin1FeedWithCopyrightInTitle(): Buffer {
  const text = readFileSync(rssFixturePath("cnnmoney_latest_2014-03-12.rss.xml")).toString("latin1");
  const marked = text.replace("<title>GM ignition switch issue surfaced in 2001</title>", "<title>GM ignition switch issue surfaced in 2001 \u00a9 CNN</title>");
  expect(marked).not.toBe(text);
  return Buffer.from(marked, "latin1");
}

function context(clock: ManualClock, logger: CycleContext["logger"]): CycleContext {
  return { now: clock.now(), cycleId: "test-cycle", logger, signal: new AbortController().signal };
}

async function count(db: Db, sql: string, params: unknown[] = []): Promise<number> {
  const res = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) q`, params);
  return Number(res.rows[0]?.n);
}

describe("news cycle on PGlite with the shared RSS fixtures served from 127.0.0.1", () => {
  let db: Db;
  let server: FeedServer;
  const clock = new ManualClock(NOW);
  const logs = captureLogs();
  let cycle: (ctx: CycleContext) => Promise<Record<string, number>>;
  let urls: Record<string, string>;

  beforeAll(async () => {
    [db, server] = await Promise.all([
      freshPgliteDb(),
      startFeedServer({
        "/rss/cnbc.xml": fixtureFeed("cnbc_top_news_2014-03-13.xml", '"cnbc-v1"'),
        "/rss/cnnmoney.xml": { body: latin1FeedWithCopyrightInTitle(), contentType: "application/rss+xml; charset=utf-8", etag: '"cnn-v1"', lastModified: "Wed, 12 Mar 2014 21:57:51 GMT" },
        // No validators: the server answers 200 every time, so deduplication alone must hold.
        "/rss/twtr.xml": fixtureFeed("sec_edgar_company_filings_atom_twitter_TWTR.xml"),
        "/rss/broken.xml": { body: Buffer.from("<rss><channel><item><title>cut off"), contentType: "application/rss+xml" },
        "/rss/down.xml": { body: Buffer.from("maintenance"), contentType: "text/plain", status: 500 },
      }),
    ]);
    urls = {
      cnbc: server.url("/rss/cnbc.xml"),
      cnn: server.url("/rss/cnnmoney.xml"),
      twtr: server.url("/rss/twtr.xml"),
      broken: server.url("/rss/broken.xml"),
      down: server.url("/rss/down.xml"),
    };
    await db.query(
      `INSERT INTO universe (symbol, source, updated_by) SELECT s, 'config', 'test' FROM unnest($1::text[]) AS s`,
      [["GM", "TSLA", "PFE", "SBUX", "TGT", "AAPL"]],
    );
    cycle = createNewsCycle({
      db,
      clock,
      logger: logs.logger,
      config: { ...baseConfig, OPS_NEWS_FEEDS: Object.values(urls) },
      companyNames: companyNameMapFrom(WELL_KNOWN_COMPANY_NAMES),
    });
  });

  afterAll(async () => {
    await Promise.all([db?.close(), server?.close()]);
  });

  it("first run: seeds the configured feeds, inserts every item of the good feeds, skips the bad ones", async () => {
    const counts = await cycle(context(clock, logs.logger));
    expect(counts).toMatchObject({ feeds: 5, fetched: 3, not_modified: 0, failed: 2, rejected: 0 });
    // 30 CNBC + 20 CNNMoney + 40 EDGAR entries.
    expect(counts.inserted).toBe(90);
    expect(await count(db, "SELECT 1 FROM news_articles")).toBe(90);
    expect(await count(db, "SELECT 1 FROM news_feeds")).toBe(5);
  });

  it("logs each failing feed with its URL and records the failure on the feed row", async () => {
    const failures = [...logs.events("feed.fetch_failed"), ...logs.events("feed.parse_failed")];
    expect(failures.map((l) => l.feed_url).sort()).toEqual([urls.broken, urls.down].sort());
    const rows = await db.query<{ url: string; last_error: string; consecutive_failures: number; last_success_at: Date | null }>(
      `SELECT url, last_error, consecutive_failures, last_success_at FROM news_feeds WHERE last_error IS NOT NULL ORDER BY url`,
    );
    expect(rows.rows.map((r) => r.url).sort()).toEqual([urls.broken, urls.down].sort());
    expect(rows.rows.find((r) => r.url === urls.down)?.last_error).toBe("HTTP 500 Internal Server Error");
    expect(rows.rows.find((r) => r.url === urls.broken)?.last_error).toMatch(/^unparseable feed/);
    expect(rows.rows.every((r) => r.consecutive_failures === 1 && r.last_success_at === null)).toBe(true);
  });

  it("stores validators, channel titles and the newest publish time of good feeds", async () => {
    const res = await db.query<{ name: string; etag: string | null; last_published_at: Date; last_success_at: Date }>(
      `SELECT name, etag, last_published_at, last_success_at FROM news_feeds WHERE url = $1`,
      [urls.cnbc],
    );
    expect(res.rows[0]).toMatchObject({ name: "Top News & Analysis", etag: '"cnbc-v1"' });
    expect(res.rows[0]?.last_published_at).toEqual(new Date("2014-03-13T03:58:00Z"));
    expect(res.rows[0]?.last_success_at).toEqual(NOW);
  });

  it("decodes the ISO-8859-1 feed: the © in a title arrives intact", async () => {
    const res = await db.query<{ title: string }>(`SELECT title FROM news_articles WHERE title LIKE 'GM ignition switch%'`);
    expect(res.rows.map((r) => r.title)).toEqual(["GM ignition switch issue surfaced in 2001 © CNN"]);
  });

  it("tags tickers of the tradable universe: bare symbols and company names, not ordinary words", async () => {
    const tagged = async (titlePrefix: string): Promise<string[]> => {
      const res = await db.query<{ tickers: string[] }>(`SELECT tickers FROM news_articles WHERE title LIKE $1`, [`${titlePrefix}%`]);
      expect(res.rows).toHaveLength(1);
      return res.rows[0]?.tickers ?? [];
    };
    expect(await tagged("GM: Drivers should")).toEqual(["GM"]);
    expect(await tagged("NJ agrees to ban Tesla")).toEqual(["TSLA"]);
    expect(await tagged("Court voids key Celebrex patent")).toEqual(["PFE"]);
    expect(await tagged("U.S. Attorney investigating General Motors")).toEqual(["GM"]);
    // "Target's move north": Target is also an ordinary word, so the name alone does not tag TGT.
    expect(await tagged("What Nordstrom can learn")).toEqual([]);
  });

  it("stores plain text: entities decoded and HTML stripped from summaries", async () => {
    const res = await db.query<{ summary: string }>(`SELECT summary FROM news_articles WHERE url = 'http://www.cnbc.com/id/101485972'`);
    expect(res.rows[0]?.summary).toBe("The investigation into the disappearance of a Malaysia Airlines plane, has presented some twists and turns. Here's a timeline of the announcements.");
  });

  it("second run inserts nothing: 304 for feeds with an ETag, dedupe keys for the rest", async () => {
    const before = server.requests.length;
    clock.advance(60_000);
    const counts = await cycle(context(clock, logs.logger));
    expect(counts).toMatchObject({ feeds: 5, fetched: 1, not_modified: 2, failed: 2, inserted: 0, duplicates: 40 });
    expect(await count(db, "SELECT 1 FROM news_articles")).toBe(90);
    const conditional = server.requests.slice(before).filter((r) => r.path === "/rss/cnbc.xml" || r.path === "/rss/cnnmoney.xml");
    expect(conditional.map((r) => r.ifNoneMatch).sort()).toEqual(['"cnbc-v1"', '"cnn-v1"']);
    expect(conditional.every((r) => r.ifModifiedSince === "Wed, 12 Mar 2014 21:57:51 GMT")).toBe(true);
    const failing = await db.query<{ consecutive_failures: number }>(`SELECT consecutive_failures FROM news_feeds WHERE url = $1`, [urls.down]);
    expect(failing.rows[0]?.consecutive_failures).toBe(2);
  });

  it("backs off a failing feed: after two failures it waits two minutes, without stopping the others", async () => {
    const before = server.requests.length;
    clock.advance(60_000);
    const counts = await cycle(context(clock, logs.logger));
    expect(counts).toMatchObject({ feeds: 5, polled: 3, backing_off: 2, failed: 0 });
    expect(server.requests.slice(before).map((r) => r.path).sort()).toEqual(["/rss/cnbc.xml", "/rss/cnnmoney.xml", "/rss/twtr.xml"]);
    const failing = await db.query<{ consecutive_failures: number }>(`SELECT consecutive_failures FROM news_feeds WHERE url = $1`, [urls.down]);
    expect(failing.rows[0]?.consecutive_failures).toBe(2);
  });

  it("a recovered feed is read again once its back-off ends, keeps its old articles, and resets its failure count", async () => {
    server.set("/rss/down.xml", fixtureFeed("sec_press_releases_2025-01.rss"));
    clock.advance(60_000);
    const counts = await cycle(context(clock, logs.logger));
    expect(counts).toMatchObject({ backing_off: 0, failed: 1 });
    expect(counts.inserted).toBe(25);
    const res = await db.query<{ consecutive_failures: number; last_error: string | null }>(
      `SELECT consecutive_failures, last_error FROM news_feeds WHERE url = $1`,
      [urls.down],
    );
    expect(res.rows[0]).toEqual({ consecutive_failures: 0, last_error: null });
  });

  it("polls only enabled feeds", async () => {
    await db.query(`UPDATE news_feeds SET enabled = false WHERE url = $1`, [urls.broken]);
    const before = server.requests.length;
    clock.advance(60_000);
    const counts = await cycle(context(clock, logs.logger));
    expect(counts.feeds).toBe(4);
    expect(server.requests.slice(before).some((r) => r.path === "/rss/broken.xml")).toBe(false);
  });
});

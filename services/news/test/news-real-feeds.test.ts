// Acceptance: every real feed capture in shared/data/rss ingested through the news cycle (served from
// 127.0.0.1 without validators, so only deduplication keeps a re-run from inserting), plus malformed
// feeds that must be recorded as failed with their reason while the good ones in the same cycle are stored.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { ManualClock, type CycleContext, type Db } from "@ops/core";
import { freshPgliteDb } from "@ops/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NewsCycleConfig } from "../src/config.js";
import { NEWS_ARTICLES_CHANNEL, createNewsCycle } from "../src/cycle.js";
import { captureLogs } from "./log-capture.js";
import { allRssFixtures, fixtureFeed, rssFixturePath, startFeedServer, type FeedServer } from "./rss-fixtures.js";

const NOW = new Date("2025-02-03T15:00:00Z");
const config: NewsCycleConfig = {
  OPS_NEWS_FEEDS: [],
  OPS_NEWS_FETCH_TIMEOUT_MS: 5_000,
  OPS_NEWS_MAX_FEED_BYTES: 5_000_000,
  OPS_NEWS_MAX_ITEMS_PER_FEED: 500,
  OPS_NEWS_MAX_SUMMARY_CHARS: 1000,
  OPS_NEWS_FETCH_CONCURRENCY: 4,
  OPS_NEWS_USER_AGENT: "ops-news-test/1",
};

/**
 * The publish time of each item, read from the XML with a regular expression (not the feed parser),
 * as the oracle for what the cycle stores: the first pubDate / published / updated / dc:date inside it.
 */
function itemDates(file: string): number[] {
  const text = readFileSync(rssFixturePath(file)).toString("latin1");
  return text.split(/<item\b|<entry\b/).slice(1).map((item) => {
    const m = /<(pubDate|published|updated|dc:date)>([^<]+)</.exec(item);
    if (!m) throw new Error(`${file}: an item without a date`);
    return Date.parse((m[2] as string).trim());
  });
}

const context = (clock: ManualClock, logger: CycleContext["logger"]): CycleContext => ({ now: clock.now(), cycleId: "t", logger, signal: new AbortController().signal });

async function articlesByFeed(db: Db): Promise<Map<string, number[]>> {
  const res = await db.query<{ url: string; published_at: Date }>(
    `SELECT f.url, a.published_at FROM news_articles a JOIN news_feeds f USING (feed_id) ORDER BY a.published_at`,
  );
  const out = new Map<string, number[]>();
  for (const r of res.rows) out.set(r.url, [...(out.get(r.url) ?? []), r.published_at.getTime()]);
  return out;
}

describe("news ingestion of every real feed capture", () => {
  const files = allRssFixtures();
  let db: Db;
  let server: FeedServer;
  const clock = new ManualClock(NOW);
  const logs = captureLogs();
  let cycle: (ctx: CycleContext) => Promise<Record<string, number>>;
  const notifications: string[] = [];

  beforeAll(async () => {
    const served = Object.fromEntries(files.map((f) => [`/rss/${f}`, fixtureFeed(f)]));
    [db, server] = await Promise.all([freshPgliteDb(), startFeedServer(served)]);
    await db.listen(NEWS_ARTICLES_CHANNEL, (payload) => notifications.push(payload));
    cycle = createNewsCycle({ db, clock, logger: logs.logger, config: { ...config, OPS_NEWS_FEEDS: files.map((f) => server.url(`/rss/${f}`)) } });
  });
  afterAll(async () => {
    await Promise.all([db?.close(), server?.close()]);
  });

  it("stores every item of every feed once, with its own publish time in UTC", async () => {
    expect(files).toHaveLength(8);
    const counts = await cycle(context(clock, logs.logger));
    const expected = files.reduce((n, f) => n + itemDates(f).length, 0);
    expect(expected).toBe(300);
    expect(counts).toMatchObject({ feeds: 8, fetched: 8, failed: 0, rejected: 0, inserted: expected, published_estimated: 0 });
    const stored = await articlesByFeed(db);
    for (const f of files) {
      expect(stored.get(server.url(`/rss/${f}`)), f).toEqual(itemDates(f).sort((a, b) => a - b));
    }
  });

  it("notifies the classifier once, after the commit, with the newest article id", async () => {
    await new Promise((r) => setTimeout(r, 20));
    const newest = await db.query<{ id: number }>("SELECT max(article_id)::int AS id FROM news_articles");
    expect(notifications).toEqual([String(newest.rows[0]?.id)]);
  });

  it("re-ingesting the same documents inserts nothing and notifies no one", async () => {
    clock.advance(60_000);
    const counts = await cycle(context(clock, logs.logger));
    expect(counts).toMatchObject({ fetched: 8, inserted: 0, duplicates: 300 });
    const total = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM news_articles");
    expect(total.rows[0]?.n).toBe(300);
    await new Promise((r) => setTimeout(r, 20));
    expect(notifications).toHaveLength(1);
  });
});

/** The CNBC capture rewritten: guids removed, links given tracking noise, pubDate dropped from some items. */
function cnbcVariant(options: { tracking: boolean; undated: number }): Buffer {
  let text = readFileSync(rssFixturePath("cnbc_top_news_2014-03-13.xml"), "utf8").replace(/<guid[^>]*>[^<]*<\/guid>/g, "");
  if (options.tracking) text = text.replace(/<link>([^<]+)<\/link>/g, (_, link: string) => `<link>${link}?utm_source=rss&amp;utm_medium=feed#top</link>`);
  let dropped = 0;
  text = text.replace(/<item>([\s\S]*?)<\/item>/g, (whole, body: string) => (dropped++ < options.undated ? `<item>${body.replace(/<pubDate>[^<]*<\/pubDate>/, "")}</item>` : whole));
  return Buffer.from(text, "utf8");
}

describe("news deduplication across feeds and undated items", () => {
  let db: Db;
  let server: FeedServer;
  const logs = captureLogs();

  beforeAll(async () => {
    [db, server] = await Promise.all([
      freshPgliteDb(),
      startFeedServer({
        "/a.xml": { body: cnbcVariant({ tracking: false, undated: 3 }), contentType: "application/rss+xml" },
        "/b.xml": { body: cnbcVariant({ tracking: true, undated: 0 }), contentType: "application/rss+xml" },
        "/c.xml": fixtureFeed("cnbc_top_news_2014-03-13.xml"),
        "/d.xml": fixtureFeed("cnbc_top_news_2014-03-13.xml"),
      }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([db?.close(), server?.close()]);
  });

  it("stores a story carried by two feeds once (same guid, or same link up to tracking parameters)", async () => {
    const feeds = ["/a.xml", "/b.xml", "/c.xml", "/d.xml"].map((p) => server.url(p));
    const cycle = createNewsCycle({ db, clock: new ManualClock(NOW), logger: logs.logger, config: { ...config, OPS_NEWS_FEEDS: feeds } });
    const counts = await cycle(context(new ManualClock(NOW), logs.logger));
    // a and b share canonical links (b adds utm_* and a fragment), c and d share guids: 30 + 30 stored.
    expect(counts).toMatchObject({ items: 120, inserted: 60, duplicates: 60 });
    const perFeed = await db.query<{ url: string; n: number }>(
      `SELECT f.url, count(a.article_id)::int AS n FROM news_feeds f LEFT JOIN news_articles a USING (feed_id) GROUP BY f.url ORDER BY f.url`,
    );
    expect(perFeed.rows.map((r) => [r.url, r.n])).toEqual([[feeds[0], 30], [feeds[1], 0], [feeds[2], 30], [feeds[3], 0]]);
  });

  it("counts a's undated items as estimated, but stores them with the real time b carries for the same links", async () => {
    expect(logs.events("feed.polled").find((l) => l.feed_url === server.url("/a.xml"))).toMatchObject({ published_estimated: 3 });
    const res = await db.query<{ estimated: number; at_fetch_time: number }>(
      `SELECT count(*) FILTER (WHERE a.published_at_estimated)::int AS estimated, count(*) FILTER (WHERE a.published_at = $2)::int AS at_fetch_time
       FROM news_articles a JOIN news_feeds f USING (feed_id) WHERE f.url = $1`,
      [server.url("/a.xml"), NOW],
    );
    expect(res.rows[0]).toEqual({ estimated: 0, at_fetch_time: 0 });
  });
});

describe("news with malformed feeds in the same cycle as good ones", () => {
  let db: Db;
  let server: FeedServer;
  const logs = captureLogs();
  const tenMegabytes = Buffer.alloc(10 * 1024 * 1024, "<item><title>x</title></item>");
  const cnbcBytes = readFileSync(rssFixturePath("cnbc_top_news_2014-03-13.xml"));
  const utf16Declared = `<?xml version="1.0" encoding="UTF-16"?><rss><channel><title>t</title></channel></rss>`;
  const broken: Record<string, { feed: Parameters<FeedServer["set"]>[1]; reason: RegExp }> = {
    "/truncated.xml": { feed: { body: cnbcBytes.subarray(0, 4000), contentType: "application/rss+xml" }, reason: /^unparseable feed .*: / },
    "/error-page.xml": {
      feed: { body: Buffer.from("<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"), contentType: "text/html" },
      reason: /^unparseable feed/,
    },
    "/huge.xml": { feed: { body: tenMegabytes, contentType: "application/rss+xml" }, reason: /body of 10485760 bytes exceeds 5000000/ },
    "/huge-chunked.xml": { feed: { body: tenMegabytes, contentType: "application/rss+xml", chunked: true }, reason: /body exceeds 5000000 bytes/ },
    // UTF-8 bytes under a UTF-16 declaration: read as UTF-16 they are not XML at all.
    "/wrong-encoding.xml": {
      feed: { body: Buffer.from(`${utf16Declared}${" ".repeat(utf16Declared.length % 2)}`, "utf8"), contentType: "application/rss+xml" },
      reason: /^unparseable feed \(read as utf-16le from xml-declaration\)/,
    },
    "/gzip-undeclared.xml": { feed: { body: gzipSync(cnbcBytes), contentType: "application/rss+xml" }, reason: /^unparseable feed/ },
  };

  beforeAll(async () => {
    [db, server] = await Promise.all([
      freshPgliteDb(),
      startFeedServer({ ...Object.fromEntries(Object.entries(broken).map(([p, b]) => [p, b.feed])), "/good.xml": fixtureFeed("sec_testimony.rss") }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([db?.close(), server?.close()]);
  });

  it("records each as a failed fetch with its reason and stores the good feed", async () => {
    const paths = [...Object.keys(broken), "/good.xml"];
    const cycle = createNewsCycle({ db, clock: new ManualClock(NOW), logger: logs.logger, config: { ...config, OPS_NEWS_FEEDS: paths.map((p) => server.url(p)) } });
    const counts = await cycle(context(new ManualClock(NOW), logs.logger));
    expect(counts).toMatchObject({ feeds: 7, fetched: 1, failed: 6, inserted: 25 });
    const rows = await db.query<{ url: string; last_error: string | null; consecutive_failures: number; last_success_at: Date | null }>(
      "SELECT url, last_error, consecutive_failures, last_success_at FROM news_feeds",
    );
    for (const [p, { reason }] of Object.entries(broken)) {
      const row = rows.rows.find((r) => r.url === server.url(p));
      expect(row?.last_error, p).toMatch(reason);
      expect(row, p).toMatchObject({ consecutive_failures: 1, last_success_at: null });
    }
    expect(rows.rows.find((r) => r.url === server.url("/good.xml"))).toMatchObject({ last_error: null, consecutive_failures: 0, last_success_at: NOW });
    const logged = [...logs.events("feed.fetch_failed"), ...logs.events("feed.parse_failed")];
    expect(logged.map((l) => l.feed_url).sort()).toEqual(Object.keys(broken).map((p) => server.url(p)).sort());
    expect(logged.every((l) => l.level === "warn" && l.consecutive_failures === 1 && typeof l.next_attempt_at === "string")).toBe(true);
  });
});

// Issue 5: news_articles.published_at_estimated (migration 0011). An item without a usable publish time
// is stored at the fetch time and flagged; a later sighting with a real time corrects it; an estimate
// never replaces a real time. Run on PGlite and, where TEST_DATABASE_URL is set, on real PostgreSQL
// (node-pg serialises the boolean[] and timestamptz[] parameters differently from PGlite).
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultMigrationsDir, ManualClock, readMigrationFiles, runMigrations, type CycleContext, type Db } from "@ops/core";
import { describeWithPostgres, freshPgliteDb, freshPostgresDb } from "@ops/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NewsCycleConfig } from "../src/config.js";
import { createNewsCycle } from "../src/cycle.js";
import { captureLogs } from "./log-capture.js";
import { startFeedServer, type FeedServer, type ServedFeed } from "./rss-fixtures.js";

const NOW = new Date("2025-02-03T15:00:00Z");
const REAL_TIME_A = new Date("2025-02-03T14:10:00Z");
const REAL_TIME_B = new Date("2025-02-03T13:30:00Z");
const REAL_TIME_C = new Date("2025-02-03T12:45:00Z");

const config: NewsCycleConfig = {
  OPS_NEWS_FEEDS: [],
  OPS_NEWS_FETCH_TIMEOUT_MS: 5_000,
  OPS_NEWS_MAX_FEED_BYTES: 1_000_000,
  OPS_NEWS_MAX_ITEMS_PER_FEED: 500,
  OPS_NEWS_MAX_SUMMARY_CHARS: 1000,
  OPS_NEWS_FETCH_CONCURRENCY: 2,
  OPS_NEWS_USER_AGENT: "ops-news-test/1",
};

interface Item {
  guid: string;
  title: string;
  published?: Date;
}

/** An RSS 2.0 document; an item without `published` has no pubDate at all. */
function rss(items: readonly Item[]): ServedFeed {
  const body = items
    .map((i) => `<item><title>${i.title}</title><guid isPermaLink="false">${i.guid}</guid>${i.published ? `<pubDate>${i.published.toUTCString()}</pubDate>` : ""}</item>`)
    .join("");
  return { body: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>${body}</channel></rss>`), contentType: "application/rss+xml" };
}

interface StoredArticle {
  published_at: Date;
  published_at_estimated: boolean;
  fetched_at: Date;
  feed_url: string;
}

async function stored(db: Db, guid: string): Promise<StoredArticle[]> {
  const res = await db.query<StoredArticle>(
    `SELECT a.published_at, a.published_at_estimated, a.fetched_at, f.url AS feed_url
     FROM news_articles a JOIN news_feeds f USING (feed_id) WHERE a.guid = $1`,
    [guid],
  );
  return res.rows;
}

function publishedEstimatedSuite(openDb: () => Promise<{ db: Db; close(): Promise<void> }>): void {
  let handle: { db: Db; close(): Promise<void> };
  let server: FeedServer;
  const clock = new ManualClock(NOW);
  const logs = captureLogs();
  let cycle: (ctx: CycleContext) => Promise<Record<string, number>>;
  const run = (): Promise<Record<string, number>> => cycle({ now: clock.now(), cycleId: "t", logger: logs.logger, signal: new AbortController().signal });

  beforeAll(async () => {
    [handle, server] = await Promise.all([
      openDb(),
      startFeedServer({
        "/main.xml": rss([
          { guid: "a", title: "Undated first, dated later" },
          { guid: "b", title: "Dated first, undated later", published: REAL_TIME_B },
        ]),
        // Feed ids follow OPS_NEWS_FEEDS order: first.xml owns a story both carry.
        "/first.xml": rss([{ guid: "c", title: "Syndicated, undated here" }]),
        "/second.xml": rss([{ guid: "c", title: "Syndicated, dated here", published: REAL_TIME_C }]),
      }),
    ]);
    cycle = createNewsCycle({
      db: handle.db,
      clock,
      logger: logs.logger,
      config: { ...config, OPS_NEWS_FEEDS: ["/main.xml", "/first.xml", "/second.xml"].map((p) => server.url(p)) },
    });
  });
  afterAll(async () => {
    await Promise.all([handle?.close(), server?.close()]);
  });

  it("stores an item without a publish time at the fetch time, flagged; a dated item unflagged", async () => {
    const counts = await run();
    expect(counts).toMatchObject({ inserted: 3, published_estimated: 1, published_corrected: 0 });
    expect(await stored(handle.db, "a")).toEqual([expect.objectContaining({ published_at: NOW, published_at_estimated: true, fetched_at: NOW })]);
    expect(await stored(handle.db, "b")).toEqual([expect.objectContaining({ published_at: REAL_TIME_B, published_at_estimated: false })]);
  });

  it("in one cycle, a story undated in one feed and dated in another is stored once with the real time", async () => {
    expect(await stored(handle.db, "c")).toEqual([
      expect.objectContaining({ published_at: REAL_TIME_C, published_at_estimated: false, feed_url: server.url("/first.xml") }),
    ]);
  });

  it("a later sighting with a real time replaces the estimate and clears the flag", async () => {
    server.set("/main.xml", rss([
      { guid: "a", title: "Undated first, dated later", published: REAL_TIME_A },
      { guid: "b", title: "Dated first, undated later", published: REAL_TIME_B },
    ]));
    clock.advance(60_000);
    const counts = await run();
    expect(counts).toMatchObject({ inserted: 0, published_corrected: 1 });
    expect(await stored(handle.db, "a")).toEqual([expect.objectContaining({ published_at: REAL_TIME_A, published_at_estimated: false, fetched_at: NOW })]);
    expect(logs.events("articles.published_corrected")).toEqual([expect.objectContaining({ corrected: 1 })]);
  });

  it("never replaces a real time with an estimate, nor with a different real time", async () => {
    server.set("/main.xml", rss([
      { guid: "a", title: "Undated first, dated later" },
      { guid: "b", title: "Dated first, undated later", published: new Date(REAL_TIME_B.getTime() + 600_000) },
    ]));
    server.set("/first.xml", rss([{ guid: "c", title: "Syndicated, undated here" }]));
    server.set("/second.xml", rss([]));
    clock.advance(60_000);
    const counts = await run();
    expect(counts).toMatchObject({ inserted: 0, published_estimated: 0, published_corrected: 0 });
    expect(await stored(handle.db, "a")).toEqual([expect.objectContaining({ published_at: REAL_TIME_A, published_at_estimated: false })]);
    expect(await stored(handle.db, "b")).toEqual([expect.objectContaining({ published_at: REAL_TIME_B, published_at_estimated: false })]);
    expect(await stored(handle.db, "c")).toEqual([expect.objectContaining({ published_at: REAL_TIME_C, published_at_estimated: false })]);
  });
}

describe("published_at_estimated on PGlite", () => {
  publishedEstimatedSuite(async () => {
    const db = await freshPgliteDb();
    return { db, close: () => db.close() };
  });
});

describeWithPostgres("published_at_estimated on PostgreSQL", (url) => {
  publishedEstimatedSuite(async () => {
    const fresh = await freshPostgresDb(url);
    return { db: fresh.db, close: () => fresh.cleanup() };
  });
});

describe("migration 0011 on a database that already holds articles", () => {
  it("adds the column as false to existing rows: whether their time was estimated is unknown", async () => {
    const migrations = readMigrationFiles();
    const before = mkdtempSync(join(tmpdir(), "ops-news-0010-"));
    for (const m of migrations.filter((f) => f.version < "0011")) cpSync(join(defaultMigrationsDir(), m.file), join(before, m.file));
    const db = await freshPgliteDb({ migrationsDir: before });
    try {
      await db.query(`INSERT INTO news_articles (dedupe_key, title, published_at) VALUES ('pre-0011', 'Old story', $1)`, [NOW]);
      const result = await runMigrations(db);
      expect(result.applied).toEqual(migrations.filter((f) => f.version >= "0011").map((f) => f.version));
      const row = await db.query<{ published_at_estimated: boolean }>(`SELECT published_at_estimated FROM news_articles WHERE dedupe_key = 'pre-0011'`);
      expect(row.rows).toEqual([{ published_at_estimated: false }]);
    } finally {
      await db.close();
    }
  });
});

import type { Clock, CycleContext, Db, Logger } from "@ops/core";
import { buildArticleRows, type ArticleRow } from "./build-article-rows.js";
import type { NewsCycleConfig } from "./config.js";
import { decodeFeedBytes } from "./decode-feed-bytes.js";
import { fetchFeed, type FetchFn } from "./fetch-feed.js";
import { parseFeedXml } from "./parse-feed.js";
import { insertArticles, seedFeeds, selectEnabledFeeds, selectTradableSymbols, updateFeedStates, type FeedRow, type FeedStateUpdate } from "./queries.js";
import { redactUrl } from "./redact-url.js";
import { mapLimited } from "./run-limited.js";

export interface NewsDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  config: NewsCycleConfig;
  /** Company name → ticker (see @ops/trading buildCompanyNameMap); cashtags and bare symbols work without it. */
  companyNames?: ReadonlyMap<string, string>;
  /** Injected for tests; the global fetch otherwise. */
  fetch?: FetchFn;
}

const MAX_ERROR_CHARS = 500;
const MAX_FEED_NAME_CHARS = 200;

interface PolledFeed {
  feed: FeedRow;
  update: FeedStateUpdate;
  rows: ArticleRow[];
  rejected: number;
}

/** Seed name for a configured URL until the first fetch supplies the channel title. */
function provisionalName(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`.slice(0, MAX_FEED_NAME_CHARS);
  } catch {
    return url.slice(0, MAX_FEED_NAME_CHARS);
  }
}

function failed(feed: FeedRow, error: string): FeedStateUpdate {
  return { feedId: feed.feedId, outcome: "failed", name: null, etag: null, lastModified: null, maxPublishedAt: null, error: error.slice(0, MAX_ERROR_CHARS) };
}

/**
 * One news pass: poll every enabled feed with a conditional GET, parse, normalise, tag tickers against
 * the tradable universe, then insert new articles (deduplicated on dedupe_key) and record every
 * feed's state in one transaction. A failing feed is logged with its URL and skipped.
 */
export function createNewsCycle(deps: NewsDeps): (ctx: CycleContext) => Promise<Record<string, number>> {
  const fetchFn: FetchFn = deps.fetch ?? ((input, init) => fetch(input, init));
  const configured = deps.config.OPS_NEWS_FEEDS.map((url) => ({ url, name: provisionalName(url) }));
  let seeded = false;

  return async (ctx) => {
    const now = ctx.now;
    const log = ctx.logger;
    if (!seeded) {
      await seedFeeds(deps.db, configured, now);
      seeded = true;
    }
    const [feeds, symbols] = await Promise.all([selectEnabledFeeds(deps.db), selectTradableSymbols(deps.db)]);
    const universe = new Set(symbols);

    const polled = await mapLimited(feeds, deps.config.OPS_NEWS_FETCH_CONCURRENCY, async (feed): Promise<PolledFeed> => {
      const outcome = await fetchFeed(feed, {
        fetch: fetchFn,
        timeoutMs: deps.config.OPS_NEWS_FETCH_TIMEOUT_MS,
        maxBytes: deps.config.OPS_NEWS_MAX_FEED_BYTES,
        userAgent: deps.config.OPS_NEWS_USER_AGENT,
        signal: ctx.signal,
      });
      const feedUrl = redactUrl(feed.url);
      if (outcome.kind === "not_modified") {
        return { feed, rows: [], rejected: 0, update: { feedId: feed.feedId, outcome: "not_modified", name: null, etag: null, lastModified: null, maxPublishedAt: null, error: null } };
      }
      if (outcome.kind === "failed") {
        log.warn({ event: "feed.fetch_failed", feed_id: feed.feedId, feed_url: feedUrl, status: outcome.status, error: outcome.error }, "feed fetch failed; skipped");
        return { feed, rows: [], rejected: 0, update: failed(feed, outcome.error) };
      }
      const decoded = decodeFeedBytes(outcome.bytes, outcome.contentType);
      let parsed;
      try {
        parsed = await parseFeedXml(decoded.text);
      } catch (error) {
        const message = `unparseable feed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
        log.warn({ event: "feed.parse_failed", feed_id: feed.feedId, feed_url: feedUrl, encoding: decoded.encoding, error: message }, "feed could not be parsed; skipped");
        return { feed, rows: [], rejected: 0, update: failed(feed, message) };
      }
      const built = buildArticleRows({
        feedId: feed.feedId,
        items: parsed.items,
        universe,
        companyNames: deps.companyNames,
        now,
        maxItems: deps.config.OPS_NEWS_MAX_ITEMS_PER_FEED,
        maxSummaryChars: deps.config.OPS_NEWS_MAX_SUMMARY_CHARS,
      });
      const rejected = Object.values(built.rejected).reduce((sum, n) => sum + (n ?? 0), 0);
      if (rejected > 0) {
        log.warn({ event: "feed.items_rejected", feed_id: feed.feedId, feed_url: feedUrl, rejected: built.rejected }, "feed items rejected");
      }
      const maxPublishedAt = built.rows.reduce<Date | null>((max, r) => (r.publishedAt && (!max || r.publishedAt > max) ? r.publishedAt : max), null);
      return {
        feed,
        rows: built.rows,
        rejected,
        update: {
          feedId: feed.feedId,
          outcome: "fetched",
          name: parsed.title ? parsed.title.slice(0, MAX_FEED_NAME_CHARS) : null,
          etag: outcome.etag,
          lastModified: outcome.lastModified,
          maxPublishedAt,
          error: null,
        },
      };
    });

    // Feeds can share items (syndication): the first feed in feed_id order keeps a shared key.
    const seen = new Set<string>();
    const rows = polled.flatMap((p) => p.rows).filter((r) => (seen.has(r.dedupeKey) ? false : (seen.add(r.dedupeKey), true)));
    const insertedFeedIds = await deps.db.transaction(async (tx) => {
      const inserted = await insertArticles(tx, rows, now);
      await updateFeedStates(tx, polled.map((p) => p.update), now);
      return inserted;
    });

    const insertedByFeed = new Map<number, number>();
    for (const id of insertedFeedIds) insertedByFeed.set(id, (insertedByFeed.get(id) ?? 0) + 1);
    for (const p of polled) {
      if (p.update.outcome !== "fetched") continue;
      log.info(
        { event: "feed.polled", feed_id: p.feed.feedId, feed_url: redactUrl(p.feed.url), items: p.rows.length, inserted: insertedByFeed.get(p.feed.feedId) ?? 0, rejected: p.rejected },
        "feed polled",
      );
    }
    const count = (outcome: FeedStateUpdate["outcome"]): number => polled.filter((p) => p.update.outcome === outcome).length;
    const itemCount = polled.reduce((sum, p) => sum + p.rows.length, 0);
    return {
      feeds: feeds.length,
      fetched: count("fetched"),
      not_modified: count("not_modified"),
      failed: count("failed"),
      items: itemCount,
      rejected: polled.reduce((sum, p) => sum + p.rejected, 0),
      inserted: insertedFeedIds.length,
      duplicates: itemCount - insertedFeedIds.length,
    };
  };
}

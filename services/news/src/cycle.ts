import type { Clock, CycleContext, Db, Logger } from "@ops/core";
import { buildArticleRows, mergeSightings, type ArticleRow } from "./build-article-rows.js";
import { NEWS_DEFAULTS } from "./config.js";
import type { NewsCycleConfig } from "./config.js";
import { decodeFeedBytes } from "./decode-feed-bytes.js";
import { feedRetryAt, isFeedDue } from "./feed-backoff.js";
import { fetchFeed, type FetchFn } from "./fetch-feed.js";
import { parseFeedXml } from "./parse-feed.js";
import { correctEstimatedPublishTimes, insertArticles, seedFeeds, selectEnabledFeeds, selectTradableSymbols, updateFeedStates, type FeedRow, type FeedStateUpdate } from "./queries.js";
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

/** NOTIFY channel after new articles are committed (payload: the newest article_id); the classifier listens. */
export const NEWS_ARTICLES_CHANNEL = "news_articles_inserted";

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
 * One news pass: poll every enabled feed that is not backing off with a conditional GET, parse,
 * normalise, tag tickers against the tradable universe, then insert new articles (deduplicated on
 * dedupe_key, across feeds too) and record every feed's state in one transaction, and NOTIFY the
 * classifier. A failing feed is logged with its URL and reason, counted on its row and skipped.
 */
export function createNewsCycle(deps: NewsDeps): (ctx: CycleContext) => Promise<Record<string, number>> {
  const fetchFn: FetchFn = deps.fetch ?? ((input, init) => fetch(input, init));
  const configured = deps.config.OPS_NEWS_FEEDS.map((url) => ({ url, name: provisionalName(url) }));
  const backoffBaseMs = (deps.config.OPS_NEWS_BACKOFF_BASE_S ?? NEWS_DEFAULTS.OPS_NEWS_BACKOFF_BASE_S) * 1000;
  const backoffMaxMs = (deps.config.OPS_NEWS_BACKOFF_MAX_S ?? NEWS_DEFAULTS.OPS_NEWS_BACKOFF_MAX_S) * 1000;
  let seeded = false;

  return async (ctx) => {
    const now = ctx.now;
    const log = ctx.logger;
    if (!seeded) {
      await seedFeeds(deps.db, configured, now);
      seeded = true;
    }
    const [enabled, symbols] = await Promise.all([selectEnabledFeeds(deps.db), selectTradableSymbols(deps.db)]);
    const universe = new Set(symbols);
    const feeds = enabled.filter((f) => isFeedDue(f.consecutiveFailures, f.lastPolledAt, now, backoffBaseMs, backoffMaxMs));
    for (const f of enabled) {
      if (feeds.includes(f)) continue;
      log.debug(
        { event: "feed.backing_off", feed_id: f.feedId, feed_url: redactUrl(f.url), consecutive_failures: f.consecutiveFailures,
          next_attempt_at: feedRetryAt(f.consecutiveFailures, f.lastPolledAt, backoffBaseMs, backoffMaxMs)?.toISOString() },
        "feed is backing off after failures; not polled this cycle",
      );
    }

    const polled = await mapLimited(feeds, deps.config.OPS_NEWS_FETCH_CONCURRENCY, async (feed): Promise<PolledFeed> => {
      const outcome = await fetchFeed(feed, {
        fetch: fetchFn,
        timeoutMs: deps.config.OPS_NEWS_FETCH_TIMEOUT_MS,
        maxBytes: deps.config.OPS_NEWS_MAX_FEED_BYTES,
        userAgent: deps.config.OPS_NEWS_USER_AGENT,
        signal: ctx.signal,
      });
      const feedUrl = redactUrl(feed.url);
      const failures = feed.consecutiveFailures + 1;
      const nextAttempt = (): string | undefined => feedRetryAt(failures, now, backoffBaseMs, backoffMaxMs)?.toISOString();
      if (outcome.kind === "not_modified") {
        return { feed, rows: [], rejected: 0, update: { feedId: feed.feedId, outcome: "not_modified", name: null, etag: null, lastModified: null, maxPublishedAt: null, error: null } };
      }
      if (outcome.kind === "failed") {
        log.warn({ event: "feed.fetch_failed", feed_id: feed.feedId, feed_url: feedUrl, status: outcome.status, error: outcome.error, consecutive_failures: failures, next_attempt_at: nextAttempt() },
          "feed fetch failed; skipped");
        return { feed, rows: [], rejected: 0, update: failed(feed, outcome.error) };
      }
      const decoded = decodeFeedBytes(outcome.bytes, outcome.contentType);
      let parsed;
      try {
        parsed = await parseFeedXml(decoded.text);
      } catch (error) {
        const reason = error instanceof Error ? (error.message.split("\n")[0] ?? error.message) : String(error);
        const message = `unparseable feed (read as ${decoded.encoding} from ${decoded.source}): ${reason}`;
        log.warn({ event: "feed.parse_failed", feed_id: feed.feedId, feed_url: feedUrl, encoding: decoded.encoding, error: message, consecutive_failures: failures, next_attempt_at: nextAttempt() },
          "feed could not be parsed; skipped");
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
      const maxPublishedAt = built.rows.reduce<Date | null>((max, r) => (!r.publishedEstimated && (!max || r.publishedAt > max) ? r.publishedAt : max), null);
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

    // Feeds can share items (syndication): the first feed in feed_id order keeps a shared key, and
    // takes a real publish time from another feed when its own was estimated.
    const rows = mergeSightings(polled.flatMap((p) => p.rows));
    const { inserted, corrected } = await deps.db.transaction(async (tx) => {
      const corrected = await correctEstimatedPublishTimes(tx, rows);
      const written = await insertArticles(tx, rows, now);
      await updateFeedStates(tx, polled.map((p) => p.update), now);
      return { inserted: written, corrected };
    });
    if (corrected > 0) {
      log.info({ event: "articles.published_corrected", corrected }, "estimated publish times replaced by real ones from a later sighting");
    }
    if (inserted.length > 0) {
      await deps.db.notify(NEWS_ARTICLES_CHANNEL, String(Math.max(...inserted.map((a) => a.articleId))));
    }

    const insertedKeys = new Set(inserted.map((a) => a.dedupeKey));
    const insertedByFeed = new Map<number, number>();
    for (const a of inserted) insertedByFeed.set(a.feedId, (insertedByFeed.get(a.feedId) ?? 0) + 1);
    for (const p of polled) {
      if (p.update.outcome !== "fetched") continue;
      log.info(
        {
          event: "feed.polled", feed_id: p.feed.feedId, feed_url: redactUrl(p.feed.url), items: p.rows.length, inserted: insertedByFeed.get(p.feed.feedId) ?? 0,
          rejected: p.rejected, published_estimated: p.rows.filter((r) => r.publishedEstimated).length,
        },
        "feed polled",
      );
    }
    const count = (outcome: FeedStateUpdate["outcome"]): number => polled.filter((p) => p.update.outcome === outcome).length;
    const itemCount = polled.reduce((sum, p) => sum + p.rows.length, 0);
    return {
      feeds: enabled.length,
      polled: feeds.length,
      backing_off: enabled.length - feeds.length,
      fetched: count("fetched"),
      not_modified: count("not_modified"),
      failed: count("failed"),
      items: itemCount,
      rejected: polled.reduce((sum, p) => sum + p.rejected, 0),
      inserted: inserted.length,
      duplicates: itemCount - inserted.length,
      published_estimated: rows.filter((r) => r.publishedEstimated && insertedKeys.has(r.dedupeKey)).length,
      published_corrected: corrected,
    };
  };
}

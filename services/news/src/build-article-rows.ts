import { createHash } from "node:crypto";
import { articleIdentity, extractArticleTickers, normalizeFeedItem, type FeedItemRejection } from "@ops/trading";

export interface ArticleRow {
  dedupeKey: string;
  feedId: number;
  url: string | null;
  guid: string | null;
  title: string;
  summary: string | null;
  /** The item's own publish time in UTC, or the fetch time when it had none (then publishedEstimated). */
  publishedAt: Date;
  /** True when the item carried no readable publish time and publishedAt is when it was fetched. */
  publishedEstimated: boolean;
  tickers: string[];
}

export interface BuildArticleRowsInput {
  feedId: number;
  items: readonly unknown[];
  universe: ReadonlySet<string>;
  companyNames?: ReadonlyMap<string, string>;
  now: Date;
  maxItems: number;
  maxSummaryChars: number;
}

export interface BuiltArticles {
  rows: ArticleRow[];
  rejected: Partial<Record<FeedItemRejection | "over_limit", number>>;
}

/** sha256 hex of the article identity (seed §3.2): the unique dedupe key of news_articles. */
export function dedupeKey(identity: string): string {
  return createHash("sha256").update(identity, "utf8").digest("hex");
}

/**
 * One row per dedupe key, in first-seen order. The first sighting keeps its feed and text (the first
 * feed in feed_id order owns a syndicated story), but an estimated time gives way to a real one
 * carried by a later sighting: the real time is what recency windows should see.
 */
export function mergeSightings(rows: readonly ArticleRow[]): ArticleRow[] {
  const merged: ArticleRow[] = [];
  const indexByKey = new Map<string, number>();
  for (const row of rows) {
    const index = indexByKey.get(row.dedupeKey);
    if (index === undefined) {
      indexByKey.set(row.dedupeKey, merged.length);
      merged.push(row);
      continue;
    }
    const kept = merged[index] as ArticleRow;
    if (kept.publishedEstimated && !row.publishedEstimated) {
      merged[index] = { ...kept, publishedAt: row.publishedAt, publishedEstimated: false };
    }
  }
  return merged;
}

/**
 * Parsed feed items → rows for news_articles: normalised, tagged, keyed; bad items counted by reason.
 * An item without a readable (or with a future) publish time is stamped with `now`, the fetch time,
 * and flagged, so recency windows still see it once instead of never.
 */
export function buildArticleRows(input: BuildArticleRowsInput): BuiltArticles {
  const rows: ArticleRow[] = [];
  const rejected: BuiltArticles["rejected"] = {};
  input.items.forEach((raw, index) => {
    if (index >= input.maxItems) {
      rejected.over_limit = (rejected.over_limit ?? 0) + 1;
      return;
    }
    const result = normalizeFeedItem(raw, { now: input.now, maxSummaryChars: input.maxSummaryChars });
    if (!result.ok) {
      rejected[result.reason] = (rejected[result.reason] ?? 0) + 1;
      return;
    }
    const item = result.item;
    // The identity uses the item's own (possibly missing) time: a fetch time would change every poll.
    const key = dedupeKey(articleIdentity(item));
    const tickers = extractArticleTickers(item.title, item.summary, {
      universe: input.universe,
      companyNames: input.companyNames,
    });
    rows.push({
      dedupeKey: key,
      feedId: input.feedId,
      url: item.link,
      guid: item.guid,
      title: item.title,
      summary: item.summary,
      publishedAt: item.publishedAt ?? input.now,
      publishedEstimated: item.publishedAt === null,
      tickers,
    });
  });
  // The same item twice in one document (it happens) would otherwise be two rows for one key.
  return { rows: mergeSightings(rows), rejected };
}

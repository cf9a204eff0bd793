import { createHash } from "node:crypto";
import { articleIdentity, extractTickers, normalizeFeedItem, type FeedItemRejection } from "@ops/trading";

export interface ArticleRow {
  dedupeKey: string;
  feedId: number;
  url: string | null;
  guid: string | null;
  title: string;
  summary: string | null;
  publishedAt: Date | null;
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

/** Parsed feed items → rows for news_articles: normalised, tagged, keyed; bad items counted by reason. */
export function buildArticleRows(input: BuildArticleRowsInput): BuiltArticles {
  const rows: ArticleRow[] = [];
  const rejected: BuiltArticles["rejected"] = {};
  const seen = new Set<string>();
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
    const key = dedupeKey(articleIdentity(item));
    // The same item twice in one document (it happens) would otherwise be two rows for one key.
    if (seen.has(key)) return;
    seen.add(key);
    const tickers = extractTickers(item.summary ? `${item.title} ${item.summary}` : item.title, {
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
      publishedAt: item.publishedAt,
      tickers,
    });
  });
  return { rows, rejected };
}

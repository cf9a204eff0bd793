// Is data being collected: newest bar and features row per traded symbol, the news and classification
// backlog, and which sentiment model is classifying. Ages are measured from the market clock (asOf).
import type { Queryable } from "@ops/core";
import { ageS, date, int, iso, str } from "../shared/row-values.js";
import type { ClassifierMode, DataStatus } from "./status-report.js";

export interface FreshnessOptions {
  readonly asOf: Date;
  /** Bars and features can only be stale while the market is open. */
  readonly marketOpen: boolean;
  readonly barStaleAfterS: number;
  readonly featuresStaleAfterS: number;
  readonly newsBacklogAfterS: number;
}

export async function readDataFreshness(db: Queryable, o: FreshnessOptions): Promise<DataStatus> {
  const since = new Date(o.asOf.getTime() - 86_400_000).toISOString();
  const { rows } = await db.query(
    `WITH symbols AS (
       SELECT symbol FROM tradable_universe
       UNION SELECT DISTINCT symbol FROM bars WHERE ts > $1::timestamptz AND ts <= $2::timestamptz
     )
     SELECT s.symbol,
            (SELECT max(b.ts) FROM bars b WHERE b.symbol = s.symbol AND b.ts <= $2::timestamptz) AS bar_at,
            (SELECT max(f.ts) FROM features f WHERE f.symbol = s.symbol AND f.ts <= $2::timestamptz + interval '2 minutes') AS features_at
     FROM symbols s ORDER BY s.symbol`,
    [since, o.asOf.toISOString()],
  );
  const age = (value: unknown, staleAfterS: number) => {
    const at = date(value);
    const a = ageS(at, o.asOf);
    return { newestAt: at?.toISOString() ?? null, ageS: a === null ? null : Math.max(0, a), stale: o.marketOpen && (a === null || a > staleAfterS) };
  };
  const bars = rows.map((r) => ({ symbol: String(r.symbol), ...age(r.bar_at, o.barStaleAfterS) }));
  const features = rows.map((r) => ({ symbol: String(r.symbol), ...age(r.features_at, o.featuresStaleAfterS) }));
  const newest = (list: readonly { newestAt: string | null }[]) =>
    list.reduce<string | null>((best, s) => (s.newestAt !== null && (best === null || s.newestAt > best) ? s.newestAt : best), null);

  return {
    bars: { newestAt: newest(bars), staleAfterS: o.barStaleAfterS, symbols: bars, staleSymbols: bars.filter((s) => s.stale).map((s) => s.symbol) },
    features: {
      newestAt: newest(features), staleAfterS: o.featuresStaleAfterS, symbols: features, staleSymbols: features.filter((s) => s.stale).map((s) => s.symbol),
    },
    news: await readNews(db, o),
    classifier: await readClassifier(db, o.asOf),
  };
}

async function readNews(db: Queryable, o: FreshnessOptions): Promise<DataStatus["news"]> {
  const hourAgo = new Date(o.asOf.getTime() - 3_600_000).toISOString();
  const [articles, feeds] = await Promise.all([
    db.query(
      `SELECT count(*) AS articles,
              count(*) FILTER (WHERE fetched_at > $1::timestamptz) AS last_hour,
              max(fetched_at) AS newest,
              count(*) FILTER (WHERE classified_at IS NULL) AS unclassified,
              min(fetched_at) FILTER (WHERE classified_at IS NULL) AS oldest_unclassified
       FROM news_articles`,
      [hourAgo],
    ),
    db.query(`SELECT name, enabled, consecutive_failures, last_error FROM news_feeds ORDER BY name`),
  ]);
  const a = articles.rows[0] ?? {};
  const oldest = ageS(date(a.oldest_unclassified), o.asOf);
  return {
    articles: int(a.articles),
    articlesLastHour: int(a.last_hour),
    newestFetchedAt: iso(a.newest),
    unclassified: int(a.unclassified),
    oldestUnclassifiedAgeS: oldest === null ? null : Math.max(0, oldest),
    backlogAfterS: o.newsBacklogAfterS,
    feeds: feeds.rows.filter((f) => f.enabled === true).length,
    failingFeeds: feeds.rows
      .filter((f) => f.enabled === true && int(f.consecutive_failures) > 0)
      .map((f) => ({ name: String(f.name), consecutiveFailures: int(f.consecutive_failures), lastError: str(f.last_error) })),
  };
}

async function readClassifier(db: Queryable, asOf: Date): Promise<DataStatus["classifier"]> {
  const { rows } = await db.query(
    `SELECT model, count(*) AS n, max(classified_at) AS newest,
            count(*) FILTER (WHERE classified_at > $1::timestamptz AND classified_at <= $2::timestamptz) AS last_hour
     FROM classifications GROUP BY model ORDER BY max(classified_at) DESC NULLS LAST`,
    [new Date(asOf.getTime() - 3_600_000).toISOString(), asOf.toISOString()],
  );
  const models = rows.map((r) => ({ model: String(r.model), count: int(r.n), newestAt: iso(r.newest) }));
  return {
    mode: classifierMode(models[0]?.model ?? null),
    models,
    classifiedLastHour: rows.reduce((sum, r) => sum + int(r.last_hour), 0),
  };
}

/** FinBERT or the interim lexicon, from the model name the newest classifications carry. */
export function classifierMode(model: string | null): ClassifierMode {
  if (model === null) return "none";
  const m = model.toLowerCase();
  // Lexicon first: the fallback's name says what it stands in for ("lexicon-v2:fallback-no-finbert").
  if (m.startsWith("lexicon")) return "lexicon";
  if (m.includes("finbert")) return "finbert";
  if (m.includes("lexicon")) return "lexicon";
  return "unknown";
}

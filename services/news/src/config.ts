import { baseServiceSchema, csvVar, enumVar, loadConfig, numberVar } from "@ops/core";
import type { EnvSource } from "@ops/core";
import { ACCOUNT_IDS } from "@ops/trading";
import { redactUrl } from "./redact-url.js";
import { SEED_FEEDS, SEED_FEEDS_KEYWORD } from "./seed-feeds.js";

import { CLOCK_SOURCES } from "@ops/broker-alpaca";

export { CLOCK_SOURCES };
export type { ClockSource } from "@ops/broker-alpaca";

// z.string().trim().min(1) without a direct zod dependency.
const text = baseServiceSchema.shape.OPS_SERVICE;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** Defaults the schema applies and the cycle falls back to when a test passes a partial config. */
export const NEWS_DEFAULTS = {
  OPS_NEWS_BACKOFF_BASE_S: 60,
  OPS_NEWS_BACKOFF_MAX_S: 3600,
} as const;

/**
 * News service settings. Nothing here can trade; every default is safe. With no OPS_NEWS_FEEDS the
 * service polls only the feeds already enabled in news_feeds.
 */
export const newsConfigSchema = baseServiceSchema.extend({
  OPS_SERVICE: text.default("news"),
  OPS_LOOP_INTERVAL_S: numberVar({ positive: true }).default(60),
  /**
   * Comma-separated RSS/Atom URLs, added to news_feeds at startup (existing rows keep their state).
   * The word `seed` stands for the seed system's feeds (SEED_FEEDS).
   */
  OPS_NEWS_FEEDS: csvVar()
    .transform((entries) => [...new Set(entries.flatMap((e) => (e.toLowerCase() === SEED_FEEDS_KEYWORD ? SEED_FEEDS : [e])))])
    .superRefine((urls, ctx) => {
      for (const url of urls) {
        if (!isHttpUrl(url)) ctx.addIssue({ code: "custom", message: `not an http(s) URL: ${redactUrl(url)}` });
        else if (hasUserInfo(url)) {
          // fetch refuses such URLs outright: the feed would fail every poll for a reason no log would name.
          ctx.addIssue({ code: "custom", message: `user:password@ in a feed URL is not supported (fetch refuses it): ${redactUrl(url)}` });
        }
      }
    })
    .default([]),
  /** Per-request timeout (connect + body). */
  OPS_NEWS_FETCH_TIMEOUT_MS: numberVar({ integer: true, min: 100, max: 120_000 }).default(10_000),
  /** A feed larger than this is rejected (protects memory against a runaway response). */
  OPS_NEWS_MAX_FEED_BYTES: numberVar({ integer: true, min: 1024, max: 50_000_000 }).default(5_000_000),
  /** Items read from one feed document per poll. */
  OPS_NEWS_MAX_ITEMS_PER_FEED: numberVar({ integer: true, min: 1, max: 5000 }).default(500),
  OPS_NEWS_MAX_SUMMARY_CHARS: numberVar({ integer: true, min: 50, max: 20_000 }).default(1000),
  /**
   * After n consecutive failures a feed waits base × 2^(n-1) seconds (capped) before its next poll, so
   * a dead feed is not hammered every cycle; one success resets it.
   */
  OPS_NEWS_BACKOFF_BASE_S: numberVar({ integer: true, min: 1, max: 86_400 }).default(NEWS_DEFAULTS.OPS_NEWS_BACKOFF_BASE_S),
  OPS_NEWS_BACKOFF_MAX_S: numberVar({ integer: true, min: 1, max: 7 * 86_400 }).default(NEWS_DEFAULTS.OPS_NEWS_BACKOFF_MAX_S),
  /** Feeds fetched at the same time. */
  OPS_NEWS_FETCH_CONCURRENCY: numberVar({ integer: true, min: 1, max: 32 }).default(4),
  /** SEC.gov asks automated clients to identify themselves. */
  OPS_NEWS_USER_AGENT: text.default("ops-pipeline-news/0.1 (paper-trading research)"),
  /** Optional SEC company_tickers_exchange.json for company-name tagging (built-in names otherwise). */
  OPS_NEWS_COMPANY_NAMES_FILE: text.optional(),
  /** wall = production; sim = read market time from the simulator's GET /v2/clock. */
  OPS_CLOCK: enumVar(CLOCK_SOURCES).default("wall"),
  /** Whose Alpaca keys read the simulator clock when OPS_CLOCK=sim (news never trades). */
  OPS_DATA_ACCOUNT: enumVar(ACCOUNT_IDS).default("large-100k"),
});

export type NewsConfig = ReturnType<typeof newsConfigSchema.parse>;

export function loadNewsConfig(env?: EnvSource): NewsConfig {
  return loadConfig(newsConfigSchema, env);
}

/** The settings the cycle itself reads (tests build this directly); back-off falls back to NEWS_DEFAULTS. */
export type NewsCycleConfig = Pick<
  NewsConfig,
  | "OPS_NEWS_FEEDS"
  | "OPS_NEWS_FETCH_TIMEOUT_MS"
  | "OPS_NEWS_MAX_FEED_BYTES"
  | "OPS_NEWS_MAX_ITEMS_PER_FEED"
  | "OPS_NEWS_MAX_SUMMARY_CHARS"
  | "OPS_NEWS_FETCH_CONCURRENCY"
  | "OPS_NEWS_USER_AGENT"
> & Partial<Pick<NewsConfig, keyof typeof NEWS_DEFAULTS>>;

function hasUserInfo(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username !== "" || parsed.password !== "";
  } catch {
    return false;
  }
}

import { htmlToText, stripControlChars, truncateText } from "./html-text.js";

/**
 * One item as a feed parser hands it over (rss-parser's field names; RSS and Atom spellings both).
 * Every field is `unknown`: XML parsers return objects for elements with attributes and arrays for
 * repeated elements, and a malformed feed must be rejected item by item, never crash the cycle.
 */
export interface RawFeedItem {
  readonly title?: unknown;
  readonly link?: unknown;
  readonly guid?: unknown;
  /** Atom's entry id, used as the guid. */
  readonly id?: unknown;
  readonly summary?: unknown;
  readonly description?: unknown;
  readonly content?: unknown;
  readonly contentSnippet?: unknown;
  readonly published?: unknown;
  readonly pubDate?: unknown;
  readonly isoDate?: unknown;
  /** Dublin Core date (dc:date). */
  readonly date?: unknown;
  readonly updated?: unknown;
}

export interface NormalizedFeedItem {
  title: string;
  /** Absolute http(s) URL, else null. */
  link: string | null;
  /** Plain text, capped; null when the item has none. */
  summary: string | null;
  publishedAt: Date | null;
  guid: string | null;
}

export const FEED_ITEM_REJECTIONS = ["not_an_object", "missing_title", "published_far_future"] as const;
export type FeedItemRejection = (typeof FEED_ITEM_REJECTIONS)[number];

export type NormalizeFeedItemResult =
  | { ok: true; item: NormalizedFeedItem }
  | { ok: false; reason: FeedItemRejection };

export interface NormalizeFeedItemOptions {
  maxTitleChars?: number;
  maxSummaryChars?: number;
  /**
   * When given, a publish time further than `maxFutureSkewMs` past it is treated as unknown (null: clock
   * skew), and one further than `maxFutureMs` rejects the item: it is news from after the clock's now (a
   * live feed read by a replay), and stamping it "now" would let a replay read tomorrow's headlines.
   */
  now?: Date;
  maxFutureSkewMs?: number;
  maxFutureMs?: number;
}

export const DEFAULT_MAX_TITLE_CHARS = 500;
export const DEFAULT_MAX_SUMMARY_CHARS = 1000;
const DEFAULT_MAX_FUTURE_SKEW_MS = 15 * 60_000;
const DEFAULT_MAX_FUTURE_MS = 24 * 60 * 60_000;
// ISO date-time with no zone: Date.parse would read it in the HOST's zone, so the stored time (and the
// dedupe key built from it) would depend on the machine. Read as UTC, the same everywhere.
const ZONELESS_ISO = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
// Before the web had feeds: such a date is a parse accident (e.g. a bare year or epoch 0).
const EARLIEST_PLAUSIBLE_MS = Date.UTC(1995, 0, 1);

/** Text of a parsed XML value: a string, xml2js's `{ _: text }` shape, or the first of an array. */
function textOf(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (Array.isArray(value)) return textOf(value[0]);
  if (value !== null && typeof value === "object" && "_" in value) return textOf((value as { _: unknown })._);
  return undefined;
}

function nonEmpty(text: string | undefined): string | undefined {
  const trimmed = text === undefined ? undefined : stripControlChars(text).trim();
  return trimmed ? trimmed : undefined;
}

function parseDate(value: unknown): Date | undefined {
  const text = nonEmpty(textOf(value));
  // V8's lenient parser reads "0" or "12" as a date in 2000/2001: demand a four-digit year.
  if (text === undefined || !/\d{4}/.test(text)) return undefined;
  const ms = Date.parse(ZONELESS_ISO.test(text) ? `${text.replace(" ", "T")}Z` : text);
  if (!Number.isFinite(ms) || ms < EARLIEST_PLAUSIBLE_MS) return undefined;
  return new Date(ms);
}

function absoluteHttpUrl(value: unknown): string | null {
  const text = nonEmpty(textOf(value));
  if (text === undefined || !/^https?:\/\/[^\s/]+/i.test(text) || /\s/.test(text)) return null;
  return text;
}

/**
 * A feed item reduced to what we store: plain-text title and summary (HTML stripped, entities
 * decoded, length-capped), an absolute link, the guid (Atom id), and the publish time taken from
 * published → updated (null when neither parses). Items without a title are rejected.
 */
export function normalizeFeedItem(raw: unknown, options: NormalizeFeedItemOptions = {}): NormalizeFeedItemResult {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return { ok: false, reason: "not_an_object" };
  const item = raw as RawFeedItem;
  const titleText = htmlToText(textOf(item.title) ?? "");
  if (titleText === "") return { ok: false, reason: "missing_title" };

  const summarySource = [item.summary, item.description, item.content, item.contentSnippet]
    .map((v) => nonEmpty(textOf(v)))
    .find((v) => v !== undefined);
  const summaryText = summarySource === undefined ? "" : htmlToText(summarySource);

  let publishedAt =
    parseDate(item.published) ?? parseDate(item.pubDate) ?? parseDate(item.isoDate) ?? parseDate(item.date) ?? parseDate(item.updated) ?? null;
  if (publishedAt && options.now) {
    const ahead = publishedAt.getTime() - options.now.getTime();
    if (ahead > (options.maxFutureMs ?? DEFAULT_MAX_FUTURE_MS)) return { ok: false, reason: "published_far_future" };
    // A future-dated item would look "fresh" to every freshness window for as long as it stays.
    if (ahead > (options.maxFutureSkewMs ?? DEFAULT_MAX_FUTURE_SKEW_MS)) publishedAt = null;
  }

  return {
    ok: true,
    item: {
      title: truncateText(titleText, options.maxTitleChars ?? DEFAULT_MAX_TITLE_CHARS),
      link: absoluteHttpUrl(item.link),
      summary: summaryText === "" ? null : truncateText(summaryText, options.maxSummaryChars ?? DEFAULT_MAX_SUMMARY_CHARS),
      publishedAt,
      guid: nonEmpty(textOf(item.guid)) ?? nonEmpty(textOf(item.id)) ?? null,
    },
  };
}

import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { addCalendarDays, etDateString, etDateTime } from "@ops/core";
import { hashString } from "../seeded-random.js";
import { feedFormat, splitFeedItems, type FeedFormat, type FeedItem } from "./feed-items.js";
import { assignSymbol, COMPANY_NAMES, headlineTag, mentionedSymbols } from "./ticker-tagging.js";
import { charsetLabel, declaredEncoding, escapeXmlText, type FeedEncoding } from "./xml-text.js";

/** Replay-day window the fixtures' items are spread over (ET): pre-market news through the close. */
export const NEWS_WINDOW_START = "07:00";
export const NEWS_WINDOW_END = "16:00";
const MAX_SEQ_PER_DAY = 10_000;
const MS_PER_DAY = 86_400_000;

export interface CatalogItem {
  feed: string;
  /** Position in the feed document. */
  index: number;
  /** 0..1: where in the day's news window the item is re-stamped. */
  slot: number;
  /** Headline with the tag appended when the item named no replayed symbol. */
  headline: string;
  summary: string;
  url: string | undefined;
  author: string;
  source: string;
  symbols: string[];
  /** Set when the headline was tagged with an assigned symbol. */
  assignedSymbol: string | undefined;
  /** Unique within a day across the catalog (becomes part of the article id). */
  seq: number;
  span: FeedItem;
}

export interface CatalogFeed {
  name: string;
  format: FeedFormat;
  encoding: FeedEncoding;
  title: string;
  text: string;
  items: CatalogItem[];
}

export interface NewsArticle {
  id: number;
  headline: string;
  summary: string;
  author: string;
  content: string;
  created_at: string;
  updated_at: string;
  url: string;
  symbols: string[];
  source: string;
  images: never[];
}

export interface RenderedFeed {
  body: Uint8Array;
  contentType: string;
}

export interface NewsCatalogOptions {
  /** The replayed symbols: items are tagged with these. */
  symbols: readonly string[];
  companyNames?: Readonly<Record<string, readonly string[]>>;
}

const FEED_FILE_RE = /\.(xml|rss|atom)$/i;

function sourceName(file: string): string {
  return (file.split(/[_.]/)[0] ?? file).toLowerCase();
}

/**
 * The RSS/Atom fixtures as a replayable news source: every item is re-stamped onto the replay day
 * (its slot in 07:00–16:00 ET follows its original order) and tagged with a replayed symbol, so
 * the same catalog feeds both GET /rss/<file> and GET /v1beta1/news consistently.
 */
export class NewsCatalog {
  private constructor(private readonly feedList: CatalogFeed[]) {}

  static async load(dir: string, options: NewsCatalogOptions): Promise<NewsCatalog> {
    const names = (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isFile() && FEED_FILE_RE.test(e.name))
      .map((e) => e.name)
      .sort();
    const feeds: Array<{ name: string; bytes: Uint8Array }> = [];
    for (const name of names) feeds.push({ name, bytes: await readFile(path.join(dir, name)) });
    return NewsCatalog.fromFeeds(feeds, options);
  }

  static fromFeeds(files: ReadonlyArray<{ name: string; bytes: Uint8Array }>, options: NewsCatalogOptions): NewsCatalog {
    const names = options.companyNames ?? COMPANY_NAMES;
    const symbols = [...options.symbols].sort();
    let seq = 0;
    const feeds: CatalogFeed[] = [];
    for (const file of files) {
      const encoding = declaredEncoding(file.bytes);
      const text = Buffer.from(file.bytes).toString(encoding === "latin1" ? "latin1" : "utf8");
      const spans = splitFeedItems(text);
      const beforeFirstItem = text.slice(0, spans[0]?.start ?? text.length);
      const title = /<title(?:\s[^>]*)?>([\s\S]*?)<\/title>/.exec(beforeFirstItem)?.[1]?.trim() ?? file.name;
      // Oldest first (undated items keep document order, newest-first as feeds list them).
      const order = spans
        .map((span, index) => ({ span, index }))
        .sort((a, b) => {
          const ta = a.span.published?.getTime();
          const tb = b.span.published?.getTime();
          if (ta !== undefined && tb !== undefined && ta !== tb) return ta - tb;
          return b.index - a.index;
        });
      const slotOf = new Map<number, number>();
      order.forEach((o, rank) => slotOf.set(o.index, (rank + 0.5) / order.length));
      const items: CatalogItem[] = spans.map((span, index) => {
        const mentioned = mentionedSymbols(`${span.title} ${span.summary}`, symbols, names);
        const key = `${file.name}|${span.guid ?? span.link ?? span.title}|${index}`;
        const assigned = mentioned.length === 0 ? assignSymbol(key, symbols) : undefined;
        return {
          feed: file.name,
          index,
          slot: slotOf.get(index) as number,
          headline: assigned ? span.title + headlineTag(assigned, names) : span.title,
          summary: span.summary.length > 500 ? `${span.summary.slice(0, 497)}...` : span.summary,
          url: span.link,
          author: span.author ?? sourceName(file.name),
          source: sourceName(file.name),
          symbols: assigned ? [assigned] : mentioned,
          assignedSymbol: assigned,
          seq: (seq += 1),
          span,
        };
      });
      feeds.push({ name: file.name, format: feedFormat(text), encoding, title, text, items });
    }
    if (seq >= MAX_SEQ_PER_DAY) throw new Error(`news catalog too large: ${seq} items`);
    return new NewsCatalog(feeds);
  }

  feeds(): ReadonlyArray<Omit<CatalogFeed, "text" | "items"> & { itemCount: number }> {
    return this.feedList.map(({ name, format, encoding, title, items }) => ({ name, format, encoding, title, itemCount: items.length }));
  }

  /** When an item "happens" on a given replay day. A few seconds of per-item jitter avoid ties across feeds. */
  stampedAt(item: CatalogItem, day: string): Date {
    const from = etDateTime(day, NEWS_WINDOW_START).getTime();
    const to = etDateTime(day, NEWS_WINDOW_END).getTime();
    const jitterMs = (hashString(`${item.feed}|${item.index}`) % 30) * 1000;
    return new Date(Math.floor((from + (to - from) * item.slot) / 1000) * 1000 + jitterMs);
  }

  /**
   * The feed as it would read at `now`: items not yet "published" are removed, item and channel
   * dates are re-stamped onto now's ET day, assigned tags are appended to titles. The original
   * encoding and XML declaration are kept.
   */
  renderFeed(name: string, now: Date): RenderedFeed | undefined {
    const feed = this.feedList.find((f) => f.name === name);
    if (!feed) return undefined;
    const day = etDateString(now);
    const out: string[] = [];
    let cursor = 0;
    let latest: Date | undefined;
    for (const item of feed.items) {
      out.push(feed.text.slice(cursor, item.span.start));
      cursor = item.span.end;
      const stamped = this.stampedAt(item, day);
      if (stamped.getTime() > now.getTime()) {
        // Drop the element and the whitespace that indented it.
        const prev = out[out.length - 1] as string;
        out[out.length - 1] = prev.replace(/[ \t]*\r?\n?[ \t]*$/, "");
        continue;
      }
      if (!latest || stamped > latest) latest = stamped;
      out.push(this.rewriteItem(feed, item, stamped));
    }
    out.push(feed.text.slice(cursor));
    const channelStamp = latest ?? etDateTime(day, NEWS_WINDOW_START);
    const text = restampOutsideItems(out.join(""), channelStamp);
    const mime = feed.format === "atom" ? "application/atom+xml" : "application/rss+xml";
    return {
      body: Buffer.from(text, feed.encoding === "latin1" ? "latin1" : "utf8"),
      contentType: `${mime}; charset=${charsetLabel(feed.encoding)}`,
    };
  }

  /** Articles published on replay days from `fromDay` through now's day, at or before `now`. */
  articles(now: Date, fromDay: string): NewsArticle[] {
    const lastDay = etDateString(now);
    const out: NewsArticle[] = [];
    for (let day = fromDay; day <= lastDay; day = addCalendarDays(day, 1)) {
      const dayNumber = Math.floor(etDateTime(day, "12:00").getTime() / MS_PER_DAY);
      for (const feed of this.feedList) {
        for (const item of feed.items) {
          const at = this.stampedAt(item, day);
          if (at.getTime() > now.getTime()) continue;
          const iso = at.toISOString().replace(/\.\d{3}Z$/, "Z");
          out.push({
            id: dayNumber * MAX_SEQ_PER_DAY + item.seq,
            headline: item.headline,
            summary: item.summary,
            author: item.author,
            content: "",
            created_at: iso,
            updated_at: iso,
            url: item.url ?? "",
            symbols: item.symbols,
            source: item.source,
            images: [],
          });
        }
      }
    }
    return out;
  }

  private rewriteItem(feed: CatalogFeed, item: CatalogItem, stamped: Date): string {
    let xml = feed.text.slice(item.span.start, item.span.end);
    xml = restampDates(xml, stamped);
    if (item.assignedSymbol) {
      const tag = item.headline.slice(item.span.title.length);
      xml = xml.replace(/(<title(?:\s[^>]*)?>)([\s\S]*?)(<\/title>)/, (_all, open: string, body: string, close: string) => {
        const cdataEnd = body.lastIndexOf("]]>");
        if (cdataEnd >= 0 && body.trimEnd().endsWith("]]>")) {
          return `${open}${body.slice(0, cdataEnd)}${tag}${body.slice(cdataEnd)}${close}`;
        }
        const trimmed = body.replace(/\s+$/, "");
        return `${open}${trimmed}${escapeXmlText(tag)}${body.slice(trimmed.length)}${close}`;
      });
    }
    return xml;
  }
}

const RFC822_ELEMENTS = ["pubDate", "lastBuildDate"] as const;
const ISO_ELEMENTS = ["published", "updated", "dc:date"] as const;

function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function restampDates(xml: string, at: Date): string {
  let out = xml;
  for (const name of RFC822_ELEMENTS) {
    out = out.replace(new RegExp(`(<${name}(?:\\s[^>]*)?>)[\\s\\S]*?(</${name}>)`, "g"), `$1${at.toUTCString()}$2`);
  }
  for (const name of ISO_ELEMENTS) {
    out = out.replace(new RegExp(`(<${name}(?:\\s[^>]*)?>)[\\s\\S]*?(</${name}>)`, "g"), `$1${isoSeconds(at)}$2`);
  }
  return out;
}

/** Channel/feed-level dates (outside items) become the newest published item's time. */
function restampOutsideItems(text: string, at: Date): string {
  const firstItem = /<(item|entry)[\s>]/.exec(text);
  if (!firstItem) return restampDates(text, at);
  // Channel-level dates sit before the first item in every fixture; the tail holds only closing tags.
  return restampDates(text.slice(0, firstItem.index), at) + text.slice(firstItem.index);
}

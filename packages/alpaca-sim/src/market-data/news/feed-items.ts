import { decodeXmlText, stripTags } from "./xml-text.js";

export const FEED_FORMATS = ["rss", "atom"] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

/** One <item>/<entry> located in the feed text, with the fields news tagging needs. */
export interface FeedItem {
  /** Offsets of the whole element in the feed text. */
  start: number;
  end: number;
  title: string;
  summary: string;
  link: string | undefined;
  guid: string | undefined;
  author: string | undefined;
  /** Original publication instant, when the item carries a parseable one. */
  published: Date | undefined;
}

const ITEM_RE = /<(item|entry)(?:\s[^>]*)?>[\s\S]*?<\/\1>/g;

function elementText(xml: string, names: readonly string[]): string | undefined {
  for (const name of names) {
    const re = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`);
    const m = re.exec(xml);
    if (m) return m[1] as string;
  }
  return undefined;
}

function atomLink(xml: string): string | undefined {
  const links = xml.match(/<link\b[^>]*\/?>/g) ?? [];
  let fallback: string | undefined;
  for (const tag of links) {
    const href = /\bhref\s*=\s*["']([^"']+)["']/.exec(tag)?.[1];
    if (!href) continue;
    const rel = /\brel\s*=\s*["']([^"']+)["']/.exec(tag)?.[1];
    if (rel === undefined || rel === "alternate") return decodeXmlText(href);
    fallback ??= decodeXmlText(href);
  }
  return fallback;
}

function parseDate(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(decodeXmlText(text).trim());
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

export function feedFormat(text: string): FeedFormat {
  return /<feed[\s>]/.test(text) && !/<rss[\s>]/.test(text) ? "atom" : "rss";
}

/** Finds every RSS <item> / Atom <entry> in document order. */
export function splitFeedItems(text: string): FeedItem[] {
  const items: FeedItem[] = [];
  for (const m of text.matchAll(ITEM_RE)) {
    const xml = m[0];
    const start = m.index;
    const title = decodeXmlText(elementText(xml, ["title"]) ?? "").trim();
    const summaryRaw = elementText(xml, ["description", "summary", "content:encoded", "content"]) ?? "";
    const rssLink = elementText(xml, ["link"]);
    const link = rssLink !== undefined && rssLink.trim() !== "" ? decodeXmlText(rssLink).trim() : atomLink(xml);
    const guid = elementText(xml, ["guid", "id"]);
    const authorRaw = elementText(xml, ["dc:creator", "name", "author"]);
    items.push({
      start,
      end: start + xml.length,
      title,
      summary: stripTags(decodeXmlText(summaryRaw)),
      link,
      guid: guid === undefined ? undefined : decodeXmlText(guid).trim(),
      author: authorRaw === undefined ? undefined : stripTags(decodeXmlText(authorRaw)) || undefined,
      published: parseDate(elementText(xml, ["pubDate", "published", "dc:date", "updated"])),
    });
  }
  return items;
}

import { htmlToText } from "@ops/trading";
import Parser from "rss-parser";

export interface ParsedFeed {
  /** Channel / feed title, when there is one. */
  title: string | null;
  /** Raw items as the parser returns them; `normalizeFeedItem` validates each one. */
  items: unknown[];
}

const parser = new Parser();

/** RSS 2.0 / Atom text → items. Rejects on text that is not a feed (bad XML, HTML error pages). */
export async function parseFeedXml(xml: string): Promise<ParsedFeed> {
  const feed: { title?: unknown; items?: unknown } = await parser.parseString(xml);
  const items = Array.isArray(feed.items) ? (feed.items as unknown[]) : [];
  // Channel titles are escaped like item text (CNBC's is even double-escaped: "&amp;amp;").
  const title = typeof feed.title === "string" ? htmlToText(feed.title) : "";
  return { title: title === "" ? null : title, items };
}

import path from "node:path";
import { fileURLToPath } from "node:url";
import Parser from "rss-parser";
import type { RequestContext } from "../src/http/router.js";

/** The checkout root (this file is packages/alpaca-sim/test/data-fixtures.ts). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** Read-only shared fixtures live beside the checkout. */
export const sharedDataDir = path.resolve(repoRoot, "..", "shared", "data");

export const leanMinuteDir = path.join(sharedDataDir, "bars", "intraday_1min", "lean");
export const lumibotDir = path.join(sharedDataDir, "bars", "intraday_1min", "lumibot");
export const rssDir = path.join(sharedDataDir, "rss");

export interface ParsedFeed {
  title?: string;
  items: Array<{ title?: string; isoDate?: string; pubDate?: string; link?: string }>;
}

interface RssParser {
  parseString(xml: string): Promise<ParsedFeed>;
}

export function rssParser(): RssParser {
  return new Parser() as unknown as RssParser;
}

/** A GET request context for calling route handlers directly (no HTTP). */
export function getRequest(pathname: string, query: Record<string, string>, now: Date, params: Record<string, string> = {}): RequestContext {
  return {
    method: "GET",
    path: pathname,
    params,
    query: new URLSearchParams(query),
    headers: {},
    body: undefined,
    accountId: "large-100k",
    now,
  };
}

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeFeedBytes } from "../src/decode-feed-bytes.js";
import { parseFeedXml } from "../src/parse-feed.js";
import { rssFixturePath } from "./rss-fixtures.js";

describe("parseFeedXml", () => {
  it.each([
    ["cnbc_top_news_2014-03-13.xml", 30, "Top News & Analysis"],
    ["sec_edgar_latest_filings_getcurrent_2018-04-24.xml", 100, "Latest Filings - Tue, 24 Apr 2018 08:22:51 EDT"],
    ["sec_edgar_company_filings_atom_keen_vision_spac.xml", 55, null],
    ["sec_testimony.rss", 25, "Testimony"],
  ])("parses %s (%d items)", async (file, items, title) => {
    const parsed = await parseFeedXml(decodeFeedBytes(readFileSync(rssFixturePath(file))).text);
    expect(parsed.items).toHaveLength(items);
    if (title !== null) expect(parsed.title).toBe(title);
  });

  it.each([
    ["an empty body", ""],
    ["plain text", "Service Unavailable"],
    ["an HTML error page", "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"],
    ["truncated XML", "<rss><channel><item><title>cut off"],
    ["mismatched tags", "<rss><channel><item></channel></rss>"],
    ["garbage after the document", "<rss><channel></channel></rss><<<"],
  ])("rejects %s", async (_name, text) => {
    await expect(parseFeedXml(text)).rejects.toThrow();
  });
});

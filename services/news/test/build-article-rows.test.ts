import { companyNameMapFrom, WELL_KNOWN_COMPANY_NAMES } from "@ops/trading";
import { describe, expect, it } from "vitest";
import { buildArticleRows, dedupeKey, mergeSightings } from "../src/build-article-rows.js";

const now = new Date("2024-06-03T15:00:00Z");
const base = { feedId: 7, universe: new Set(["AAPL", "IBM"]), now, maxItems: 100, maxSummaryChars: 1000 };

describe("buildArticleRows", () => {
  it("normalises, tags tickers and keys each item by the sha256 of its identity", () => {
    const { rows, rejected } = buildArticleRows({
      ...base,
      companyNames: companyNameMapFrom(WELL_KNOWN_COMPANY_NAMES),
      items: [{ title: "Apple&#039;s rally lifts <b>IBM</b>", guid: "g-1", link: "https://x.test/1", pubDate: "2024-06-03T14:00:00Z" }],
    });
    expect(rejected).toEqual({});
    expect(rows).toEqual([
      {
        dedupeKey: dedupeKey("g-1"),
        feedId: 7,
        url: "https://x.test/1",
        guid: "g-1",
        title: "Apple's rally lifts IBM",
        summary: null,
        publishedAt: new Date("2024-06-03T14:00:00Z"),
        publishedEstimated: false,
        tickers: ["AAPL", "IBM"],
      },
    ]);
    expect(rows[0]?.dedupeKey).toMatch(/^[0-9a-f]{64}$/);
  });

  it("stamps an item without a usable publish time with the fetch time and flags it, keeping its identity", () => {
    const hoursAhead = new Date(now.getTime() + 10 * 3_600_000).toISOString();
    const { rows, rejected } = buildArticleRows({
      ...base,
      items: [{ title: "Undated", guid: "u-1" }, { title: "Skewed clock", guid: "u-2", pubDate: hoursAhead }, { title: "Far future", guid: "u-3", pubDate: "2031-01-01T00:00:00Z" }],
    });
    expect(rows.map((r) => [r.title, r.publishedAt, r.publishedEstimated])).toEqual([["Undated", now, true], ["Skewed clock", now, true]]);
    // More than a day after now is not a skewed clock but news from the clock's future (a replay reading a live feed).
    expect(rejected).toEqual({ published_far_future: 1 });
    const again = buildArticleRows({ ...base, now: new Date(now.getTime() + 60_000), items: [{ title: "Undated", guid: "u-1" }] });
    expect(again.rows[0]?.dedupeKey).toBe(rows[0]?.dedupeKey);
  });

  it("keys a guid-less, link-less, undated item by title alone, the same on every fetch", () => {
    const first = buildArticleRows({ ...base, items: [{ title: "No guid, no link, no date" }] });
    const later = buildArticleRows({ ...base, now: new Date(now.getTime() + 3_600_000), items: [{ title: "No guid, no link, no date" }] });
    expect(first.rows[0]?.dedupeKey).toBe(later.rows[0]?.dedupeKey);
  });

  it("counts rejected items by reason and keeps the good ones", () => {
    const { rows, rejected } = buildArticleRows({ ...base, items: [{ title: "" }, "junk", { title: "ok", guid: "g" }] });
    expect(rows.map((r) => r.title)).toEqual(["ok"]);
    expect(rejected).toEqual({ missing_title: 1, not_an_object: 1 });
  });

  it("drops a repeated item within one document and stops at the item limit", () => {
    const items = [{ title: "a", guid: "1" }, { title: "a again", guid: "1" }, { title: "b", guid: "2" }, { title: "c", guid: "3" }];
    const { rows, rejected } = buildArticleRows({ ...base, items, maxItems: 3 });
    expect(rows.map((r) => r.guid)).toEqual(["1", "2"]);
    expect(rejected).toEqual({ over_limit: 1 });
  });

  it("a repeated item in one document lends its real publish time to an undated first sighting", () => {
    const items = [{ title: "first, undated", guid: "1" }, { title: "again, dated", guid: "1", pubDate: "2024-06-03T14:00:00Z" }];
    const { rows } = buildArticleRows({ ...base, items });
    expect(rows.map((r) => [r.title, r.publishedAt, r.publishedEstimated])).toEqual([["first, undated", new Date("2024-06-03T14:00:00Z"), false]]);
  });
});

describe("mergeSightings", () => {
  const row = (dedupeKeyValue: string, feedId: number, publishedAt: Date, publishedEstimated: boolean) => ({
    dedupeKey: dedupeKeyValue, feedId, url: null, guid: null, title: `t-${feedId}`, summary: null, publishedAt, publishedEstimated, tickers: [],
  });
  const real = new Date("2024-06-03T14:00:00Z");
  const otherReal = new Date("2024-06-03T13:00:00Z");

  it("keeps the first sighting of each key, in order", () => {
    const merged = mergeSightings([row("k1", 1, real, false), row("k2", 1, real, false), row("k1", 2, otherReal, false)]);
    expect(merged.map((r) => [r.dedupeKey, r.feedId, r.publishedAt])).toEqual([["k1", 1, real], ["k2", 1, real]]);
  });

  it("replaces an estimated time with a later sighting's real one, keeping the first feed", () => {
    const merged = mergeSightings([row("k", 1, now, true), row("k", 2, now, true), row("k", 3, real, false), row("k", 4, otherReal, false)]);
    expect(merged).toEqual([row("k", 1, real, false)]);
  });

  it("never replaces a real time with an estimate", () => {
    expect(mergeSightings([row("k", 1, real, false), row("k", 2, now, true)])).toEqual([row("k", 1, real, false)]);
  });
});

import { describe, expect, it } from "vitest";
import { articleIdentity } from "./article-identity.js";
import { normalizeFeedItem, type NormalizedFeedItem } from "./normalize-feed-item.js";

function normalized(raw: unknown, options?: Parameters<typeof normalizeFeedItem>[1]): NormalizedFeedItem {
  const result = normalizeFeedItem(raw, options);
  if (!result.ok) throw new Error(`rejected: ${result.reason}`);
  return result.item;
}

describe("normalizeFeedItem", () => {
  it("normalises an RSS item as rss-parser returns it", () => {
    const item = normalized({
      title: "  Marc Faber: China is growing at 4% and that's okay ",
      link: "http://www.cnbc.com/id/101489535",
      pubDate: "Thu, 13 Mar 2014 02:29 GMT",
      content: "China&#039;s economy is only growing at <b>just over half</b> the rate",
      guid: "guid_101489535",
    });
    expect(item).toEqual({
      title: "Marc Faber: China is growing at 4% and that's okay",
      link: "http://www.cnbc.com/id/101489535",
      summary: "China's economy is only growing at just over half the rate",
      publishedAt: new Date("2014-03-13T02:29:00Z"),
      guid: "guid_101489535",
    });
  });

  it("reads US zone abbreviations in RFC 822 dates (CNNMoney's EDT)", () => {
    expect(normalized({ title: "t", pubDate: "Wed, 12 Mar 2014 21:56:56 EDT" }).publishedAt).toEqual(new Date("2014-03-13T01:56:56Z"));
  });

  it("uses the Atom id as guid and prefers the summary over the content", () => {
    const item = normalized({
      title: "S-8 - Securities to be offered",
      id: "urn:tag:sec.gov,2008:accession-number=0001564590-16-013773",
      summary: " <b>Filed:</b> 2016-03-01 <b>AccNo:</b> 0001564590-16-013773",
      content: "<div>long xml</div>",
      published: "2016-03-01T06:02:42-05:00",
    });
    expect(item.guid).toBe("urn:tag:sec.gov,2008:accession-number=0001564590-16-013773");
    expect(item.summary).toBe("Filed: 2016-03-01 AccNo: 0001564590-16-013773");
    expect(item.publishedAt).toEqual(new Date("2016-03-01T11:02:42Z"));
  });

  it("takes the publish time from published, then updated, else null", () => {
    expect(normalized({ title: "t", published: "2020-01-02T00:00:00Z", updated: "2020-05-05T00:00:00Z" }).publishedAt)
      .toEqual(new Date("2020-01-02T00:00:00Z"));
    expect(normalized({ title: "t", updated: "2020-05-05T00:00:00Z" }).publishedAt).toEqual(new Date("2020-05-05T00:00:00Z"));
    expect(normalized({ title: "t", pubDate: "not a date" }).publishedAt).toBeNull();
    expect(normalized({ title: "t", pubDate: "0" }).publishedAt).toBeNull();
  });

  it("treats a publish time a little in the future of `now` as unknown (skew), and rejects news from after now", () => {
    const now = new Date("2024-06-03T14:00:00Z");
    expect(normalized({ title: "t", pubDate: "2024-06-04T13:00:00Z" }, { now }).publishedAt).toBeNull();
    expect(normalized({ title: "t", pubDate: "2024-06-03T14:05:00Z" }, { now }).publishedAt).toEqual(new Date("2024-06-03T14:05:00Z"));
    // A live 2026 feed read by a 2013 replay: not news "published now", news from the replay's future.
    expect(normalizeFeedItem({ title: "t", pubDate: "2026-11-25T14:00:00Z" }, { now: new Date("2013-10-07T14:00:00Z") }))
      .toEqual({ ok: false, reason: "published_far_future" });
  });

  it("reads a date-time without a zone as UTC, whatever the host's zone", () => {
    expect(normalized({ title: "t", pubDate: "2024-03-05T10:00:00" }).publishedAt).toEqual(new Date("2024-03-05T10:00:00Z"));
    expect(normalized({ title: "t", pubDate: "2024-03-05 10:00" }).publishedAt).toEqual(new Date("2024-03-05T10:00:00Z"));
    expect(normalized({ title: "t", pubDate: "2024-03-05T10:00:00-05:00" }).publishedAt).toEqual(new Date("2024-03-05T15:00:00Z"));
  });

  it("accepts xml2js shapes: { _: text } and arrays", () => {
    const item = normalized({ title: ["Headline"], guid: { _: "g-1", $: { isPermaLink: "false" } } });
    expect(item.title).toBe("Headline");
    expect(item.guid).toBe("g-1");
  });

  it("caps title and summary length", () => {
    const item = normalized({ title: "word ".repeat(200), summary: "x".repeat(5000) }, { maxTitleChars: 50, maxSummaryChars: 100 });
    expect(Array.from(item.title).length).toBeLessThanOrEqual(50);
    expect(Array.from(item.summary ?? "").length).toBe(100);
  });

  it("strips control characters from guids and links (PostgreSQL text rejects NUL)", () => {
    const item = normalized({ title: "t", guid: "g\u0000-1", link: "https://x.test/a\u0000" });
    expect(item.guid).toBe("g-1");
    expect(item.link).toBe("https://x.test/a");
  });

  it("keeps only absolute http(s) links", () => {
    expect(normalized({ title: "t", link: "/relative/path" }).link).toBeNull();
    expect(normalized({ title: "t", link: "javascript:alert(1)" }).link).toBeNull();
    expect(normalized({ title: "t", link: "https://example.com/a" }).link).toBe("https://example.com/a");
  });

  it.each([
    [{ link: "http://x.test/a" }, "missing_title"],
    [{ title: "   " }, "missing_title"],
    [{ title: "<img src='x'/>" }, "missing_title"],
    [{ title: { nested: true } }, "missing_title"],
    [null, "not_an_object"],
    ["a string", "not_an_object"],
    [[{ title: "t" }], "not_an_object"],
  ])("rejects %j (%s)", (raw, reason) => {
    expect(normalizeFeedItem(raw)).toEqual({ ok: false, reason });
  });
});

describe("articleIdentity", () => {
  const base = { title: "Title", publishedAt: new Date("2024-01-02T03:04:05Z") };

  it("is the guid when there is one", () => {
    expect(articleIdentity({ ...base, guid: "g-1", link: "http://x.test/a" })).toBe("g-1");
  });

  it("falls back to the link, then to title:published", () => {
    expect(articleIdentity({ ...base, guid: null, link: "http://x.test/a" })).toBe("x.test/a");
    expect(articleIdentity({ ...base, guid: null, link: null })).toBe("Title:2024-01-02T03:04:05.000Z");
    expect(articleIdentity({ ...base, guid: null, link: null, publishedAt: null })).toBe("Title:");
  });

  it("is the same for one story linked from two feeds with different tracking parameters", () => {
    const fromFeedA = articleIdentity({ ...base, guid: null, link: "https://Seekingalpha.com/article/4364210-polestar?source=feed_symbol_TSLA#comments" });
    const fromFeedB = articleIdentity({ ...base, guid: null, link: "http://seekingalpha.com/article/4364210-polestar/?utm_source=rss&utm_medium=feed" });
    expect(fromFeedA).toBe(fromFeedB);
  });

  it("differs for the same title published at different times", () => {
    const a = articleIdentity({ ...base, guid: null, link: null });
    const b = articleIdentity({ ...base, guid: null, link: null, publishedAt: new Date("2024-01-03T03:04:05Z") });
    expect(a).not.toBe(b);
  });
});

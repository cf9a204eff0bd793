import { ConfigError } from "@ops/core";
import { describe, expect, it } from "vitest";
import { loadNewsConfig } from "../src/config.js";
import { SEED_FEEDS } from "../src/seed-feeds.js";

const base = { DATABASE_URL: "pglite:memory" };

describe("news config", () => {
  it("has safe defaults and reads the feed list", () => {
    const config = loadNewsConfig({ ...base, OPS_NEWS_FEEDS: " http://127.0.0.1:8080/rss/a.xml , https://example.com/b.rss " });
    expect(config).toMatchObject({
      OPS_SERVICE: "news",
      OPS_LOOP_INTERVAL_S: 60,
      OPS_CLOCK: "wall",
      OPS_NEWS_FEEDS: ["http://127.0.0.1:8080/rss/a.xml", "https://example.com/b.rss"],
      OPS_NEWS_FETCH_TIMEOUT_MS: 10_000,
    });
    expect(loadNewsConfig(base).OPS_NEWS_FEEDS).toEqual([]);
  });

  it("rejects a feed that is not an http(s) URL without echoing credentials", () => {
    let caught: unknown;
    try {
      loadNewsConfig({ ...base, OPS_NEWS_FEEDS: "ftp://user:hunter22@example.com/feed,https://ok.test/rss" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).message).toMatch(/OPS_NEWS_FEEDS: not an http\(s\) URL/);
    expect((caught as ConfigError).message).not.toContain("hunter22");
  });

  it("refuses a feed URL with user:password@ (fetch cannot send it), naming the variable and not the password", () => {
    expect(() => loadNewsConfig({ ...base, OPS_NEWS_FEEDS: "https://reader:Zq81sEcReT77@feeds.example.com/private.xml" })).toThrow(
      /OPS_NEWS_FEEDS: user:password@ in a feed URL is not supported/,
    );
    try {
      loadNewsConfig({ ...base, OPS_NEWS_FEEDS: "https://reader:Zq81sEcReT77@feeds.example.com/private.xml" });
    } catch (error) {
      expect(String(error)).not.toContain("Zq81sEcReT77");
    }
  });

  it("expands the word seed to the seed system's feeds, next to other URLs and without duplicates", () => {
    const feeds = loadNewsConfig({ ...base, OPS_NEWS_FEEDS: "http://127.0.0.1:8080/a.xml,seed,SEED" }).OPS_NEWS_FEEDS;
    expect(feeds[0]).toBe("http://127.0.0.1:8080/a.xml");
    expect(feeds.slice(1)).toEqual([...SEED_FEEDS]);
    expect(SEED_FEEDS.some((u) => u.includes("cnbc.com")) && SEED_FEEDS.some((u) => u.includes("sec.gov"))).toBe(true);
  });

  it("has back-off defaults and reads overrides", () => {
    expect(loadNewsConfig(base)).toMatchObject({ OPS_NEWS_BACKOFF_BASE_S: 60, OPS_NEWS_BACKOFF_MAX_S: 3600 });
    expect(loadNewsConfig({ ...base, OPS_NEWS_BACKOFF_BASE_S: "5" }).OPS_NEWS_BACKOFF_BASE_S).toBe(5);
  });

  it("rejects junk numbers instead of falling back", () => {
    expect(() => loadNewsConfig({ ...base, OPS_NEWS_FETCH_TIMEOUT_MS: "soon" })).toThrow(/OPS_NEWS_FETCH_TIMEOUT_MS/);
  });
});

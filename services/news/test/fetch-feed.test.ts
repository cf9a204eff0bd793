import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchFeed, type FetchFeedOptions } from "../src/fetch-feed.js";
import { redactUrl } from "../src/redact-url.js";
import { fixtureFeed, startFeedServer, type FeedServer } from "./rss-fixtures.js";

const options: FetchFeedOptions = { fetch: (input, init) => fetch(input, init), timeoutMs: 2000, maxBytes: 1_000_000, userAgent: "ops-test/1" };

describe("fetchFeed", () => {
  let server: FeedServer;
  beforeAll(async () => {
    server = await startFeedServer({
      "/cnbc": fixtureFeed("cnbc_top_news_2014-03-13.xml", '"v1"'),
      "/down": { body: Buffer.from("oops"), contentType: "text/plain", status: 503 },
    });
  });
  afterAll(() => server.close());

  it("returns the body and the validators, and identifies itself", async () => {
    const out = await fetchFeed({ url: server.url("/cnbc"), etag: null, lastModified: null }, options);
    expect(out.kind).toBe("fetched");
    if (out.kind !== "fetched") return;
    expect(out.etag).toBe('"v1"');
    expect(out.lastModified).toBe("Wed, 12 Mar 2014 21:57:51 GMT");
    expect(new TextDecoder().decode(out.bytes)).toContain("<rss");
    expect(server.requests.at(-1)).toMatchObject({ ifNoneMatch: undefined, userAgent: "ops-test/1" });
  });

  it("sends If-None-Match / If-Modified-Since and reports 304 as not modified", async () => {
    const out = await fetchFeed({ url: server.url("/cnbc"), etag: '"v1"', lastModified: "Wed, 12 Mar 2014 21:57:51 GMT" }, options);
    expect(out).toEqual({ kind: "not_modified" });
    expect(server.requests.at(-1)).toMatchObject({ ifNoneMatch: '"v1"', ifModifiedSince: "Wed, 12 Mar 2014 21:57:51 GMT" });
  });

  it("turns HTTP errors into a failed outcome with the status", async () => {
    expect(await fetchFeed({ url: server.url("/down"), etag: null, lastModified: null }, options)).toEqual({
      kind: "failed",
      error: "HTTP 503 Service Unavailable",
      status: 503,
    });
  });

  it("rejects a body larger than the cap", async () => {
    const out = await fetchFeed({ url: server.url("/cnbc"), etag: null, lastModified: null }, { ...options, maxBytes: 2048 });
    expect(out).toMatchObject({ kind: "failed", error: expect.stringMatching(/exceeds 2048/) });
  });

  it("gives up after the timeout on a server that never answers", async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const out = await fetchFeed({ url: `http://127.0.0.1:${port}/feed`, etag: null, lastModified: null }, { ...options, timeoutMs: 200 });
      expect(out).toEqual({ kind: "failed", error: "timed out after 200 ms" });
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it("reports a refused connection without throwing", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const out = await fetchFeed({ url: `http://127.0.0.1:${port}/feed`, etag: null, lastModified: null }, options);
    expect(out).toMatchObject({ kind: "failed", error: expect.stringMatching(/ECONNREFUSED/) });
  });

  it("never returns a credential of the URL in its failure text (it is stored in news_feeds.last_error)", async () => {
    // fetch refuses user:password URLs and quotes the URL in its message.
    const out = await fetchFeed({ url: "https://reader:Zq81sEcReT77@feeds.example.com/private.xml", etag: null, lastModified: null }, options);
    expect(out.kind).toBe("failed");
    expect(out.kind === "failed" ? out.error : "").not.toContain("Zq81sEcReT77");
  });
});

describe("redactUrl", () => {
  it("masks credentials in the user info and in secret-looking query parameters", () => {
    expect(redactUrl("https://user:pw@feeds.example.com/rss?apikey=abc123&s=AAPL")).toBe("https://***@feeds.example.com/rss?apikey=***&s=AAPL");
    expect(redactUrl("http://127.0.0.1:8080/rss/cnbc.xml")).toBe("http://127.0.0.1:8080/rss/cnbc.xml");
    expect(redactUrl("not a url")).toBe("<invalid url>");
  });
});

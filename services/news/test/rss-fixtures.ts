// The real RSS/Atom captures in the shared data folder beside the checkout (shared/data/SOURCES.md §3),
// and a local 127.0.0.1 HTTP server that serves them the way feed hosts do (ETag / Last-Modified,
// 304 on a matching conditional GET), with per-path overrides for broken feeds.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** Every raw feed capture in the shared folder (RSS and Atom XML), by file name. */
export function allRssFixtures(): string[] {
  const dir = path.dirname(rssFixturePath("cnbc_top_news_2014-03-13.xml"));
  return readdirSync(dir).filter((f) => /\.(xml|rss)$/.test(f)).sort();
}

export function rssFixturePath(file: string): string {
  const p = path.resolve(repoRoot, "..", "shared", "data", "rss", file);
  if (!existsSync(p)) throw new Error(`fixture missing: ${p} (expected the shared data folder beside the checkout)`);
  return p;
}

export interface ServedFeed {
  body: Uint8Array;
  contentType: string;
  /** When set, the response carries this ETag and honours If-None-Match. */
  etag?: string;
  lastModified?: string;
  status?: number;
  /** Send without Content-Length (chunked), so only the streamed byte count can stop a huge body. */
  chunked?: boolean;
}

export interface FeedServer {
  url(pathname: string): string;
  /** Replace or add what a path serves. */
  set(pathname: string, feed: ServedFeed): void;
  /** Requests seen, in order. */
  requests: Array<{ path: string; ifNoneMatch: string | undefined; ifModifiedSince: string | undefined; userAgent: string | undefined }>;
  close(): Promise<void>;
}

export function fixtureFeed(file: string, etag?: string): ServedFeed {
  const body = readFileSync(rssFixturePath(file));
  const contentType = file.endsWith(".xml") && file.includes("atom") ? "application/atom+xml" : "application/rss+xml";
  return { body, contentType, ...(etag ? { etag, lastModified: "Wed, 12 Mar 2014 21:57:51 GMT" } : {}) };
}

export async function startFeedServer(initial: Record<string, ServedFeed>): Promise<FeedServer> {
  const feeds = new Map(Object.entries(initial));
  const requests: FeedServer["requests"] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const pathname = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    const header = (name: string): string | undefined => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    requests.push({ path: pathname, ifNoneMatch: header("if-none-match"), ifModifiedSince: header("if-modified-since"), userAgent: header("user-agent") });
    const feed = feeds.get(pathname);
    if (!feed) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    const validators: Record<string, string> = {};
    if (feed.etag) validators.etag = feed.etag;
    if (feed.lastModified) validators["last-modified"] = feed.lastModified;
    if (feed.etag && header("if-none-match") === feed.etag) {
      res.writeHead(304, validators).end();
      return;
    }
    const length: Record<string, string> = feed.chunked ? {} : { "content-length": String(feed.body.byteLength) };
    res.writeHead(feed.status ?? 200, { "content-type": feed.contentType, ...length, ...validators });
    res.end(feed.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (pathname) => `http://127.0.0.1:${port}${pathname}`,
    set: (pathname, feed) => void feeds.set(pathname, feed),
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

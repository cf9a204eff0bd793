// The pieces of the bars download that need no HTTP: URL-sized symbol chunks, rate-limit headers, the
// per-key token bucket and the jittered back-off.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TokenBucket, chunkSymbolsForUrl, jitteredBackoffMs, readRateLimitHeaders, sharedTokenBucket } from "../src/index.js";
import { virtualTiming } from "./helpers/virtual-timing.js";

const encodedLength = (chunk: readonly string[]): number => encodeURIComponent(chunk.join(",")).length;

describe("chunkSymbolsForUrl", () => {
  it("keeps every encoded symbol list within the limit, in order, each symbol exactly once", () => {
    const symbol = fc.stringMatching(/^[A-Z]{1,5}(\.[A-Z])?$/);
    fc.assert(
      fc.property(fc.array(symbol, { maxLength: 300 }), fc.integer({ min: 8, max: 400 }), (symbols, max) => {
        const chunks = chunkSymbolsForUrl(symbols, max);
        expect(chunks.flat()).toEqual([...new Set(symbols)]);
        for (const chunk of chunks) expect(encodedLength(chunk)).toBeLessThanOrEqual(max);
        // Greedy: adding the next chunk's first symbol would have crossed the limit.
        for (let i = 0; i + 1 < chunks.length; i++) {
          expect(encodedLength([...(chunks[i] as string[]), (chunks[i + 1] as string[])[0] as string])).toBeGreaterThan(max);
        }
      }),
    );
  });

  it("counts the encoded comma (%2C), not one character per separator", () => {
    expect(chunkSymbolsForUrl(["AAAA", "BBBB", "CCCC"], 11)).toEqual([["AAAA", "BBBB"], ["CCCC"]]);
    expect(chunkSymbolsForUrl(["AAAA", "BBBB", "CCCC"], 10)).toEqual([["AAAA"], ["BBBB"], ["CCCC"]]);
  });
});

describe("readRateLimitHeaders", () => {
  const now = Date.parse("2024-03-05T15:00:00Z");
  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(readRateLimitHeaders(new Headers({ "retry-after": "3" }), now).resumeAtMs).toBe(now + 3_000);
    expect(readRateLimitHeaders(new Headers({ "retry-after": "Tue, 05 Mar 2024 15:00:10 GMT" }), now).resumeAtMs).toBe(now + 10_000);
  });

  it("falls back to X-RateLimit-Reset (Unix seconds) and reads the remaining budget", () => {
    const h = readRateLimitHeaders(new Headers({ "x-ratelimit-reset": String(now / 1000 + 42), "x-ratelimit-remaining": "0" }), now);
    expect(h).toEqual({ resumeAtMs: now + 42_000, remaining: 0 });
  });

  it("prefers Retry-After over the window reset and ignores junk", () => {
    expect(readRateLimitHeaders(new Headers({ "retry-after": "1", "x-ratelimit-reset": String(now / 1000 + 60) }), now).resumeAtMs).toBe(now + 1_000);
    expect(readRateLimitHeaders(new Headers({ "retry-after": "soon", "x-ratelimit-remaining": "many" }), now)).toEqual({ resumeAtMs: undefined, remaining: undefined });
  });
});

describe("TokenBucket", () => {
  it("lets a full budget through at once, then spaces requests at the refill rate", async () => {
    const timing = virtualTiming();
    const bucket = new TokenBucket({ requests: 3, intervalMs: 60_000 }, timing);
    const waits = [];
    for (let i = 0; i < 5; i++) waits.push(await bucket.take());
    expect(waits).toEqual([0, 0, 0, 20_000, 20_000]);
  });

  it("holds every request until a server-imposed pause ends, and forgets tokens saved before it", async () => {
    const timing = virtualTiming();
    const bucket = new TokenBucket({ requests: 100, intervalMs: 60_000 }, timing);
    bucket.pauseUntil(timing.nowMs() + 30_000);
    expect(await bucket.take()).toBe(30_000);
    // One request probes the new window; the next waits a refill step (600 ms at 100/min).
    expect(await bucket.take()).toBe(600);
  });

  it("without a local budget waits only for server pauses", async () => {
    const timing = virtualTiming();
    const bucket = new TokenBucket(undefined, timing);
    expect(await bucket.take()).toBe(0);
    bucket.pauseUntil(timing.nowMs() + 5_000);
    expect(await bucket.take()).toBe(5_000);
    expect(await bucket.take()).toBe(0);
  });

  it("returns -1 without a token once the signal aborts", async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await new TokenBucket({ requests: 1, intervalMs: 1_000 }).take(controller.signal)).toBe(-1);
  });

  it("is one bucket per key and host in the process", () => {
    const a = sharedTokenBucket("http://127.0.0.1:1", "PK-SHARED", undefined);
    expect(sharedTokenBucket("http://127.0.0.1:1", "PK-SHARED", { requests: 5, intervalMs: 1 })).toBe(a);
    expect(sharedTokenBucket("http://127.0.0.1:1", "PK-OTHER", undefined)).not.toBe(a);
    expect(sharedTokenBucket("http://127.0.0.1:2", "PK-SHARED", undefined)).not.toBe(a);
  });
});

describe("jitteredBackoffMs", () => {
  it("waits between half and all of base × 2^attempt, capped", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const step = Math.min(10_000, 250 * 2 ** attempt);
        const delay = jitteredBackoffMs(attempt, 250, 10_000, () => r);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(step / 2));
        expect(delay).toBeLessThanOrEqual(step);
      }),
    );
  });
});

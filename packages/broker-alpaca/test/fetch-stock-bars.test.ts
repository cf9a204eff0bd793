// AlpacaBroker.fetchStockBars over a scripted fetch: URL-sized chunks, paging, 429 handling on the
// key's shared bucket, jittered retries of transient failures, malformed bars kept apart. No network.
import { describe, expect, it } from "vitest";
import { BrokerContractError, BrokerRejectedError, BrokerTransientError, createAlpacaBroker } from "../src/index.js";
import type { MarketDataOptions } from "../src/index.js";
import { createStubFetch, json } from "./helpers/stub-fetch.js";
import type { StubHandler } from "./helpers/stub-fetch.js";
import { virtualTiming } from "./helpers/virtual-timing.js";

let port = 19_000;
/** A fresh data host per broker, so no two tests share a key's bucket. */
function brokerWith(handler: StubHandler, marketData: MarketDataOptions = {}, keyId = "PKBARS") {
  const stub = createStubFetch([{ method: "GET", path: "/v2/stocks/bars", handler }]);
  port += 1;
  const broker = createAlpacaBroker({
    account: "large-100k", keyId, secretKey: "sk-bars-test", tradingUrl: `http://127.0.0.1:${port}`, dataUrl: `http://127.0.0.1:${port}`,
    fetchImpl: stub.fetchImpl, timeoutMs: 2_000, marketData,
  });
  return { broker, requests: stub.requests };
}

const bar = (minute: number, close = 10) => ({ t: new Date(Date.UTC(2024, 2, 5, 14, 30 + minute)).toISOString(), o: 10, h: 10.5, l: 9.5, c: close, v: 100 });
const START = new Date("2024-03-05T14:30:00Z");
const symbolsOf = (url: URL): string[] => (url.searchParams.get("symbols") ?? "").split(",");

describe("AlpacaBroker.fetchStockBars", () => {
  it("splits a 10,000-symbol universe into requests under the URL limit and asks for every symbol once", async () => {
    const universe = Array.from({ length: 10_000 }, (_, i) => `S${i.toString(36).toUpperCase()}`);
    const { broker, requests } = brokerWith((r) => ({ bars: Object.fromEntries(symbolsOf(r.url).map((s) => [s, [bar(0)]])), next_page_token: null }), { maxUrlChars: 4_000 });
    const result = await broker.fetchStockBars({ symbols: universe, start: START, timeframe: "1Min" });
    expect(requests.length).toBeGreaterThan(1);
    // The stub sees the rewritten loopback URL; the real host name is longer by a fixed amount that the overhead budget covers.
    for (const r of requests) expect(r.url.href.length).toBeLessThanOrEqual(4_000);
    expect(requests.flatMap((r) => symbolsOf(r.url)).sort()).toEqual([...universe].sort());
    expect(result.bars).toHaveLength(10_000);
    expect(result.stats).toMatchObject({ chunks: requests.length, pages: requests.length, requests: requests.length, retries: 0, rateLimited: 0 });
  });

  it("waits out a 429 for as long as Retry-After says, on the bucket, and loses no page", async () => {
    const timing = virtualTiming();
    let calls = 0;
    const { broker, requests } = brokerWith(() => {
      calls += 1;
      if (calls === 2) return json({ message: "too many requests" }, 429, { "retry-after": "7" });
      return calls === 1 ? { bars: { AAA: [bar(0)] }, next_page_token: "p2" } : { bars: { AAA: [bar(1)] }, next_page_token: null };
    }, { timing });
    const result = await broker.fetchStockBars({ symbols: ["AAA"], start: START, timeframe: "1Min" });
    expect(result.bars.map((b) => b.ts.toISOString())).toEqual([bar(0).t, bar(1).t]);
    expect(requests.map((r) => r.url.searchParams.get("page_token"))).toEqual([null, "p2", "p2"]);
    expect(timing.sleeps).toEqual([7_000]);
    expect(result.stats).toMatchObject({ requests: 3, pages: 2, rateLimited: 1, retries: 0, waitedMs: 7_000 });
  });

  it("without Retry-After waits until X-RateLimit-Reset", async () => {
    const timing = virtualTiming();
    const resetS = timing.nowMs() / 1000 + 45;
    let calls = 0;
    const { broker } = brokerWith(() => (++calls === 1 ? json({ message: "slow down" }, 429, { "x-ratelimit-reset": String(resetS) }) : { bars: { AAA: [bar(0)] } }), { timing });
    const result = await broker.fetchStockBars({ symbols: ["AAA"], start: START, timeframe: "1Min" });
    expect(result.bars).toHaveLength(1);
    expect(timing.nowMs()).toBe(resetS * 1000);
  });

  it("pauses before the next request when a response says the window is spent (no 429 needed)", async () => {
    const timing = virtualTiming();
    const resetS = timing.nowMs() / 1000 + 30;
    const { broker, requests } = brokerWith((r) => {
      const first = r.url.searchParams.get("page_token") === null;
      return json(first ? { bars: { AAA: [bar(0)] }, next_page_token: "p2" } : { bars: { AAA: [bar(1)] } }, 200,
        { "x-ratelimit-remaining": first ? "0" : "199", "x-ratelimit-reset": String(resetS) });
    }, { timing });
    const result = await broker.fetchStockBars({ symbols: ["AAA"], start: START, timeframe: "1Min" });
    expect(requests).toHaveLength(2);
    expect(result.stats).toMatchObject({ rateLimited: 0, waitedMs: 30_000 });
  });

  it("shares the key's bucket: a window spent by one broker makes another broker with that key wait", async () => {
    const timing = virtualTiming();
    const resetS = timing.nowMs() / 1000 + 30;
    const stub = createStubFetch([{
      method: "GET", path: "/v2/stocks/bars",
      handler: () => json({ bars: { AAA: [bar(0)] } }, 200, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(resetS) }),
    }]);
    const make = (keyId: string) => createAlpacaBroker({
      account: "large-100k", keyId, secretKey: "sk", tradingUrl: "http://127.0.0.1:18999", dataUrl: "http://127.0.0.1:18999",
      fetchImpl: stub.fetchImpl, marketData: { timing },
    });
    const request = { symbols: ["AAA"], start: START, timeframe: "1Min" } as const;
    expect((await make("PK-SHARED-A").fetchStockBars(request)).stats.waitedMs).toBe(0);
    // Same key, new client: it must not send before the reset the first one was told about.
    expect((await make("PK-SHARED-A").fetchStockBars(request)).stats.waitedMs).toBe(30_000);
    // Another key has its own budget.
    expect((await make("PK-SHARED-B").fetchStockBars(request)).stats.waitedMs).toBe(0);
  });

  it("retries a 503 and a network failure with jittered back-off, then succeeds", async () => {
    const timing = virtualTiming();
    let calls = 0;
    const { broker } = brokerWith(() => {
      calls += 1;
      if (calls === 1) return json({ message: "unavailable" }, 503);
      if (calls === 2) throw new TypeError("fetch failed");
      return { bars: { AAA: [bar(0)] } };
    }, { timing, baseDelayMs: 100, maxDelayMs: 1_000 });
    const result = await broker.fetchStockBars({ symbols: ["AAA"], start: START, timeframe: "1Min" });
    expect(result.stats).toMatchObject({ requests: 3, retries: 2 });
    expect(timing.sleeps).toHaveLength(2);
    expect(timing.sleeps[0]).toBeGreaterThanOrEqual(50);
    expect(timing.sleeps[0]).toBeLessThanOrEqual(100);
    expect(timing.sleeps[1]).toBeGreaterThanOrEqual(100);
    expect(timing.sleeps[1]).toBeLessThanOrEqual(200);
  });

  it("gives up after maxAttempts with a transient error, and never retries a 400", async () => {
    const timing = virtualTiming();
    const down = brokerWith(() => json({ message: "down" }, 502), { timing, maxAttempts: 3, baseDelayMs: 1 });
    await expect(down.broker.fetchStockBars({ symbols: ["AAA"], start: START, timeframe: "1Min" })).rejects.toBeInstanceOf(BrokerTransientError);
    expect(down.requests).toHaveLength(3);
    const bad = brokerWith(() => json({ message: "invalid timeframe" }, 400), { timing });
    await expect(bad.broker.fetchStockBars({ symbols: ["AAA"], start: START, timeframe: "1Min" })).rejects.toBeInstanceOf(BrokerRejectedError);
    expect(bad.requests).toHaveLength(1);
  });

  it("keeps the good bars of a page and reports the malformed ones; getStockBars stays strict", async () => {
    const page = { bars: { AAA: [bar(0), { ...bar(1), o: "abc" }, null, bar(2)], BBB: [{ ...bar(0), t: "not a time" }], CCC: "junk" } };
    const { broker } = brokerWith(() => page);
    const result = await broker.fetchStockBars({ symbols: ["AAA", "BBB", "CCC"], start: START, timeframe: "1Min" });
    expect(result.bars.map((b) => `${b.symbol}@${b.ts.toISOString()}`)).toEqual([`AAA@${bar(0).t}`, `AAA@${bar(2).t}`]);
    expect(result.malformed.map((m) => m.symbol)).toEqual(["AAA", "AAA", "BBB", "CCC"]);
    expect(result.malformed[0]?.reason).toMatch(/AAA\.o is not a number/);
    await expect(broker.getStockBars({ symbols: ["AAA"], start: START, timeframe: "1Min" })).rejects.toThrow(/4 malformed bar/);
  });

  it("treats an unreadable envelope as a contract break", async () => {
    const { broker } = brokerWith(() => new Response("<html>502</html>", { status: 200, headers: { "content-type": "text/html" } }));
    await expect(broker.fetchStockBars({ symbols: ["AAA"], start: START, timeframe: "1Min" })).rejects.toBeInstanceOf(BrokerContractError);
  });
});

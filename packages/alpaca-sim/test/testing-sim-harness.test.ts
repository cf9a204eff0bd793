import { describe, expect, it } from "vitest";
import { DAY, LAST_TRADE_SIZE, MovableOptionMarket, at, count, dayBars, defineSimHarness, fixedSession } from "../src/testing/index.js";
import type { SimBrokerConnection } from "../src/testing/index.js";

const CALL = "AAA240306C00101000";
const PUT = "AAA240306P00099000";

describe("MovableOptionMarket", () => {
  const market = () => new MovableOptionMarket({ quotes: { [CALL]: { bid: 2.1, ask: 2.2, delta: 0.42, dailyVolume: 5_000 }, [PUT]: { bid: 2.0, ask: 2.1, last: 2.07, delta: -0.4, dailyVolume: 4_000 } } });

  it("lists the contracts its OCC symbols name, in the order given, for their underlying only", () => {
    expect(market().contracts("AAA")).toEqual([
      { symbol: CALL, underlying: "AAA", expiration: "2024-03-06", type: "call", strike: 101 },
      { symbol: PUT, underlying: "AAA", expiration: "2024-03-06", type: "put", strike: 99 },
    ]);
    expect(market().contracts("BBB")).toEqual([]);
  });

  it("quotes the default, prints at the mid unless a last is given, and derives the session from the quote by default", () => {
    const m = market();
    const asOf = at("10:00");
    expect(m.quote(CALL, asOf)).toMatchObject({ bid: 2.1, ask: 2.2, last: expect.closeTo(2.15, 10), lastSize: LAST_TRADE_SIZE, delta: 0.42, dailyVolume: 5_000, at: asOf });
    expect(m.quote(CALL, asOf)?.dailyBar).toEqual({ ts: at("00:00"), open: 2.1, high: 2.2, low: 2.1, close: 2.2, vwap: 2.1, volume: 5_000, tradeCount: 140 });
    expect(m.quote(PUT, asOf)?.last).toBe(2.07);
    expect(m.quote("AAA240306C00150000", asOf)).toBeUndefined();
  });

  it("moves part of a quote, adding to earlier moves, in either call style", () => {
    const m = market();
    m.setQuote(CALL, { bid: 3.0, ask: 3.2 });
    m.setQuote(CALL, { delta: 0.6 });
    expect(m.quote(CALL, at("10:00"))).toMatchObject({ bid: 3.0, ask: 3.2, last: expect.closeTo(3.1, 10), delta: 0.6, dailyVolume: 5_000 });
    m.setQuote(CALL, 1, 2);
    expect(m.quote(CALL, at("10:00"))).toMatchObject({ bid: 1, ask: 2, delta: 0.6 });
    expect(m.quote(PUT, at("10:00"))).toMatchObject({ bid: 2.0, ask: 2.1 });
  });

  it("refuses to move a contract it does not list", () => {
    expect(() => market().setQuote("AAA240306C00150000", { bid: 1 })).toThrow(/not listed/);
  });

  it("keeps a fixed session whatever the quote", () => {
    const m = new MovableOptionMarket({ quotes: { [CALL]: { bid: 5, ask: 6, delta: 0.5, dailyVolume: 10 } }, session: fixedSession });
    expect(m.quote(CALL, at("10:00"))?.dailyBar).toMatchObject({ open: 2.0, high: 2.3, low: 1.9, close: 2.15, vwap: 2.11, volume: 10 });
  });
});

describe("dayBars", () => {
  it("gives each symbol 390 minute bars on DAY from 09:30, the n-th symbol 50 dollars above the one before", () => {
    const bars = dayBars(["AAA", "BBB"]);
    expect(bars).toHaveLength(780);
    const firstOf = (symbol: string) => bars.find((b) => b.symbol === symbol);
    expect(firstOf("AAA")).toMatchObject({ ts: at("09:30"), open: 100 });
    expect(firstOf("BBB")).toMatchObject({ ts: at("09:30"), open: 150 });
    expect(bars.filter((b) => b.symbol === "AAA").at(-1)).toMatchObject({ ts: at("15:59"), open: 103.89 });
    expect(DAY).toBe("2024-03-05");
  });
});

describe("defineSimHarness", () => {
  // The connection itself stands in for a broker, so the harness is tested without @ops/broker-alpaca.
  function harness() {
    const hooks: (() => Promise<void>)[] = [];
    const startSim = defineSimHarness<SimBrokerConnection>({
      createBroker: (connection) => connection,
      afterEach: (hook) => hooks.push(hook),
      quotes: { [CALL]: { bid: 2.1, ask: 2.2, delta: 0.42, dailyVolume: 5_000 } },
      timeoutMs: 1_234,
    });
    return { startSim, cleanup: () => Promise.all(hooks.map((hook) => hook())) };
  }

  const headers = (c: SimBrokerConnection) => ({ "APCA-API-KEY-ID": c.keyId, "APCA-API-SECRET-KEY": c.secretKey });

  it("connects a broker per account to the simulator, records what reached it, and closes it in the registered hook", async () => {
    const { startSim, cleanup } = harness();
    const h = await startSim();
    try {
      const connection = h.broker("tiny-1k");
      expect(connection).toMatchObject({ account: "tiny-1k", tradingUrl: h.sim.url, dataUrl: h.sim.url, timeoutMs: 1_234, retry: false });
      expect(h.clock.now()).toEqual(at("10:00"));
      const clock = await connection.fetchImpl(`${h.sim.url}/v2/clock?probe=1`, { method: "GET", headers: headers(connection) });
      expect(clock.status).toBe(200);
      expect(h.requests).toEqual(["GET /v2/clock"]);
      expect(h.urls).toEqual([`${h.sim.url}/v2/clock?probe=1`]);
      expect(count(h, "GET /v2/clock")).toBe(1);
      expect(() => h.broker("nobody" as never)).toThrow(/no simulator account/);
    } finally {
      await cleanup();
    }
    await expect(fetch(`${h.sim.url}/v2/clock`)).rejects.toThrow();
  });

  it("lets an intercept answer a request itself (not recorded) or forward it (recorded)", async () => {
    const { startSim, cleanup } = harness();
    const h = await startSim(at("11:00"));
    try {
      const seen: string[] = [];
      const connection = h.broker("large-100k", async (request, forward) => {
        seen.push(request);
        return request === "POST /v2/orders" ? new Response("{}", { status: 503 }) : forward();
      });
      const post = await connection.fetchImpl(`${h.sim.url}/v2/orders`, { method: "POST", headers: headers(connection), body: "{}" });
      expect(post.status).toBe(503);
      await connection.fetchImpl(`${h.sim.url}/v2/clock`, { method: "GET", headers: headers(connection) });
      expect(seen).toEqual(["POST /v2/orders", "GET /v2/clock"]);
      expect(h.requests).toEqual(["GET /v2/clock"]);
      h.advanceTo("11:05");
      expect(h.clock.now()).toEqual(at("11:05"));
    } finally {
      await cleanup();
    }
  });
});

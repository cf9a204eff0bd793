// AlpacaBroker over a scripted fetch: request shapes, outcome classification and paging, no network.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { AuthError, BrokerConfigError, BrokerContractError, BrokerTransientError, createAlpacaBroker } from "../src/index.js";
import type { SubmitOrderRequest } from "../src/index.js";
import { rewriteAlpacaUrl } from "../src/rewrite-fetch.js";
import { loadFixture } from "./helpers/fixtures.js";
import { createStubFetch, hang, json } from "./helpers/stub-fetch.js";
import type { StubRoute } from "./helpers/stub-fetch.js";

const SECRET = "sk-test-6f1c9a0b-never-log-me";
const TRADING = "http://127.0.0.1:18080/trading";
const DATA = "http://127.0.0.1:18081";
type Raw = Record<string, unknown>;

function brokerWith(routes: StubRoute[], overrides: { timeoutMs?: number } = {}) {
  const stub = createStubFetch(routes);
  const broker = createAlpacaBroker({
    account: "large-100k",
    keyId: "PKTEST",
    secretKey: SECRET,
    tradingUrl: TRADING,
    dataUrl: DATA,
    fetchImpl: stub.fetchImpl,
    timeoutMs: overrides.timeoutMs ?? 2_000,
    retry: { maxRetries: 1, retryDelayMs: 1, maxDelayMs: 2 },
  });
  return { broker, requests: stub.requests };
}

const optionEntry: SubmitOrderRequest = {
  clientOrderId: "ops-e-r1234-large-100k-a1",
  symbol: "AAPL260116C00250000",
  qty: 2,
  side: "buy",
  type: "limit",
  limitPrice: 3.45,
  timeInForce: "day",
};
const acceptedOrder = () => loadFixture<Raw>("order-option-accepted.json");
const postOrders = (handler: StubRoute["handler"]): StubRoute => ({ method: "POST", path: "/trading/v2/orders", handler });

describe("AlpacaBroker requests", () => {
  it("sends trading calls to the configured trading URL and data calls to the data URL, with the account's keys", async () => {
    const { broker, requests } = brokerWith([
      { method: "GET", path: "/trading/v2/account", handler: () => loadFixture("account.json") },
      { method: "GET", path: "/v1beta1/options/quotes/latest", handler: () => loadFixture("option-latest-quotes.json") },
    ]);
    await broker.getAccount();
    await broker.getLatestOptionQuotes(["AAPL260116C00250000"]);
    expect(requests.map((r) => r.url.origin + r.url.pathname)).toEqual([
      "http://127.0.0.1:18080/trading/v2/account",
      "http://127.0.0.1:18081/v1beta1/options/quotes/latest",
    ]);
    expect(requests[0]?.headers.get("APCA-API-KEY-ID")).toBe("PKTEST");
    expect(requests[0]?.headers.get("APCA-API-SECRET-KEY")).toBe(SECRET);
  });

  it("submits an option entry as a simple day limit order with buy_to_open and our client order id", async () => {
    const { broker, requests } = brokerWith([postOrders(() => acceptedOrder())]);
    const outcome = await broker.submitOrder(optionEntry);
    expect(outcome.kind).toBe("accepted");
    const body = JSON.parse(requests[0]?.body ?? "{}") as Raw;
    expect(body).toMatchObject({
      symbol: optionEntry.symbol,
      qty: "2",
      side: "buy",
      type: "limit",
      limit_price: "3.45",
      time_in_force: "day",
      order_class: "simple",
      position_intent: "buy_to_open",
      client_order_id: optionEntry.clientOrderId,
    });
  });

  it("refuses locally, without any request, an order that fails validation", async () => {
    const { broker, requests } = brokerWith([postOrders(() => acceptedOrder())]);
    const outcome = await broker.submitOrder({ ...optionEntry, side: "sell" });
    expect(outcome).toMatchObject({ kind: "rejected", status: 0 });
    expect(requests).toHaveLength(0);
  });
});

describe("AlpacaBroker.submitOrder outcomes", () => {
  it.each([
    ["a 500", () => json({ message: "internal server error" }, 500)],
    ["a 502", () => json({ message: "bad gateway" }, 502)],
    ["a connection reset", () => { throw new TypeError("fetch failed"); }],
    ["a malformed 200 body", () => new Response("{not json", { status: 200, headers: { "content-type": "application/json" } })],
  ])("reports %s as unresolved and sends the POST exactly once", async (_label, handler) => {
    const { broker, requests } = brokerWith([postOrders(handler)]);
    const outcome = await broker.submitOrder(optionEntry);
    expect(outcome.kind).toBe("unresolved");
    expect(requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it("reports a POST that outlives the deadline as unresolved", async () => {
    const { broker, requests } = brokerWith([postOrders(hang)], { timeoutMs: 50 });
    const outcome = await broker.submitOrder(optionEntry);
    expect(outcome.kind).toBe("unresolved");
    expect(requests).toHaveLength(1);
  });

  it("reports Alpaca's 403 buying-power refusal as a rejection carrying the message", async () => {
    const message = "insufficient options buying power for cash-secured put";
    const { broker } = brokerWith([postOrders(() => json({ code: 40310000, message }, 403))]);
    const outcome = await broker.submitOrder(optionEntry);
    expect(outcome).toEqual({ kind: "rejected", status: 403, message, code: 40310000 });
  });

  it("reports a 422 validation error as a rejection", async () => {
    const { broker } = brokerWith([postOrders(() => json({ code: 42210000, message: "qty must be > 0" }, 422))]);
    expect(await broker.submitOrder(optionEntry)).toMatchObject({ kind: "rejected", status: 422 });
  });

  it("settles a duplicate client order id by returning the order already placed", async () => {
    const { broker, requests } = brokerWith([
      postOrders(() => json({ code: 40010001, message: "client_order_id must be unique" }, 422)),
      { method: "GET", path: "/trading/v2/orders:by_client_order_id", handler: () => acceptedOrder() },
    ]);
    const outcome = await broker.submitOrder(optionEntry);
    expect(outcome.kind).toBe("accepted");
    expect(outcome.kind === "accepted" && outcome.order.clientOrderId).toBe(optionEntry.clientOrderId);
    expect(requests[1]?.url.searchParams.get("client_order_id")).toBe(optionEntry.clientOrderId);
  });

  it("throws AuthError on 401 so the caller can refresh the secret once", async () => {
    const { broker } = brokerWith([postOrders(() => json({ code: 40110000, message: "request is not authorized" }, 401))]);
    await expect(broker.submitOrder(optionEntry)).rejects.toBeInstanceOf(AuthError);
  });

  it("throws BrokerTransientError on 429 (nothing was placed) and does not retry the POST", async () => {
    const { broker, requests } = brokerWith([postOrders(() => json({ message: "too many requests" }, 429, { "retry-after": "0" }))]);
    await expect(broker.submitOrder(optionEntry)).rejects.toBeInstanceOf(BrokerTransientError);
    expect(requests).toHaveLength(1);
  });
});

describe("AlpacaBroker reads", () => {
  it("returns undefined for an unknown client order id (404)", async () => {
    const { broker } = brokerWith([{ method: "GET", path: "/trading/v2/orders:by_client_order_id", handler: () => json({ message: "order not found" }, 404) }]);
    expect(await broker.getOrderByClientOrderId("nope")).toBeUndefined();
  });

  it.each([401, 403])("throws AuthError for HTTP %d on a read", async (status) => {
    const { broker } = brokerWith([{ method: "GET", path: "/trading/v2/account", handler: () => json({ message: "forbidden" }, status) }]);
    await expect(broker.getAccount()).rejects.toBeInstanceOf(AuthError);
  });

  it("retries a failing GET, then throws BrokerTransientError", async () => {
    const { broker, requests } = brokerWith([{ method: "GET", path: "/trading/v2/positions", handler: () => json({ message: "unavailable" }, 503) }]);
    await expect(broker.listPositions()).rejects.toBeInstanceOf(BrokerTransientError);
    expect(requests).toHaveLength(2);
  });

  it("looks an asset up by its URL-encoded symbol and returns undefined on 404", async () => {
    const { broker, requests } = brokerWith([
      { method: "GET", path: "/trading/v2/assets/AAPL", handler: () => loadFixture("asset.json") },
      { method: "GET", path: /^\/trading\/v2\/assets\/BTC/, handler: () => json({ code: 40410000, message: "asset not found for BTC/USD" }, 404) },
    ]);
    expect(await broker.getAsset("AAPL")).toMatchObject({ symbol: "AAPL", status: "active", tradable: true, hasOptions: true });
    expect(await broker.getAsset("BTC/USD")).toBeUndefined();
    expect(requests.map((r) => r.url.pathname)).toEqual(["/trading/v2/assets/AAPL", "/trading/v2/assets/BTC%2FUSD"]);
    await expect(broker.getAsset("")).rejects.toBeInstanceOf(RangeError);
    expect(requests).toHaveLength(2);
  });

  it("retries a failing asset lookup, then throws BrokerTransientError; an unreadable answer is a contract error", async () => {
    const failing = brokerWith([{ method: "GET", path: "/trading/v2/assets/AAPL", handler: () => json({ message: "unavailable" }, 503) }]);
    await expect(failing.broker.getAsset("AAPL")).rejects.toBeInstanceOf(BrokerTransientError);
    expect(failing.requests).toHaveLength(2);

    const html = brokerWith([{ method: "GET", path: "/trading/v2/assets/AAPL", handler: () => new Response("<html>oops</html>", { status: 200 }) }]);
    await expect(html.broker.getAsset("AAPL")).rejects.toBeInstanceOf(BrokerContractError);
    const wrong = brokerWith([{ method: "GET", path: "/trading/v2/assets/AAPL", handler: () => ({ ...loadFixture<Raw>("asset.json"), symbol: "MSFT" }) }]);
    await expect(wrong.broker.getAsset("AAPL")).rejects.toThrow(/asked for asset AAPL, broker answered MSFT/);
  });

  it("maps cancel results: 204 canceled, 422 not cancelable, 404 not found", async () => {
    const statuses: Record<string, number> = { a: 204, b: 422, c: 404 };
    const { broker } = brokerWith([
      {
        method: "DELETE",
        path: /^\/trading\/v2\/orders\/[abc]$/,
        handler: (r) => {
          const status = statuses[r.url.pathname.slice(-1)] ?? 500;
          return status === 204 ? new Response(null, { status }) : json({ message: "x" }, status);
        },
      },
    ]);
    expect([await broker.cancelOrder("a"), await broker.cancelOrder("b"), await broker.cancelOrder("c")]).toEqual(["canceled", "not_cancelable", "not_found"]);
  });
});

describe("AlpacaBroker.closePosition", () => {
  const positions = () => loadFixture<Raw[]>("positions.json");
  const option = () => positions()[1] as Raw;
  const closeOrder = (symbol: string, qty: string) => ({ ...acceptedOrder(), symbol, qty, side: "sell", position_intent: "sell_to_close", client_order_id: "alpaca-generated" });

  it("closes the exact OCC symbol through DELETE /v2/positions, never an order on the underlying", async () => {
    const symbol = String(option().symbol);
    const { broker, requests } = brokerWith([
      { method: "DELETE", path: `/trading/v2/positions/${symbol}`, handler: () => closeOrder(symbol, String(option().qty)) },
    ]);
    const outcome = await broker.closePosition(symbol);
    expect(outcome.kind === "accepted" && outcome.order.symbol).toBe(symbol);
    expect(requests.map((r) => `${r.method} ${r.url.pathname}`)).toEqual([`DELETE /trading/v2/positions/${symbol}`]);
  });

  it("refuses to close more than is held, without sending the DELETE", async () => {
    const symbol = String(option().symbol);
    const held = Number(option().qty);
    const { broker, requests } = brokerWith([{ method: "GET", path: `/trading/v2/positions/${symbol}`, handler: () => option() }]);
    const outcome = await broker.closePosition(symbol, { qty: held + 1 });
    expect(outcome).toMatchObject({ kind: "rejected", status: 0 });
    expect(requests.some((r) => r.method === "DELETE")).toBe(false);
  });

  it("sends a partial close with the requested quantity", async () => {
    const symbol = String(option().symbol);
    const { broker, requests } = brokerWith([
      { method: "GET", path: `/trading/v2/positions/${symbol}`, handler: () => option() },
      { method: "DELETE", path: `/trading/v2/positions/${symbol}`, handler: () => closeOrder(symbol, "1") },
    ]);
    expect((await broker.closePosition(symbol, { qty: 1 })).kind).toBe("accepted");
    expect(requests.at(-1)?.url.searchParams.get("qty")).toBe("1");
  });

  it("reports a close with no position as a 404 rejection and a lost response as unresolved", async () => {
    const { broker } = brokerWith([
      { method: "DELETE", path: "/trading/v2/positions/AAPL", handler: () => json({ code: 40410000, message: "position does not exist" }, 404) },
      { method: "DELETE", path: "/trading/v2/positions/BAC", handler: () => json({ message: "oops" }, 500) },
    ]);
    expect(await broker.closePosition("AAPL")).toMatchObject({ kind: "rejected", status: 404 });
    expect((await broker.closePosition("BAC")).kind).toBe("unresolved");
  });
});

describe("AlpacaBroker paging", () => {
  it("follows next_page_token until done and returns every bar once", async () => {
    const pages = [loadFixture<Raw>("stock-bars-page-1.json"), loadFixture<Raw>("stock-bars-page-2.json")];
    const { broker, requests } = brokerWith([
      { method: "GET", path: "/v2/stocks/bars", handler: (r) => (r.url.searchParams.get("page_token") ? pages[1] : pages[0]) },
    ]);
    const start = new Date("2026-01-15T14:30:00Z");
    const bars = await broker.getStockBars({ symbols: ["AAPL", "MSFT"], start, timeframe: "1Min", limit: 3 });
    const expected = pages.flatMap((p) => Object.values(p.bars as Record<string, unknown[]>)).flat().length;
    expect(bars).toHaveLength(expected);
    expect(new Set(bars.map((b) => `${b.symbol}@${b.ts.toISOString()}`)).size).toBe(expected);
    expect(requests).toHaveLength(2);
    expect(requests[1]?.url.searchParams.get("page_token")).toBe(pages[0]?.next_page_token);
    expect(requests[0]?.url.searchParams.get("feed")).toBe("iex");
    expect(requests[0]?.url.searchParams.get("timeframe")).toBe("1Min");
    expect(requests[0]?.url.searchParams.get("symbols")).toBe("AAPL,MSFT");
  });

  it("stops on a repeated page token instead of looping forever", async () => {
    const { broker } = brokerWith([{ method: "GET", path: "/v2/stocks/bars", handler: () => ({ bars: {}, next_page_token: "same" }) }]);
    await expect(broker.getStockBars({ symbols: ["AAPL"], start: new Date(0), timeframe: "1Min" })).rejects.toThrow(/repeated/);
  });

  it("pages FILL activities by the last activity id", async () => {
    const template = loadFixture<Raw[]>("activities-fill.json")[0] as Raw;
    const page1 = Array.from({ length: 100 }, (_, i) => ({ ...template, id: `fill-${String(i).padStart(3, "0")}` }));
    const page2 = [{ ...template, id: "fill-100" }];
    const { broker, requests } = brokerWith([
      { method: "GET", path: "/trading/v2/account/activities", handler: (r) => (r.url.searchParams.get("page_token") ? page2 : page1) },
    ]);
    const since = new Date("2026-01-15T00:00:00Z");
    const fills = await broker.listFills(since);
    expect(fills.map((f) => f.id)).toEqual([...page1, ...page2].map((a) => a.id));
    expect(requests[0]?.url.searchParams.get("activity_types")).toBe("FILL");
    expect(requests[0]?.url.searchParams.get("after")).toBe(since.toISOString());
    expect(requests[1]?.url.searchParams.get("page_token")).toBe("fill-099");
  });

  it("asks for latest quotes in chunks of 100 and keys them by the exact symbols requested", async () => {
    const symbols = Array.from({ length: 150 }, (_, i) => `SPY260115C${String(500_000 + i * 1000).padStart(8, "0")}`);
    const { broker, requests } = brokerWith([
      {
        method: "GET",
        path: "/v1beta1/options/quotes/latest",
        handler: (r) => {
          const asked = (r.url.searchParams.get("symbols") ?? "").split(",");
          const quote = { ap: 1.1, as: 1, ax: "C", bp: 1.0, bs: 1, bx: "C", c: "A", t: "2026-01-15T15:00:00Z" };
          return { quotes: Object.fromEntries([...asked, "SPY"].map((s) => [s, quote])) };
        },
      },
    ]);
    const quotes = await broker.getLatestOptionQuotes(symbols);
    expect(requests).toHaveLength(2);
    expect([...quotes.keys()].sort()).toEqual([...symbols].sort());
  });
});

describe("secrets", () => {
  it("never appear when the broker is serialised, inspected or fails", async () => {
    const { broker } = brokerWith([
      { method: "GET", path: "/trading/v2/account", handler: () => json({ message: "request is not authorized" }, 401) },
      postOrders(() => { throw new TypeError("fetch failed"); }),
    ]);
    expect(JSON.stringify(broker)).not.toContain(SECRET);
    expect(inspect(broker, { depth: 10, showHidden: true })).not.toContain(SECRET);
    const readError = await broker.getAccount().catch((error: unknown) => error);
    expect(inspect(readError, { depth: 10 })).not.toContain(SECRET);
    const outcome = await broker.submitOrder(optionEntry);
    expect(outcome.kind === "unresolved" && inspect(outcome.error, { depth: 10 })).not.toContain(SECRET);
  });
});

describe("rewriteAlpacaUrl", () => {
  const targets = { tradingUrl: new URL(TRADING), dataUrl: new URL(DATA) };
  it("maps the SDK's paper and data origins onto the configured base URLs", () => {
    expect(rewriteAlpacaUrl("https://paper-api.alpaca.markets/v2/orders?status=open", targets)).toBe("http://127.0.0.1:18080/trading/v2/orders?status=open");
    expect(rewriteAlpacaUrl("https://data.alpaca.markets/v2/stocks/bars?symbols=A", targets)).toBe("http://127.0.0.1:18081/v2/stocks/bars?symbols=A");
  });
  it("refuses the live origin and any other origin", () => {
    expect(() => rewriteAlpacaUrl("https://api.alpaca.markets/v2/orders", targets)).toThrow(BrokerConfigError);
    expect(() => rewriteAlpacaUrl("https://example.com/v2/orders", targets)).toThrow(BrokerConfigError);
  });
});

import { describe, expect, it } from "vitest";
import {
  BrokerConfigError,
  LIVE_TRADING_URL,
  MARKET_DATA_URL,
  PAPER_TRADING_URL,
  assertDataHostAllowed,
  assertTradingHostAllowed,
  createAlpacaClient,
  isLoopbackHost,
  loadBrokerConfig,
} from "../src/index.js";

describe("assertTradingHostAllowed", () => {
  it.each([
    PAPER_TRADING_URL,
    `${PAPER_TRADING_URL}/`,
    "http://127.0.0.1:8787",
    "http://127.5.6.7:1",
    "http://localhost:3000",
    "http://[::1]:4000",
  ])("allows %s without allowLive", (url) => {
    expect(assertTradingHostAllowed(url).href.startsWith(url.replace(/\/$/, ""))).toBe(true);
  });

  it("refuses the live host unless allowLive is true, naming the setting", () => {
    expect(() => assertTradingHostAllowed(LIVE_TRADING_URL)).toThrow(BrokerConfigError);
    expect(() => assertTradingHostAllowed(LIVE_TRADING_URL)).toThrow(/OPS_ALLOW_LIVE_TRADING/);
    expect(() => assertTradingHostAllowed(LIVE_TRADING_URL, { allowLive: false })).toThrow(/OPS_ALPACA_TRADING_URL/);
    expect(assertTradingHostAllowed(LIVE_TRADING_URL, { allowLive: true }).hostname).toBe("api.alpaca.markets");
  });

  it.each([
    "https://evil.example.com",
    "https://paper-api.alpaca.markets.evil.example.com",
    "https://api.alpaca.markets.example.org",
    "http://paper-api.alpaca.markets",
    "http://10.0.0.5:8787",
    "http://128.0.0.1:8787",
  ])("refuses %s even with allowLive", (url) => {
    expect(() => assertTradingHostAllowed(url, { allowLive: true })).toThrow(/OPS_ALPACA_TRADING_URL/);
  });

  it("refuses URLs that are not http(s) or embed credentials", () => {
    expect(() => assertTradingHostAllowed("ftp://127.0.0.1/")).toThrow(BrokerConfigError);
    expect(() => assertTradingHostAllowed("not a url")).toThrow(/not a valid URL/);
    expect(() => assertTradingHostAllowed("http://key:secret@127.0.0.1:1/")).toThrow(/credentials/);
  });
});

describe("isLoopbackHost", () => {
  it.each(["127.0.0.1", "127.255.255.254", "localhost", "api.localhost", "::1", "[::1]"])("treats %s as loopback", (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });
  it.each(["0.0.0.0", "128.0.0.1", "127.0.0.256", "localhost.evil.com", "::2", "paper-api.alpaca.markets"])("treats %s as remote", (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});

describe("assertDataHostAllowed", () => {
  it("allows Alpaca's data hosts over https and loopback", () => {
    expect(assertDataHostAllowed(MARKET_DATA_URL).hostname).toBe("data.alpaca.markets");
    expect(assertDataHostAllowed("https://data.sandbox.alpaca.markets").hostname).toBe("data.sandbox.alpaca.markets");
    expect(assertDataHostAllowed("http://127.0.0.1:9999").port).toBe("9999");
  });
  it("refuses other hosts so the keys cannot travel there", () => {
    expect(() => assertDataHostAllowed("https://data.example.com")).toThrow(/OPS_ALPACA_DATA_URL/);
    expect(() => assertDataHostAllowed("http://data.alpaca.markets")).toThrow(/OPS_ALPACA_DATA_URL/);
  });
});

describe("loadBrokerConfig", () => {
  it("defaults to the paper and data hosts with live trading off", () => {
    expect(loadBrokerConfig({})).toEqual({ tradingUrl: PAPER_TRADING_URL, dataUrl: MARKET_DATA_URL, allowLive: false });
  });

  it("reads the simulator URLs from the environment", () => {
    const config = loadBrokerConfig({ OPS_ALPACA_TRADING_URL: "http://127.0.0.1:8787", OPS_ALPACA_DATA_URL: "http://127.0.0.1:8787" });
    expect(config.tradingUrl).toBe("http://127.0.0.1:8787");
    expect(config.dataUrl).toBe("http://127.0.0.1:8787");
    expect(config.allowLive).toBe(false);
  });

  it("refuses the live host when OPS_ALLOW_LIVE_TRADING is unset or false", () => {
    expect(() => loadBrokerConfig({ OPS_ALPACA_TRADING_URL: LIVE_TRADING_URL })).toThrow(/OPS_ALLOW_LIVE_TRADING/);
    expect(() => loadBrokerConfig({ OPS_ALPACA_TRADING_URL: LIVE_TRADING_URL, OPS_ALLOW_LIVE_TRADING: "false" })).toThrow(BrokerConfigError);
  });

  it("accepts the live host only with an explicit true", () => {
    expect(loadBrokerConfig({ OPS_ALPACA_TRADING_URL: LIVE_TRADING_URL, OPS_ALLOW_LIVE_TRADING: "true" }).allowLive).toBe(true);
  });

  it("fails closed on an unrecognised OPS_ALLOW_LIVE_TRADING value and reports every problem at once", () => {
    let message = "";
    try {
      loadBrokerConfig({ OPS_ALLOW_LIVE_TRADING: "yes", OPS_ALPACA_TRADING_URL: "https://evil.example.com", OPS_ALPACA_DATA_URL: "https://x.example.com" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/OPS_ALLOW_LIVE_TRADING/);
    expect(message).toMatch(/OPS_ALPACA_TRADING_URL/);
    expect(message).toMatch(/OPS_ALPACA_DATA_URL/);
  });
});

describe("createAlpacaClient", () => {
  const keys = { keyId: "PKTESTKEY", secretKey: "test-secret-value" };

  it("refuses the live host at construction", () => {
    expect(() => createAlpacaClient({ account: "large-100k", ...keys, tradingUrl: LIVE_TRADING_URL })).toThrow(/OPS_ALLOW_LIVE_TRADING/);
  });

  it("refuses empty keys instead of falling back to APCA_* environment variables", () => {
    expect(() => createAlpacaClient({ account: "tiny-1k", keyId: "", secretKey: "x" })).toThrow(BrokerConfigError);
    expect(() => createAlpacaClient({ account: "tiny-1k", keyId: "x", secretKey: " " })).toThrow(BrokerConfigError);
  });

  it("refuses an account id outside the closed set (seed failure 12)", () => {
    expect(() => createAlpacaClient({ account: "large-default" as never, ...keys })).toThrow(/unknown account/);
  });

  it("builds a paper client by default", () => {
    const client = createAlpacaClient({ account: "large-100k", ...keys });
    expect(client.sdk.paper).toBe(true);
    expect(client.tradingUrl).toBe(`${PAPER_TRADING_URL}/`);
  });
});

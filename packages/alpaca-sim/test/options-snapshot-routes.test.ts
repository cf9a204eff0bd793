import { etDateTime } from "@ops/core";
import { describe, expect, it } from "vitest";
import type { RouteResponse } from "../src/http/router.js";
import { generateBars } from "../src/market-data/generate-bars.js";
import { InMemoryMarketData } from "../src/market-data/in-memory-market-data.js";
import { SyntheticOptionMarket } from "../src/market-data/options/synthetic-option-market.js";
import type { DataRouteDeps } from "../src/routes/data-route-deps.js";
import { getLatestOptionQuotes, getLatestOptionTrades, getOptionChain, getOptionSnapshots } from "../src/routes/option-routes.js";
import { getRequest } from "./data-fixtures.js";

const DAY = "2013-10-07";
const md = new InMemoryMarketData([
  ...generateBars({ symbols: ["SPY"], day: "2013-10-04", seed: 3, startPrices: { SPY: 168 } }),
  ...generateBars({ symbols: ["SPY"], day: DAY, seed: 3, startPrices: { SPY: 168 } }),
]);
const market = new SyntheticOptionMarket(md);
const deps: DataRouteDeps = { marketData: md, optionMarket: market };
const now = etDateTime(DAY, "11:30");

type Snapshot = {
  latestQuote: Record<string, unknown>;
  latestTrade: Record<string, unknown>;
  greeks: Record<string, number>;
  impliedVolatility: number;
  dailyBar: Record<string, unknown>;
};
interface ChainBody { snapshots: Record<string, Snapshot>; next_page_token: string | null }

function ok<T>(res: RouteResponse): T {
  expect(res.status).toBe(200);
  return res.body as T;
}

function chain(query: Record<string, string>): ChainBody {
  return ok<ChainBody>(getOptionChain(getRequest("/v1beta1/options/snapshots/SPY", query, now, { underlying: "SPY" }), deps));
}

describe("GET /v1beta1/options/snapshots/{underlying}", () => {
  it("returns Alpaca's snapshot fields for each contract", () => {
    const body = chain({ feed: "indicative", limit: "5" });
    const [occ, snap] = Object.entries(body.snapshots)[0]!;
    expect(occ).toMatch(/^SPY\d{6}[CP]\d{8}$/);
    expect(Object.keys(snap.latestQuote).sort()).toEqual(["ap", "as", "ax", "bp", "bs", "bx", "c", "t"]);
    expect(Object.keys(snap.latestTrade).sort()).toEqual(["c", "p", "s", "t", "x"]);
    expect(Object.keys(snap.greeks).sort()).toEqual(["delta", "gamma", "rho", "theta", "vega"]);
    expect(Object.keys(snap.dailyBar).sort()).toEqual(["c", "h", "l", "n", "o", "t", "v", "vw"]);
    expect(typeof snap.impliedVolatility).toBe("number");
    const quote = market.quote(occ, now)!;
    expect(snap.latestQuote).toMatchObject({ bp: quote.bid, ap: quote.ask, bs: quote.bidSize, as: quote.askSize });
    // The day's volume is in dailyBar.v, not in the last trade's size (seed failure 13).
    expect(snap.dailyBar["v"]).toBe(quote.dailyVolume);
    expect(Date.parse(snap.latestQuote["t"] as string)).toBeLessThanOrEqual(now.getTime());
  });

  it("filters by type, strike range and expiration window", () => {
    const body = chain({ type: "put", strike_price_gte: "165", strike_price_lte: "170", expiration_date_gte: "2013-10-08", expiration_date_lte: "2013-10-11", limit: "1000" });
    const occs = Object.keys(body.snapshots);
    expect(occs.length).toBeGreaterThan(0);
    for (const occ of occs) {
      const contract = market.contracts("SPY", now).find((c) => c.symbol === occ)!;
      expect(contract.type).toBe("put");
      expect(contract.strike).toBeGreaterThanOrEqual(165);
      expect(contract.strike).toBeLessThanOrEqual(170);
      expect(contract.expiration >= "2013-10-08" && contract.expiration <= "2013-10-11").toBe(true);
    }
    const expected = market.contracts("SPY", now).filter((c) => c.type === "put" && c.strike >= 165 && c.strike <= 170 && c.expiration >= "2013-10-08" && c.expiration <= "2013-10-11");
    expect(occs).toHaveLength(expected.length);
    const one = chain({ expiration_date: "2013-10-09", limit: "1000" });
    expect(Object.keys(one.snapshots).every((s) => s.startsWith("SPY131009"))).toBe(true);
  });

  it("pages through the whole chain, every contract exactly once", () => {
    const seen: string[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const body = chain(token ? { limit: "250", page_token: token } : { limit: "250" });
      for (const occ of Object.keys(body.snapshots)) seen.push(occ);
      expect(Object.keys(body.snapshots).length).toBeLessThanOrEqual(250);
      token = body.next_page_token;
      pages += 1;
    } while (token !== null && pages < 100);
    const all = market.contracts("SPY", now).map((c) => c.symbol);
    expect(seen.length).toBe(all.length);
    expect(new Set(seen)).toEqual(new Set(all));
    expect(pages).toBe(Math.ceil(all.length / 250));
  });

  it("defaults to 100 contracts and rejects a limit over 1000", () => {
    expect(Object.keys(chain({}).snapshots)).toHaveLength(100);
    const res = getOptionChain(getRequest("/v1beta1/options/snapshots/SPY", { limit: "1001" }, now, { underlying: "SPY" }), deps);
    expect(res.status).toBe(400);
  });

  it("returns an empty chain for an underlying without data", () => {
    const body = ok<ChainBody>(getOptionChain(getRequest("/v1beta1/options/snapshots/QQQ", {}, now, { underlying: "QQQ" }), deps));
    expect(body).toEqual({ snapshots: {}, next_page_token: null });
  });
});

describe("option snapshots and latest quotes by symbol", () => {
  const occs = ["SPY131011C00168000", "SPY131011P00168000", "SPY131011C00999000", "NOTANOPTION"];

  it("GET /v1beta1/options/snapshots?symbols= answers for the symbols it can price", () => {
    const body = ok<ChainBody>(getOptionSnapshots(getRequest("/v1beta1/options/snapshots", { symbols: occs.join(",") }, now), deps));
    expect(Object.keys(body.snapshots).sort()).toEqual(["SPY131011C00168000", "SPY131011C00999000", "SPY131011P00168000"]);
  });

  it("GET /v1beta1/options/quotes/latest gives bid/ask for marking positions", () => {
    const body = ok<{ quotes: Record<string, { bp: number; ap: number }> }>(
      getLatestOptionQuotes(getRequest("/v1beta1/options/quotes/latest", { symbols: occs.slice(0, 2).join(",") }, now), deps),
    );
    const q = market.quote("SPY131011C00168000", now)!;
    expect(body.quotes["SPY131011C00168000"]).toMatchObject({ bp: q.bid, ap: q.ask });
    expect(Object.keys(body.quotes)).toHaveLength(2);
  });

  it("GET /v1beta1/options/trades/latest gives the last trade", () => {
    const body = ok<{ trades: Record<string, { p: number; s: number }> }>(
      getLatestOptionTrades(getRequest("/v1beta1/options/trades/latest", { symbols: "SPY131011C00168000" }, now), deps),
    );
    expect(body.trades["SPY131011C00168000"]!.p).toBe(market.quote("SPY131011C00168000", now)!.last);
  });

  it("requires symbols", () => {
    expect(getLatestOptionQuotes(getRequest("/v1beta1/options/quotes/latest", {}, now), deps).status).toBe(400);
  });
});

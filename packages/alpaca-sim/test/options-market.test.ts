import { readFileSync } from "node:fs";
import path from "node:path";
import { etDateTime, isNyseTradingDate, weekdayOf } from "@ops/core";
import type { Bar } from "@ops/trading";
import { beforeAll, describe, expect, it } from "vitest";
import { InMemoryMarketData } from "../src/market-data/in-memory-market-data.js";
import { parseLeanTradeZip } from "../src/market-data/lean-trade-zip.js";
import { blackScholes } from "../src/market-data/options/bs.js";
import { SyntheticOptionMarket } from "../src/market-data/options/synthetic-option-market.js";
import { leanMinuteDir } from "./data-fixtures.js";

function lean(symbol: string, day: string): Bar[] {
  const file = path.join(leanMinuteDir, symbol.toLowerCase(), `${day.replaceAll("-", "")}_trade.zip`);
  return parseLeanTradeZip(readFileSync(file), { symbol, day }).bars;
}

let bars: Bar[];
let md: InMemoryMarketData;
let market: SyntheticOptionMarket;

beforeAll(() => {
  bars = [...lean("SPY", "2013-10-04"), ...lean("SPY", "2013-10-07"), ...lean("BAC", "2013-10-07"), ...lean("IBM", "2013-10-07")];
  md = new InMemoryMarketData(bars);
  market = new SyntheticOptionMarket(md);
});

const at = (day: string, hhmm: string): Date => etDateTime(day, hhmm);

function spreadPct(q: { bid: number; ask: number }): number {
  return (q.ask - q.bid) / ((q.ask + q.bid) / 2);
}

describe("SyntheticOptionMarket contracts", () => {
  it("lists nothing and quotes nothing before the underlying has a complete bar", () => {
    const first = md.nextBarAtOrAfter("SPY", new Date(0))!;
    expect(market.contracts("SPY", first.ts)).toEqual([]);
    expect(market.quote("SPY131004C00168000", new Date(first.ts.getTime() + 59_000))).toBeUndefined();
    expect(market.contracts("QQQ", at("2013-10-07", "10:00"))).toEqual([]);
  });

  it("lists SPY calls and puts at $1 strikes around the previous close, daily 0–7 DTE plus weekly Fridays to ~45 days", () => {
    const prevClose = md.lastBarBefore("SPY", at("2013-10-07", "00:00"))!.close;
    const chain = market.contracts("SPY", at("2013-10-07", "10:00"));
    const strikes = [...new Set(chain.map((c) => c.strike))].sort((a, b) => a - b);
    expect(strikes.every((k) => Number.isInteger(k))).toBe(true);
    expect(strikes[0]!).toBeLessThan(prevClose * 0.9);
    expect(strikes[strikes.length - 1]!).toBeGreaterThan(prevClose * 1.1);
    const expiries = [...new Set(chain.map((c) => c.expiration))].sort();
    expect(expiries.slice(0, 6)).toEqual(["2013-10-07", "2013-10-08", "2013-10-09", "2013-10-10", "2013-10-11", "2013-10-14"]);
    const later = expiries.filter((e) => e > "2013-10-14");
    expect(later.every((e) => weekdayOf(e) === 5)).toBe(true);
    expect(later[later.length - 1]! <= "2013-11-21").toBe(true);
    expect(later.length).toBeGreaterThanOrEqual(5);
    expect(expiries.every(isNyseTradingDate)).toBe(true);
    expect(chain.filter((c) => c.type === "call")).toHaveLength(chain.length / 2);
    const sample = chain.find((c) => c.expiration === "2013-10-11" && c.type === "put" && c.strike === 168)!;
    expect(sample.symbol).toBe("SPY131011P00168000");
    // The grid is fixed for the day: it does not move with the price.
    expect(market.contracts("SPY", at("2013-10-07", "15:30"))).toEqual(chain);
  });

  it("lists weekly Fridays only for single stocks, with $0.50 strikes under $25", () => {
    const ibm = market.contracts("IBM", at("2013-10-07", "11:00"));
    expect(new Set(ibm.map((c) => weekdayOf(c.expiration)))).toEqual(new Set([5]));
    const bac = market.contracts("BAC", at("2013-10-07", "11:00"));
    const bacStrikes = [...new Set(bac.map((c) => c.strike))].sort((a, b) => a - b);
    expect(bacStrikes[1]! - bacStrikes[0]!).toBe(0.5);
  });
});

describe("SyntheticOptionMarket quotes", () => {
  const now = at("2013-10-07", "11:00");

  it("prices from the last complete underlying bar with Black–Scholes, bid <= mid <= ask", () => {
    const spot = md.lastBarBefore("SPY", now)!.close;
    const q = market.quote("SPY131018C00168000", now)!;
    expect(q.underlyingPrice).toBe(spot);
    expect(q.at.getTime()).toBeLessThanOrEqual(now.getTime());
    const years = (etDateTime("2013-10-18", "16:00").getTime() - q.at.getTime()) / (365 * 86_400_000);
    const model = blackScholes({ type: "call", spot, strike: 168, years, rate: 0.02, vol: q.iv });
    expect(q.bid).toBeLessThanOrEqual(model.price);
    expect(q.ask).toBeGreaterThanOrEqual(model.price);
    expect(q.delta).toBeCloseTo(model.delta, 10);
    expect(q.theta).toBeLessThan(0);
    expect(q.vega).toBeGreaterThan(0);
    const put = market.quote("SPY131018P00168000", now)!;
    expect(put.delta).toBeLessThan(0);
    expect(put.delta).toBeGreaterThan(-1);
  });

  it("never looks ahead: quotes are identical whether or not later bars exist", () => {
    const truncated = new SyntheticOptionMarket(new InMemoryMarketData(bars.filter((b) => b.ts.getTime() < now.getTime())));
    for (const occ of ["SPY131018C00168000", "SPY131007P00166000", "IBM131018C00185000"]) {
      expect(truncated.quote(occ, now)).toEqual(market.quote(occ, now));
    }
  });

  it("is deterministic", () => {
    const again = new SyntheticOptionMarket(md);
    expect(again.quote("SPY131011C00169000", now)).toEqual(market.quote("SPY131011C00169000", now));
  });

  it("has a put skew: out-of-the-money puts carry more implied vol than at-the-money", () => {
    const spot = md.lastBarBefore("SPY", now)!.close;
    const atm = Math.round(spot);
    const atmIv = market.quote(`SPY131018P00${atm}000`, now)!.iv;
    const otmIv = market.quote(`SPY131018P00${atm - 8}000`, now)!.iv;
    expect(otmIv).toBeGreaterThan(atmIv);
  });

  it("widens spreads and thins volume and open interest away from the money", () => {
    const spot = md.lastBarBefore("SPY", now)!.close;
    const atm = Math.round(spot);
    const near = market.quote(`SPY131018C00${atm}000`, now)!;
    const far = market.quote(`SPY131018C00${atm + 12}000`, now)!;
    expect(spreadPct(far)).toBeGreaterThan(spreadPct(near));
    expect(far.dailyVolume).toBeLessThan(near.dailyVolume);
    expect(far.openInterest).toBeLessThan(near.openInterest);
    // Deep in the money trades little too.
    const deepItm = market.quote(`SPY131018C00${atm - 12}000`, now)!;
    expect(deepItm.dailyVolume).toBeLessThan(near.dailyVolume / 5);
  });

  it("gives the seed's liquidity gate (spread <= 5 %, mid >= $1, volume >= 500) both passes and rejections", () => {
    const chain = market.contracts("SPY", now);
    let pass = 0;
    let fail = 0;
    for (const c of chain) {
      const q = market.quote(c.symbol, now)!;
      const mid = (q.bid + q.ask) / 2;
      if (q.bid > 0 && spreadPct(q) <= 0.05 && mid >= 1 && q.dailyVolume >= 500) pass += 1;
      else fail += 1;
    }
    expect(pass).toBeGreaterThan(10);
    expect(fail).toBeGreaterThan(pass);
  });

  it("accumulates daily volume through the session and carries the day's bar", () => {
    const early = market.quote("SPY131018C00168000", at("2013-10-07", "09:45"))!;
    const late = market.quote("SPY131018C00168000", at("2013-10-07", "15:45"))!;
    expect(late.dailyVolume).toBeGreaterThan(early.dailyVolume);
    const bar = late.dailyBar!;
    expect(bar.ts.getTime()).toBe(etDateTime("2013-10-07", "00:00").getTime());
    expect(bar.high).toBeGreaterThanOrEqual(Math.max(bar.open, bar.close));
    expect(bar.low).toBeLessThanOrEqual(Math.min(bar.open, bar.close));
    expect(bar.volume).toBe(late.dailyVolume);
    expect(market.quote("SPY131018C00168000", at("2013-10-07", "08:00"))!.dailyBar).toBeUndefined();
  });

  it("stops quoting a contract after its expiration day and is worth intrinsic at the close", () => {
    expect(market.quote("SPY131004C00168000", at("2013-10-07", "10:00"))).toBeUndefined();
    const close = market.quote("SPY131007P00200000", at("2013-10-07", "16:05"))!;
    const spot = md.lastBarBefore("SPY", at("2013-10-07", "16:05"))!.close;
    expect((close.bid + close.ask) / 2).toBeCloseTo(200 - spot, 1);
  });

  it("ignores symbols that are not OCC option symbols", () => {
    expect(market.quote("SPY", now)).toBeUndefined();
  });
});

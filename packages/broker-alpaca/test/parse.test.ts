// Field-level contract tests (seed failure 13): each fixture goes through the SDK's own deserialiser and
// then parse.ts, and every expectation is derived from the raw fixture, so a renamed or re-typed field fails.
import { marketData, trading } from "@alpacahq/alpaca-trade-api/rest";
import { describe, expect, it } from "vitest";
import {
  BrokerContractError,
  parseAccount,
  parseAsset,
  parseCalendarDay,
  parseClock,
  parseFill,
  parseOptionContract,
  parseOptionQuote,
  parseOptionSnapshot,
  parseOrder,
  parsePosition,
  parseStockBars,
  toOrderStatus,
} from "../src/index.js";
import { loadFixture } from "./helpers/fixtures.js";

type Raw = Record<string, unknown>;
const num = (value: unknown) => Number(value);

describe("parseAccount", () => {
  it("parses Alpaca's string money fields into numbers", () => {
    const raw = loadFixture<Raw>("account.json");
    const account = parseAccount(trading.AccountFromJSON(raw));
    expect(account.cash).toBe(num(raw.cash));
    expect(account.equity).toBe(num(raw.equity));
    expect(account.lastEquity).toBe(num(raw.last_equity));
    expect(account.buyingPower).toBe(num(raw.buying_power));
    expect(account.optionsBuyingPower).toBe(num(raw.options_buying_power));
    expect(account.optionsApprovedLevel).toBe(raw.options_approved_level);
    expect(account.accountNumber).toBe(raw.account_number);
    expect(account.status).toBe(raw.status);
    expect(account.patternDayTrader).toBe(raw.pattern_day_trader);
    expect(account.daytradeCount).toBe(raw.daytrade_count);
    expect(account.tradingBlocked).toBe(raw.trading_blocked);
  });

  it("refuses an account without equity rather than reading it as zero", () => {
    const { equity: _dropped, ...raw } = loadFixture<Raw>("account.json");
    expect(() => parseAccount(trading.AccountFromJSON(raw))).toThrow(BrokerContractError);
  });

  it("refuses a non-numeric money field", () => {
    const raw = { ...loadFixture<Raw>("account.json"), buying_power: "n/a" };
    expect(() => parseAccount(trading.AccountFromJSON(raw))).toThrow(/buying_power/);
  });
});

describe("parseClock and parseCalendarDay", () => {
  it("parses the market clock into instants", () => {
    const raw = loadFixture<Raw>("clock.json");
    const clock = parseClock(trading.LegacyClockFromJSON(raw));
    expect(clock.isOpen).toBe(raw.is_open);
    expect(clock.nextClose.getTime()).toBe(Date.parse(String(raw.next_close)));
    expect(clock.nextOpen.getTime()).toBe(Date.parse(String(raw.next_open)));
  });

  it("converts New York open/close times to UTC across DST and half days", () => {
    const days = loadFixture<Raw[]>("calendar.json").map((raw) => ({ raw, day: parseCalendarDay(trading.LegacyCalendarDayFromJSON(raw)) }));
    for (const { raw, day } of days) {
      expect(day.date).toBe(raw.date);
      const localOpen = day.open.toLocaleTimeString("en-GB", { timeZone: "America/New_York", hour: "2-digit", minute: "2-digit" });
      const localClose = day.close.toLocaleTimeString("en-GB", { timeZone: "America/New_York", hour: "2-digit", minute: "2-digit" });
      expect(localOpen).toBe(raw.open);
      expect(localClose).toBe(raw.close);
      expect(day.open.toLocaleDateString("en-CA", { timeZone: "America/New_York" })).toBe(raw.date);
    }
    // Friday before the DST switch opens at 14:30 UTC, the Monday after at 13:30 UTC.
    expect(days[0]?.day.open.toISOString()).toBe("2024-03-08T14:30:00.000Z");
    expect(days[1]?.day.open.toISOString()).toBe("2024-03-11T13:30:00.000Z");
    expect(days[2]?.day.close.toISOString()).toBe("2024-07-03T17:00:00.000Z");
    expect(days[2]?.day.earlyClose).toBe(true);
    expect(days[2]?.day.settlementDate).toBe(days[2]?.raw.settlement_date);
  });
});

describe("parseOrder", () => {
  it("parses an accepted option limit order with its intent and no fill yet", () => {
    const raw = loadFixture<Raw>("order-option-accepted.json");
    const order = parseOrder(trading.OrderFromJSON(raw));
    expect(order).toMatchObject({
      id: raw.id,
      clientOrderId: raw.client_order_id,
      symbol: raw.symbol,
      assetClass: "us_option",
      side: raw.side,
      positionIntent: raw.position_intent,
      qty: num(raw.qty),
      filledQty: 0,
      filledAvgPrice: undefined,
      limitPrice: num(raw.limit_price),
      status: "accepted",
      brokerStatus: raw.status,
    });
    expect(order.submittedAt?.toISOString()).toBe(new Date(String(raw.submitted_at)).toISOString());
    expect(order.filledAt).toBeUndefined();
  });

  it("parses a filled equity order's average price and fill time", () => {
    const raw = loadFixture<Raw>("order-equity-filled.json");
    const order = parseOrder(trading.OrderFromJSON(raw));
    expect(order.status).toBe("filled");
    expect(order.filledQty).toBe(num(raw.filled_qty));
    expect(order.filledAvgPrice).toBe(num(raw.filled_avg_price));
    expect(order.filledAt?.getTime()).toBe(new Date(String(raw.filled_at)).getTime());
  });

  it("reports a working order with fills as partially filled", () => {
    const raw = loadFixture<Raw>("order-option-partial-pending-cancel.json");
    const order = parseOrder(trading.OrderFromJSON(raw));
    expect(order.brokerStatus).toBe("pending_cancel");
    expect(order.status).toBe("partially_filled");
    expect(order.filledQty).toBe(num(raw.filled_qty));
  });

  it("refuses an order without a client order id (we could never settle it)", () => {
    const { client_order_id: _dropped, ...raw } = loadFixture<Raw>("order-option-accepted.json");
    expect(() => parseOrder(trading.OrderFromJSON(raw))).toThrow(/client_order_id/);
  });
});

describe("toOrderStatus", () => {
  it.each([
    ["new", 0, "accepted"],
    ["pending_new", 0, "accepted"],
    ["accepted", 2, "partially_filled"],
    ["partially_filled", 1, "partially_filled"],
    ["filled", 5, "filled"],
    ["canceled", 0, "canceled"],
    ["replaced", 0, "canceled"],
    ["expired", 0, "expired"],
    ["rejected", 0, "rejected"],
    ["done_for_day", 0, "accepted"],
  ] as const)("maps Alpaca %s (filled %d) to %s", (broker, filled, ours) => {
    expect(toOrderStatus(broker, filled)).toBe(ours);
  });

  it("refuses an unknown status instead of guessing", () => {
    expect(() => toOrderStatus("teleported", 0)).toThrow(BrokerContractError);
  });
});

describe("parsePosition", () => {
  it("keeps the exact instrument id and derives the option's underlying from the OCC symbol", () => {
    const raws = loadFixture<Raw[]>("positions.json");
    const [stock, option] = raws.map((raw) => parsePosition(trading.PositionFromJSON(raw)));
    expect(stock).toMatchObject({ symbol: raws[0]?.symbol, instrumentType: "STOCK", underlying: raws[0]?.symbol, qty: num(raws[0]?.qty), side: "long" });
    expect(stock?.avgEntryPrice).toBe(num(raws[0]?.avg_entry_price));
    expect(option?.symbol).toBe(raws[1]?.symbol);
    expect(option?.instrumentType).toBe("CALL");
    expect(option?.underlying).toBe(String(raws[1]?.symbol).slice(0, 4));
    expect(option?.qty).toBe(num(raws[1]?.qty));
    expect(option?.qtyAvailable).toBe(num(raws[1]?.qty_available));
    expect(option?.currentPrice).toBe(num(raws[1]?.current_price));
  });

  it("reports a short position with a positive quantity and side short", () => {
    const raw = { ...loadFixture<Raw[]>("positions.json")[0], qty: "-3", side: "short" };
    const position = parsePosition(trading.PositionFromJSON(raw));
    expect(position.side).toBe("short");
    expect(position.qty).toBe(3);
  });
});

describe("parseFill", () => {
  it("parses FILL activities including partial fills", () => {
    const raws = loadFixture<Raw[]>("activities-fill.json");
    const fills = raws.map((raw) => parseFill(trading.GetAccountActivities200ResponseInnerFromJSON(raw)));
    fills.forEach((fill, i) => {
      const raw = raws[i] as Raw;
      expect(fill).toMatchObject({ id: raw.id, orderId: raw.order_id, symbol: raw.symbol, side: raw.side, qty: num(raw.qty), price: num(raw.price), fillType: raw.type });
      expect(fill.leavesQty).toBe(num(raw.leaves_qty));
      expect(fill.transactionTime.getTime()).toBe(Date.parse(String(raw.transaction_time)));
    });
  });
});

describe("parseStockBars", () => {
  it("flattens the symbol map with timestamps that arrive as strings", () => {
    const raw = loadFixture<{ bars: Record<string, Raw[]> }>("stock-bars-page-1.json");
    const response = marketData.StockBarsRespFromJSON(raw);
    const bars = parseStockBars(response.bars);
    const expected = Object.entries(raw.bars).flatMap(([symbol, list]) => list.map((b) => ({ symbol, t: String(b.t), c: b.c, v: b.v })));
    expect(bars).toHaveLength(expected.length);
    bars.forEach((bar, i) => {
      expect(bar.symbol).toBe(expected[i]?.symbol);
      expect(bar.ts.toISOString()).toBe(new Date(expected[i]?.t ?? "").toISOString());
      expect(bar.close).toBe(expected[i]?.c);
      expect(bar.volume).toBe(expected[i]?.v);
    });
  });
});

describe("parseOptionContract", () => {
  it("parses strike, expiry and type, leaving missing open interest undefined", () => {
    const raw = loadFixture<{ option_contracts: Raw[] }>("option-contracts.json");
    const response = trading.GetOptionsContracts200ResponseFromJSON(raw);
    const [call, put] = response.optionContracts.map(parseOptionContract);
    expect(call).toMatchObject({ symbol: raw.option_contracts[0]?.symbol, instrumentType: "CALL", strike: num(raw.option_contracts[0]?.strike_price), expiration: raw.option_contracts[0]?.expiration_date, multiplier: 100, tradable: true });
    expect(call?.openInterest).toBe(num(raw.option_contracts[0]?.open_interest));
    expect(put?.instrumentType).toBe("PUT");
    expect(put?.openInterest).toBeUndefined();
    expect(put?.closePrice).toBeUndefined();
  });
});

describe("parseOptionSnapshot", () => {
  const raw = loadFixture<{ snapshots: Record<string, Raw> }>("option-chain.json");
  const response = marketData.OptionSnapshotsRespFromJSON(raw);
  const symbols = Object.keys(raw.snapshots);

  it("takes daily volume from dailyBar.v, not latestTrade.size (seed failure 13)", () => {
    const symbol = symbols[0] as string;
    const snapshot = parseOptionSnapshot(symbol, response.snapshots[symbol] as marketData.OptionSnapshot);
    const rawSnapshot = raw.snapshots[symbol] as { dailyBar: Raw; latestTrade: Raw };
    expect(snapshot.dailyVolume).toBe(rawSnapshot.dailyBar.v);
    expect(snapshot.dailyVolume).not.toBe(rawSnapshot.latestTrade.s);
  });

  it("parses bid, ask, greeks and implied volatility", () => {
    const symbol = symbols[0] as string;
    const rawSnapshot = raw.snapshots[symbol] as { latestQuote: Raw; greeks: Raw; impliedVolatility: number };
    const snapshot = parseOptionSnapshot(symbol, response.snapshots[symbol] as marketData.OptionSnapshot);
    expect(snapshot.quote?.bid).toBe(rawSnapshot.latestQuote.bp);
    expect(snapshot.quote?.ask).toBe(rawSnapshot.latestQuote.ap);
    expect(snapshot.greeks?.delta).toBe(rawSnapshot.greeks.delta);
    expect(snapshot.greeks?.theta).toBe(rawSnapshot.greeks.theta);
    expect(snapshot.impliedVolatility).toBe(rawSnapshot.impliedVolatility);
    expect(snapshot.underlying).toBe("AAPL");
    expect(snapshot.instrumentType).toBe("CALL");
  });

  it("reports zero daily volume and no greeks for a contract that has not traded today", () => {
    const symbol = symbols[1] as string;
    const snapshot = parseOptionSnapshot(symbol, response.snapshots[symbol] as marketData.OptionSnapshot);
    expect(snapshot.dailyVolume).toBe(0);
    expect(snapshot.greeks).toBeUndefined();
    expect(snapshot.impliedVolatility).toBeUndefined();
    expect(snapshot.quote?.bid).toBe(0);
    expect(snapshot.instrumentType).toBe("PUT");
  });
});

describe("parseOptionQuote", () => {
  it("parses each latest quote under its exact OCC symbol", () => {
    const raw = loadFixture<{ quotes: Record<string, Raw> }>("option-latest-quotes.json");
    const response = marketData.OptionLatestQuotesRespFromJSON(raw);
    for (const [symbol, quote] of Object.entries(response.quotes)) {
      const parsed = parseOptionQuote(symbol, quote);
      expect(parsed.symbol).toBe(symbol);
      expect(parsed.bid).toBe(raw.quotes[symbol]?.bp);
      expect(parsed.ask).toBe(raw.quotes[symbol]?.ap);
      expect(parsed.bidSize).toBe(raw.quotes[symbol]?.bs);
      expect(parsed.at.getTime()).toBe(new Date(String(raw.quotes[symbol]?.t)).getTime());
    }
  });
});

describe("parseAsset", () => {
  it("reads Alpaca's asset answer, hasOptions from its attributes", () => {
    const raw = loadFixture<Raw>("asset.json");
    const asset = parseAsset(raw, "AAPL");
    expect(asset).toEqual({
      symbol: raw.symbol,
      name: raw.name,
      assetClass: raw.class,
      exchange: raw.exchange,
      status: raw.status,
      tradable: raw.tradable,
      marginable: raw.marginable,
      shortable: raw.shortable,
      fractionable: raw.fractionable,
      hasOptions: (raw.attributes as string[]).includes("has_options"),
      attributes: raw.attributes,
    });
    expect(parseAsset({ ...raw, attributes: [] }, "AAPL").hasOptions).toBe(false);
    expect(parseAsset({ ...raw, attributes: undefined, options_enabled: true }, "AAPL").hasOptions).toBe(true);
    expect(parseAsset({ ...raw, status: "inactive", tradable: false }, "AAPL")).toMatchObject({ status: "inactive", tradable: false });
  });

  it.each([
    ["not an object", () => ["AAPL"]],
    ["another symbol", (raw: Raw) => ({ ...raw, symbol: "AAPLW" })],
    ["no symbol", (raw: Raw) => ({ ...raw, symbol: undefined })],
    ["an unknown status", (raw: Raw) => ({ ...raw, status: "halted" })],
    ["tradable as a string", (raw: Raw) => ({ ...raw, tradable: "true" })],
    ["no tradable flag", (raw: Raw) => ({ ...raw, tradable: undefined })],
    ["attributes that are not a list", (raw: Raw) => ({ ...raw, attributes: "has_options" })],
    ["no class", (raw: Raw) => ({ ...raw, class: undefined })],
    ["options_enabled as a string", (raw: Raw) => ({ ...raw, options_enabled: "yes" })],
  ])("rejects an answer with %s", (_label, mutate) => {
    const raw = loadFixture<Raw>("asset.json");
    expect(() => parseAsset(JSON.parse(JSON.stringify(mutate(raw))) as unknown, "AAPL")).toThrow(BrokerContractError);
  });
});

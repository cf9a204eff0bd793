// Pure conversions from the SDK's response models (Alpaca strings, optional fields) to domain types.
// A required field that is missing or not a number is a contract break: BrokerContractError, never a
// silent 0 that a gate would then trust.
import type { marketData, trading } from "@alpacahq/alpaca-trade-api/rest";
import { tradingDayFromAlpaca } from "@ops/core";
import type { TradingDay } from "@ops/core";
import type { Bar, OrderSide, OrderStatus } from "@ops/trading";
import type {
  AssetStatus,
  BrokerAccount,
  BrokerAsset,
  BrokerOrder,
  BrokerPosition,
  Fill,
  MarketClock,
  OptionContract,
  OptionGreeks,
  OptionQuote,
  OptionSnapshot,
  PositionIntent,
} from "./broker.js";
import { ASSET_STATUSES, POSITION_INTENTS } from "./broker.js";
import { BrokerContractError } from "./errors.js";
import { optionInstrument } from "./occ-symbol.js";

type Numeric = string | number | null | undefined;

export function requireNumber(value: Numeric, field: string): number {
  const parsed = optionalNumber(value, field);
  if (parsed === undefined) throw new BrokerContractError(`${field} is missing`);
  return parsed;
}

export function optionalNumber(value: Numeric, field: string): number | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  const parsed = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(parsed)) throw new BrokerContractError(`${field} is not a number: ${JSON.stringify(value)}`);
  return parsed;
}

function requireString(value: string | null | undefined, field: string): string {
  if (typeof value !== "string" || value === "") throw new BrokerContractError(`${field} is missing`);
  return value;
}

/** Market-data map responses keep timestamps as ISO strings at runtime despite the SDK's Date type. */
export function toDate(value: Date | string | null | undefined, field: string): Date {
  const parsed = optionalDate(value, field);
  if (parsed === undefined) throw new BrokerContractError(`${field} is missing`);
  return parsed;
}

function optionalDate(value: Date | string | null | undefined, field: string): Date | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  const parsed = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(parsed.getTime())) throw new BrokerContractError(`${field} is not a timestamp: ${String(value)}`);
  return parsed;
}

/** A date-only field the SDK turned into UTC midnight, back to "YYYY-MM-DD". */
function toDateString(value: Date | string | null | undefined, field: string): string {
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return toDate(value, field).toISOString().slice(0, 10);
}

function toSide(value: string | undefined, field: string): OrderSide {
  if (value === "buy" || value === "sell") return value;
  throw new BrokerContractError(`${field} is not buy/sell: ${JSON.stringify(value)}`);
}

function raw(model: object, key: string): unknown {
  return (model as Record<string, unknown>)[key];
}

export function parseAccount(account: trading.Account): BrokerAccount {
  const pdt = raw(account, "pattern_day_trader");
  const daytrades = raw(account, "daytrade_count");
  return {
    accountNumber: requireString(account.accountNumber, "account.account_number"),
    status: requireString(account.status, "account.status"),
    currency: account.currency ?? "USD",
    cash: requireNumber(account.cash, "account.cash"),
    equity: requireNumber(account.equity, "account.equity"),
    lastEquity: requireNumber(account.lastEquity, "account.last_equity"),
    buyingPower: requireNumber(account.buyingPower, "account.buying_power"),
    optionsBuyingPower: optionalNumber(account.optionsBuyingPower, "account.options_buying_power"),
    optionsApprovedLevel: optionalNumber(account.optionsApprovedLevel, "account.options_approved_level"),
    portfolioValue: optionalNumber(account.portfolioValue, "account.portfolio_value"),
    tradingBlocked: account.tradingBlocked === true,
    accountBlocked: account.accountBlocked === true,
    patternDayTrader: typeof pdt === "boolean" ? pdt : undefined,
    daytradeCount: typeof daytrades === "number" || typeof daytrades === "string" ? optionalNumber(daytrades, "account.daytrade_count") : undefined,
  };
}

export function parseClock(clock: trading.LegacyClock): MarketClock {
  if (typeof clock.isOpen !== "boolean") throw new BrokerContractError("clock.is_open is missing");
  return {
    timestamp: toDate(clock.timestamp, "clock.timestamp"),
    isOpen: clock.isOpen,
    nextOpen: toDate(clock.nextOpen, "clock.next_open"),
    nextClose: toDate(clock.nextClose, "clock.next_close"),
  };
}

/** One /v2/calendar day as @ops/core's TradingDay (New York wall times turned into instants). */
export function parseCalendarDay(day: trading.LegacyCalendarDay): TradingDay {
  const wire: Record<string, string> = {
    date: toDateString(day.date, "calendar.date"),
    open: requireString(day.open, "calendar.open"),
    close: requireString(day.close, "calendar.close"),
  };
  if (day.sessionOpen) wire.session_open = day.sessionOpen;
  if (day.sessionClose) wire.session_close = day.sessionClose;
  if (day.settlementDate) wire.settlement_date = toDateString(day.settlementDate, "calendar.settlement_date");
  try {
    return tradingDayFromAlpaca(wire);
  } catch (error) {
    throw new BrokerContractError(`calendar day ${wire.date}: ${(error as Error).message}`, { cause: error });
  }
}

const WORKING_STATUSES = new Set([
  "new", "accepted", "pending_new", "accepted_for_bidding", "held", "calculated", "stopped", "suspended",
  "pending_cancel", "pending_replace", "done_for_day",
]);

/**
 * Alpaca's order status mapped to ours. A working order with fills is partially_filled; `replaced`
 * counts as canceled because the replacement is a different order with its own id.
 */
export function toOrderStatus(brokerStatus: string, filledQty: number): OrderStatus {
  switch (brokerStatus) {
    case "filled":
      return "filled";
    case "partially_filled":
      return "partially_filled";
    case "canceled":
    case "replaced":
      return "canceled";
    case "expired":
      return "expired";
    case "rejected":
      return "rejected";
    default:
      if (WORKING_STATUSES.has(brokerStatus)) return filledQty > 0 ? "partially_filled" : "accepted";
      throw new BrokerContractError(`unknown Alpaca order status ${JSON.stringify(brokerStatus)}`);
  }
}

function toPositionIntent(value: string | undefined): PositionIntent | undefined {
  return (POSITION_INTENTS as readonly string[]).includes(value ?? "") ? (value as PositionIntent) : undefined;
}

export function parseOrder(order: trading.Order): BrokerOrder {
  const brokerStatus = requireString(order.status, "order.status");
  const filledQty = optionalNumber(order.filledQty, "order.filled_qty") ?? 0;
  return {
    id: requireString(order.id, "order.id"),
    clientOrderId: requireString(order.clientOrderId, "order.client_order_id"),
    symbol: requireString(order.symbol, "order.symbol"),
    assetClass: order.assetClass ?? "us_equity",
    side: toSide(order.side, "order.side"),
    type: order.type ?? order.orderType ?? "market",
    timeInForce: order.timeInForce,
    positionIntent: toPositionIntent(order.positionIntent),
    qty: optionalNumber(order.qty, "order.qty"),
    notional: optionalNumber(order.notional, "order.notional"),
    filledQty,
    filledAvgPrice: optionalNumber(order.filledAvgPrice, "order.filled_avg_price"),
    limitPrice: optionalNumber(order.limitPrice, "order.limit_price"),
    stopPrice: optionalNumber(order.stopPrice, "order.stop_price"),
    status: toOrderStatus(brokerStatus, filledQty),
    brokerStatus,
    createdAt: optionalDate(order.createdAt, "order.created_at"),
    updatedAt: optionalDate(order.updatedAt, "order.updated_at"),
    submittedAt: optionalDate(order.submittedAt, "order.submitted_at"),
    filledAt: optionalDate(order.filledAt, "order.filled_at"),
    canceledAt: optionalDate(order.canceledAt, "order.canceled_at"),
    expiredAt: optionalDate(order.expiredAt, "order.expired_at"),
    failedAt: optionalDate(order.failedAt, "order.failed_at"),
  };
}

export function parsePosition(position: trading.Position): BrokerPosition {
  const symbol = requireString(position.symbol, "position.symbol");
  const assetClass = requireString(position.assetClass, "position.asset_class");
  const signedQty = requireNumber(position.qty, "position.qty");
  const occ = assetClass === "us_option" ? optionInstrument(symbol) : undefined;
  if (assetClass === "us_option" && !occ) {
    throw new BrokerContractError(`option position symbol is not an OCC symbol: ${symbol}`);
  }
  const side = position.side === "short" || signedQty < 0 ? "short" : "long";
  const qtyAvailable = optionalNumber(position.qtyAvailable, "position.qty_available");
  return {
    symbol,
    assetClass,
    instrumentType: occ ? occ.instrumentType : assetClass === "us_equity" ? "STOCK" : "OTHER",
    underlying: occ ? occ.underlying : symbol,
    side,
    qty: Math.abs(signedQty),
    qtyAvailable: qtyAvailable === undefined ? undefined : Math.abs(qtyAvailable),
    avgEntryPrice: requireNumber(position.avgEntryPrice, "position.avg_entry_price"),
    currentPrice: optionalNumber(position.currentPrice, "position.current_price"),
    marketValue: optionalNumber(position.marketValue, "position.market_value"),
    costBasis: optionalNumber(position.costBasis, "position.cost_basis"),
    unrealizedPl: optionalNumber(position.unrealizedPl, "position.unrealized_pl"),
    unrealizedPlpc: optionalNumber(position.unrealizedPlpc, "position.unrealized_plpc"),
    lastdayPrice: optionalNumber(position.lastdayPrice, "position.lastday_price"),
  };
}

export function parseFill(activity: trading.GetAccountActivities200ResponseInner): Fill {
  if (activity.activityType !== undefined && activity.activityType !== "FILL") {
    throw new BrokerContractError(`activity ${activity.id ?? "?"} is ${activity.activityType}, not FILL`);
  }
  return {
    id: requireString(activity.id, "activity.id"),
    orderId: requireString(activity.orderId, "activity.order_id"),
    symbol: requireString(activity.symbol, "activity.symbol"),
    side: toSide(activity.side, "activity.side"),
    qty: requireNumber(activity.qty, "activity.qty"),
    price: requireNumber(activity.price, "activity.price"),
    cumQty: optionalNumber(activity.cumQty, "activity.cum_qty"),
    leavesQty: optionalNumber(activity.leavesQty, "activity.leaves_qty"),
    transactionTime: toDate(activity.transactionTime, "activity.transaction_time"),
    fillType: activity.type ?? "fill",
    orderStatus: activity.orderStatus,
  };
}

/** One page of the multi-symbol bars response ({ symbol: StockBar[] }) flattened into domain bars. */
export function parseStockBars(bars: Record<string, readonly marketData.StockBar[] | null | undefined>): Bar[] {
  const out: Bar[] = [];
  for (const [symbol, list] of Object.entries(bars)) {
    for (const bar of list ?? []) out.push(parseStockBar(symbol, bar));
  }
  return out;
}

export function parseStockBar(symbol: string, bar: marketData.StockBar): Bar {
  return {
    symbol,
    ts: toDate(bar.t as Date | string, `bar ${symbol}.t`),
    open: requireNumber(bar.o, `bar ${symbol}.o`),
    high: requireNumber(bar.h, `bar ${symbol}.h`),
    low: requireNumber(bar.l, `bar ${symbol}.l`),
    close: requireNumber(bar.c, `bar ${symbol}.c`),
    volume: requireNumber(bar.v, `bar ${symbol}.v`),
  };
}

export function parseOptionContract(contract: trading.OptionContract): OptionContract {
  const symbol = requireString(contract.symbol, "contract.symbol");
  const type = contract.type;
  if (type !== "call" && type !== "put") throw new BrokerContractError(`contract ${symbol} type is ${String(type)}`);
  return {
    symbol,
    underlying: requireString(contract.underlyingSymbol, "contract.underlying_symbol"),
    instrumentType: type === "call" ? "CALL" : "PUT",
    strike: requireNumber(contract.strikePrice, "contract.strike_price"),
    expiration: toDateString(contract.expirationDate, "contract.expiration_date"),
    multiplier: optionalNumber(contract.multiplier, "contract.multiplier") ?? 100,
    style: contract.style ?? "american",
    status: contract.status ?? "active",
    tradable: contract.tradable === true,
    openInterest: optionalNumber(contract.openInterest, "contract.open_interest"),
    closePrice: optionalNumber(contract.closePrice, "contract.close_price"),
  };
}

export function parseOptionQuote(symbol: string, quote: marketData.OptionQuote): OptionQuote {
  return {
    symbol,
    bid: requireNumber(quote.bp, `quote ${symbol}.bp`),
    ask: requireNumber(quote.ap, `quote ${symbol}.ap`),
    bidSize: optionalNumber(quote.bs, `quote ${symbol}.bs`) ?? 0,
    askSize: optionalNumber(quote.as, `quote ${symbol}.as`) ?? 0,
    at: toDate(quote.t as Date | string, `quote ${symbol}.t`),
  };
}

function parseGreeks(symbol: string, greeks: marketData.OptionGreeks | undefined): OptionGreeks | undefined {
  if (!greeks) return undefined;
  const delta = optionalNumber(greeks.delta, `greeks ${symbol}.delta`);
  if (delta === undefined) return undefined;
  return {
    delta,
    gamma: optionalNumber(greeks.gamma, `greeks ${symbol}.gamma`) ?? 0,
    theta: optionalNumber(greeks.theta, `greeks ${symbol}.theta`) ?? 0,
    vega: optionalNumber(greeks.vega, `greeks ${symbol}.vega`) ?? 0,
    rho: optionalNumber(greeks.rho, `greeks ${symbol}.rho`) ?? 0,
  };
}

export function parseOptionSnapshot(symbol: string, snapshot: marketData.OptionSnapshot): OptionSnapshot {
  const occ = optionInstrument(symbol);
  if (!occ) throw new BrokerContractError(`option snapshot key is not an OCC symbol: ${symbol}`);
  return {
    symbol,
    underlying: occ.underlying,
    instrumentType: occ.instrumentType,
    strike: occ.strike,
    expiration: occ.expiration,
    quote: snapshot.latestQuote ? parseOptionQuote(symbol, snapshot.latestQuote) : undefined,
    lastTradePrice: optionalNumber(snapshot.latestTrade?.p, `snapshot ${symbol}.latestTrade.p`),
    greeks: parseGreeks(symbol, snapshot.greeks),
    impliedVolatility: optionalNumber(snapshot.impliedVolatility, `snapshot ${symbol}.impliedVolatility`),
    // Seed failure 13: the day's volume is dailyBar.v; latestTrade.s is the size of one print.
    dailyVolume: optionalNumber(snapshot.dailyBar?.v, `snapshot ${symbol}.dailyBar.v`) ?? 0,
    prevDailyClose: optionalNumber(snapshot.prevDailyBar?.c, `snapshot ${symbol}.prevDailyBar.c`),
  };
}

function requireBoolean(value: unknown, field: string): boolean {
  if (typeof value !== "boolean") throw new BrokerContractError(`${field} is not a boolean: ${JSON.stringify(value)}`);
  return value;
}

/**
 * The raw JSON of GET /v2/assets/{symbol} (read raw because the SDK model drops fields it does not know
 * and crashes on a non-array `attributes`). The asset must be the one asked for: an answer about another
 * symbol would let a caller trade something it never checked.
 */
export function parseAsset(body: unknown, requestedSymbol: string): BrokerAsset {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new BrokerContractError(`asset ${requestedSymbol}: answer is not an object`);
  }
  const asset = body as Record<string, unknown>;
  const field = (name: string) => `asset ${requestedSymbol}.${name}`;
  const text = (name: string): string => {
    const value = asset[name];
    if (typeof value !== "string" || value === "") throw new BrokerContractError(`${field(name)} is missing`);
    return value;
  };
  const symbol = text("symbol");
  if (symbol.toUpperCase() !== requestedSymbol.toUpperCase()) {
    throw new BrokerContractError(`asked for asset ${requestedSymbol}, broker answered ${symbol}`);
  }
  const name = asset.name ?? "";
  if (typeof name !== "string") throw new BrokerContractError(`${field("name")} is not a string: ${JSON.stringify(name)}`);
  const status = text("status");
  if (!(ASSET_STATUSES as readonly string[]).includes(status)) {
    throw new BrokerContractError(`${field("status")} is not active/inactive: ${JSON.stringify(status)}`);
  }
  const rawAttributes = asset.attributes ?? [];
  if (!Array.isArray(rawAttributes) || !rawAttributes.every((a): a is string => typeof a === "string")) {
    throw new BrokerContractError(`${field("attributes")} is not a list of strings: ${JSON.stringify(rawAttributes)}`);
  }
  const optionsEnabled = asset.options_enabled;
  if (optionsEnabled !== undefined && optionsEnabled !== null) requireBoolean(optionsEnabled, field("options_enabled"));
  return {
    symbol,
    name,
    assetClass: text("class"),
    exchange: text("exchange"),
    status: status as AssetStatus,
    tradable: requireBoolean(asset.tradable, field("tradable")),
    // Absent on some non-equity classes; absent means "not allowed", never "allowed".
    marginable: asset.marginable === undefined ? false : requireBoolean(asset.marginable, field("marginable")),
    shortable: asset.shortable === undefined ? false : requireBoolean(asset.shortable, field("shortable")),
    fractionable: asset.fractionable === undefined ? false : requireBoolean(asset.fractionable, field("fractionable")),
    hasOptions: rawAttributes.includes("has_options") || optionsEnabled === true,
    attributes: rawAttributes,
  };
}

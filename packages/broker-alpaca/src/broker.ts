// The Broker port: everything services need from Alpaca, in domain types (numbers, Dates, our closed
// sets). AlpacaBroker implements it over HTTP; FakeBroker implements it in memory for cycle tests.
import type { TradingDay } from "@ops/core";
import type { AccountId, Bar, InstrumentType, OrderSide, OrderStatus } from "@ops/trading";

export interface BrokerAccount {
  readonly accountNumber: string;
  /** Alpaca account status, e.g. "ACTIVE". Anything else means no trading. */
  readonly status: string;
  readonly currency: string;
  readonly cash: number;
  readonly equity: number;
  /** Equity at the previous close: today's P&L = equity − lastEquity. */
  readonly lastEquity: number;
  readonly buyingPower: number;
  readonly optionsBuyingPower: number | undefined;
  readonly optionsApprovedLevel: number | undefined;
  readonly portfolioValue: number | undefined;
  readonly tradingBlocked: boolean;
  readonly accountBlocked: boolean;
  readonly patternDayTrader: boolean | undefined;
  readonly daytradeCount: number | undefined;
}

export interface MarketClock {
  readonly timestamp: Date;
  readonly isOpen: boolean;
  readonly nextOpen: Date;
  readonly nextClose: Date;
}

export const ORDER_TYPES = ["market", "limit"] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

export const TIME_IN_FORCE = ["day", "gtc", "ioc", "fok"] as const;
export type TimeInForce = (typeof TIME_IN_FORCE)[number];

export const POSITION_INTENTS = ["buy_to_open", "buy_to_close", "sell_to_open", "sell_to_close"] as const;
export type PositionIntent = (typeof POSITION_INTENTS)[number];

export interface SubmitOrderRequest {
  /** Deterministic id (see deterministicClientOrderId): the key for settling an unresolved submission. */
  readonly clientOrderId: string;
  /** Exact instrument id: equity ticker or OCC option symbol. */
  readonly symbol: string;
  /** Whole shares or whole contracts. */
  readonly qty: number;
  readonly side: OrderSide;
  readonly type: OrderType;
  /** Required for limit orders; must sit on the instrument's tick (seed failure 20). */
  readonly limitPrice?: number;
  readonly timeInForce: TimeInForce;
  /**
   * Options: defaults to buy_to_open for buys. A sell of an option must say sell_to_close; anything else
   * is refused locally (seed failure 22). Exits should prefer closePosition.
   */
  readonly positionIntent?: PositionIntent;
}

export interface BrokerOrder {
  readonly id: string;
  readonly clientOrderId: string;
  readonly symbol: string;
  /** Alpaca asset class, e.g. "us_equity" or "us_option". */
  readonly assetClass: string;
  readonly side: OrderSide;
  readonly type: string;
  readonly timeInForce: string;
  readonly positionIntent: PositionIntent | undefined;
  readonly qty: number | undefined;
  readonly notional: number | undefined;
  readonly filledQty: number;
  readonly filledAvgPrice: number | undefined;
  readonly limitPrice: number | undefined;
  readonly stopPrice: number | undefined;
  /** Our order status (vocabulary.ts). */
  readonly status: OrderStatus;
  /** Alpaca's own status string, kept for logs and diagnosis. */
  readonly brokerStatus: string;
  readonly createdAt: Date | undefined;
  readonly updatedAt: Date | undefined;
  readonly submittedAt: Date | undefined;
  readonly filledAt: Date | undefined;
  readonly canceledAt: Date | undefined;
  readonly expiredAt: Date | undefined;
  readonly failedAt: Date | undefined;
}

/**
 * The three broker outcomes of a state-changing request (submit or close):
 * - accepted: Alpaca returned the order (its `status` may still be anything, including rejected later).
 * - rejected: Alpaca refused it with a 4xx, or this client refused it before sending (`status` 0).
 *   Nothing was placed; a retry of the same request will be refused again.
 * - unresolved: network error, timeout, 5xx, or an unreadable 2xx. The order may or may not exist.
 *   NEVER resubmit blindly: settle it with getOrderByClientOrderId.
 */
export type SubmitOutcome =
  | { readonly kind: "accepted"; readonly order: BrokerOrder }
  | { readonly kind: "rejected"; readonly status: number; readonly message: string; readonly code?: string | number }
  | { readonly kind: "unresolved"; readonly error: Error };

export type CancelOutcome = "canceled" | "not_cancelable" | "not_found";

export interface BrokerPosition {
  /** Exact instrument id: equity ticker or OCC option symbol. */
  readonly symbol: string;
  readonly assetClass: string;
  /** STOCK for us_equity, CALL/PUT for us_option (from the OCC symbol), OTHER for anything else. */
  readonly instrumentType: InstrumentType | "OTHER";
  /** The equity ticker (the option's root for options). */
  readonly underlying: string;
  readonly side: "long" | "short";
  /** Absolute quantity held (shares or contracts). */
  readonly qty: number;
  /** Quantity not already reserved by open orders. */
  readonly qtyAvailable: number | undefined;
  /** Per share or per option share (×100 for the contract value). */
  readonly avgEntryPrice: number;
  readonly currentPrice: number | undefined;
  readonly marketValue: number | undefined;
  readonly costBasis: number | undefined;
  readonly unrealizedPl: number | undefined;
  readonly unrealizedPlpc: number | undefined;
  readonly lastdayPrice: number | undefined;
}

export interface ClosePositionOptions {
  /** Partial close; never more than held. Omitted = close the whole position. */
  readonly qty?: number;
}

/** One execution from account activities (activity type FILL). */
export interface Fill {
  readonly id: string;
  readonly orderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly qty: number;
  readonly price: number;
  readonly cumQty: number | undefined;
  readonly leavesQty: number | undefined;
  readonly transactionTime: Date;
  /** "fill" or "partial_fill". */
  readonly fillType: string;
  readonly orderStatus: string | undefined;
}

export const BAR_TIMEFRAMES = ["1Min", "5Min", "15Min", "1Hour", "1Day"] as const;
export type BarTimeframe = (typeof BAR_TIMEFRAMES)[number];

export const STOCK_FEEDS = ["iex", "sip"] as const;
export type StockFeed = (typeof STOCK_FEEDS)[number];

export interface StockBarsRequest {
  readonly symbols: readonly string[];
  readonly start: Date;
  readonly end?: Date;
  readonly timeframe: BarTimeframe;
  /** Defaults to iex (the free feed; SIP for the last 15 minutes needs a paid plan, seed failure 17). */
  readonly feed?: StockFeed;
  /** Page size (Alpaca: at most 10,000 per page across symbols). Pages are followed until done. */
  readonly limit?: number;
  /** Stops waiting (rate-limit pauses, back-off) and aborts the request in flight. */
  readonly signal?: AbortSignal;
}

/** A bar in a bars answer that could not be read (its page's other bars are kept). */
export interface MalformedBar {
  readonly symbol: string;
  /** Why, e.g. `bar AAPL.o is not a number: "x"`. */
  readonly reason: string;
}

export interface StockBarsFetchStats {
  /** HTTP requests sent, retries and 429s included. */
  requests: number;
  pages: number;
  /** Symbol chunks (the list is split to keep each URL under the limit). */
  chunks: number;
  /** Retries after 5xx / 408 / network errors. */
  retries: number;
  /** 429 answers waited out. */
  rateLimited: number;
  /** Time spent waiting for the key's bucket, for 429 resets and for back-off. */
  waitedMs: number;
}

export interface StockBarsResult {
  readonly bars: Bar[];
  readonly malformed: MalformedBar[];
  readonly stats: StockBarsFetchStats;
}

/**
 * Bar downloads that keep the good bars of a partly malformed answer and report what they did.
 * AlpacaBroker implements it besides Broker; callers holding only a Broker use getStockBars.
 */
export interface StockBarSource {
  fetchStockBars(request: StockBarsRequest): Promise<StockBarsResult>;
}

export interface OptionContractsRequest {
  readonly underlyings: readonly string[];
  readonly type?: "call" | "put";
  /** "YYYY-MM-DD" bounds, inclusive. */
  readonly expirationFrom?: string;
  readonly expirationTo?: string;
  readonly strikeFrom?: number;
  readonly strikeTo?: number;
  /** Page size (Alpaca: at most 10,000). */
  readonly limit?: number;
}

export interface OptionContract {
  readonly symbol: string;
  readonly underlying: string;
  readonly instrumentType: "CALL" | "PUT";
  readonly strike: number;
  /** "YYYY-MM-DD". */
  readonly expiration: string;
  /** Shares per contract (100 for standard contracts). */
  readonly multiplier: number;
  readonly style: string;
  readonly status: string;
  readonly tradable: boolean;
  readonly openInterest: number | undefined;
  readonly closePrice: number | undefined;
}

export interface OptionChainFilters {
  readonly type?: "call" | "put";
  readonly strikeFrom?: number;
  readonly strikeTo?: number;
  /** "YYYY-MM-DD" bounds, inclusive. */
  readonly expirationFrom?: string;
  readonly expirationTo?: string;
  /** "indicative" (free, delayed) or "opra" (paid). Alpaca picks the best allowed when omitted. */
  readonly feed?: "indicative" | "opra";
  /** Page size (Alpaca: at most 1,000). Pages are followed until done. */
  readonly limit?: number;
}

export interface OptionGreeks {
  readonly delta: number;
  readonly gamma: number;
  readonly theta: number;
  readonly vega: number;
  readonly rho: number;
}

export interface OptionQuote {
  readonly symbol: string;
  readonly bid: number;
  readonly ask: number;
  readonly bidSize: number;
  readonly askSize: number;
  readonly at: Date;
}

export interface OptionSnapshot {
  readonly symbol: string;
  readonly underlying: string;
  readonly instrumentType: "CALL" | "PUT";
  readonly strike: number;
  readonly expiration: string;
  readonly quote: OptionQuote | undefined;
  readonly lastTradePrice: number | undefined;
  readonly greeks: OptionGreeks | undefined;
  readonly impliedVolatility: number | undefined;
  /**
   * Contracts traded today, from dailyBar.v (seed failure 13: latestTrade.size is one trade's size).
   * 0 when Alpaca sends no daily bar (no trades today).
   */
  readonly dailyVolume: number;
  readonly prevDailyClose: number | undefined;
}

export const ASSET_STATUSES = ["active", "inactive"] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

/** GET /v2/assets/{symbol}: whether Alpaca lists the symbol and lets this account trade it. */
export interface BrokerAsset {
  readonly symbol: string;
  /** May be empty: Alpaca sends no name for some listings. */
  readonly name: string;
  /** Alpaca asset class, e.g. "us_equity". */
  readonly assetClass: string;
  /** Listing exchange, e.g. "NASDAQ", "NYSE", "ARCA"; "OTC" and "INACTIVE" also occur. */
  readonly exchange: string;
  readonly status: AssetStatus;
  readonly tradable: boolean;
  readonly marginable: boolean;
  readonly shortable: boolean;
  readonly fractionable: boolean;
  /** Alpaca lists option contracts on it (attribute `has_options`, or an `options_enabled` flag). */
  readonly hasOptions: boolean;
  /** Alpaca's attribute tags as sent, e.g. ["has_options", "fractional_eh_enabled"]. */
  readonly attributes: readonly string[];
}

export interface Broker {
  readonly account: AccountId;
  getAccount(): Promise<BrokerAccount>;
  getClock(): Promise<MarketClock>;
  /** Trading days between two "YYYY-MM-DD" dates, inclusive, as @ops/core TradingDays (early closes included). */
  getCalendar(from: string, to: string): Promise<TradingDay[]>;
  /** The asset Alpaca lists under this exact symbol; undefined when it lists none (404). */
  getAsset(symbol: string): Promise<BrokerAsset | undefined>;
  submitOrder(request: SubmitOrderRequest): Promise<SubmitOutcome>;
  /** undefined when Alpaca has no order with that client order id (404). */
  getOrderByClientOrderId(clientOrderId: string): Promise<BrokerOrder | undefined>;
  /** undefined when Alpaca has no order with that id (404). */
  getOrder(orderId: string): Promise<BrokerOrder | undefined>;
  listOpenOrders(): Promise<BrokerOrder[]>;
  cancelOrder(orderId: string): Promise<CancelOutcome>;
  listPositions(): Promise<BrokerPosition[]>;
  /**
   * DELETE /v2/positions/{symbol} for the exact instrument id (an OCC symbol for options, never the
   * underlying; seed failure 21). With qty, refuses locally when qty exceeds what is held.
   */
  closePosition(symbol: string, options?: ClosePositionOptions): Promise<SubmitOutcome>;
  /** FILL activities strictly after `since`, oldest first, all pages. */
  listFills(since: Date): Promise<Fill[]>;
  /** Every bar in the window, all pages followed, each bar once. */
  getStockBars(request: StockBarsRequest): Promise<Bar[]>;
  getOptionContracts(request: OptionContractsRequest): Promise<OptionContract[]>;
  /** Option chain snapshots for one underlying, all pages. */
  getOptionSnapshots(underlying: string, filters?: OptionChainFilters): Promise<OptionSnapshot[]>;
  /** Latest quotes keyed by exact OCC symbol; symbols without a quote are absent. */
  getLatestOptionQuotes(symbols: readonly string[]): Promise<ReadonlyMap<string, OptionQuote>>;
}

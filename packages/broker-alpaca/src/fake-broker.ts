// In-memory Broker for unit tests of service cycles. Same validation and the same outcome shapes as
// AlpacaBroker, plus knobs to script what the real broker does badly: unresolved submissions (placed or
// not), rejections, thrown errors per method, and orders that rest instead of filling.
import type { TradingDay } from "@ops/core";
import type { AccountId, Bar } from "@ops/trading";
import type {
  Broker,
  BrokerAccount,
  BrokerAsset,
  BrokerOrder,
  BrokerPosition,
  CancelOutcome,
  ClosePositionOptions,
  Fill,
  MarketClock,
  OptionChainFilters,
  OptionContract,
  OptionContractsRequest,
  OptionQuote,
  OptionSnapshot,
  StockBarsRequest,
  SubmitOrderRequest,
  SubmitOutcome,
} from "./broker.js";
import { BrokerTransientError } from "./errors.js";
import { optionInstrument } from "./occ-symbol.js";
import { validateOrderRequest } from "./validate-order.js";

export type FakeFillMode = "fill" | "rest";

/** What the next submitOrder/closePosition does instead of the normal path. */
export type ScriptedSubmit =
  | { readonly kind: "unresolved"; readonly placed: boolean }
  | { readonly kind: "rejected"; readonly status: number; readonly message: string };

export interface FakeBrokerOptions {
  readonly account: AccountId;
  /** Injected time; orders and fills are stamped with it. Default: a fixed instant. */
  readonly now?: () => Date;
  /** "fill": orders with a known price fill at once; "rest": they stay accepted until fillOrder(). */
  readonly fillMode?: FakeFillMode;
  readonly cash?: number;
}

type MethodName = keyof Broker & string;

interface FakePosition {
  symbol: string;
  qty: number;
  avgEntryPrice: number;
}

const DEFAULT_NOW = new Date("2025-01-02T15:00:00Z");

export class FakeBroker implements Broker {
  readonly account: AccountId;
  fillMode: FakeFillMode;
  private readonly now: () => Date;
  private cash: number;
  private accountOverrides: Partial<BrokerAccount> = {};
  private clock: MarketClock | undefined;
  private calendar: TradingDay[] = [];
  private readonly orderList: BrokerOrder[] = [];
  private readonly positions = new Map<string, FakePosition>();
  private readonly prices = new Map<string, number>();
  private readonly fills: Fill[] = [];
  private readonly bars: Bar[] = [];
  private contracts: OptionContract[] = [];
  private readonly assets = new Map<string, BrokerAsset>();
  private readonly snapshots = new Map<string, OptionSnapshot[]>();
  private readonly quotes = new Map<string, OptionQuote>();
  private readonly scriptedSubmits: ScriptedSubmit[] = [];
  private readonly scriptedErrors = new Map<MethodName, Error[]>();
  private sequence = 0;
  /** Every Broker method call in order, for assertions such as "no equity order was sent". */
  readonly calls: { method: MethodName; args: readonly unknown[] }[] = [];

  constructor(options: FakeBrokerOptions) {
    this.account = options.account;
    this.now = options.now ?? (() => DEFAULT_NOW);
    this.fillMode = options.fillMode ?? "fill";
    this.cash = options.cash ?? 100_000;
  }

  // ---- scripting -----------------------------------------------------------------------------------

  setAccount(overrides: Partial<BrokerAccount>): this {
    this.accountOverrides = { ...this.accountOverrides, ...overrides };
    return this;
  }

  setClock(clock: MarketClock): this {
    this.clock = clock;
    return this;
  }

  setCalendar(days: readonly TradingDay[]): this {
    this.calendar = [...days];
    return this;
  }

  /** Price used to fill market orders and to mark positions. */
  setPrice(symbol: string, price: number): this {
    this.prices.set(symbol, price);
    return this;
  }

  addPosition(position: { symbol: string; qty: number; avgEntryPrice: number; currentPrice?: number }): this {
    this.positions.set(position.symbol, { symbol: position.symbol, qty: position.qty, avgEntryPrice: position.avgEntryPrice });
    if (position.currentPrice !== undefined) this.prices.set(position.symbol, position.currentPrice);
    return this;
  }

  /** Removes a position as if it were closed outside the system (phantom reconciliation tests). */
  removePosition(symbol: string): this {
    this.positions.delete(symbol);
    return this;
  }

  addBars(bars: readonly Bar[]): this {
    this.bars.push(...bars);
    return this;
  }

  /**
   * Lists `symbol` as an asset: by default an active, tradable, optionable NASDAQ equity. Symbols never
   * set are unknown to getAsset (Alpaca's 404), as on the real broker.
   */
  setAsset(symbol: string, overrides: Partial<Omit<BrokerAsset, "symbol">> = {}): this {
    const hasOptions = overrides.hasOptions ?? true;
    this.assets.set(symbol, {
      symbol,
      name: `${symbol} Inc.`,
      assetClass: "us_equity",
      exchange: "NASDAQ",
      status: "active",
      tradable: true,
      marginable: true,
      shortable: true,
      fractionable: true,
      hasOptions,
      attributes: hasOptions ? ["has_options"] : [],
      ...overrides,
    });
    return this;
  }

  setOptionContracts(contracts: readonly OptionContract[]): this {
    this.contracts = [...contracts];
    return this;
  }

  setOptionSnapshots(underlying: string, snapshots: readonly OptionSnapshot[]): this {
    this.snapshots.set(underlying, [...snapshots]);
    return this;
  }

  setOptionQuote(quote: OptionQuote): this {
    this.quotes.set(quote.symbol, quote);
    return this;
  }

  /** The next submitOrder or closePosition returns this outcome (in order, one per call). */
  scriptNextSubmit(outcome: ScriptedSubmit): this {
    this.scriptedSubmits.push(outcome);
    return this;
  }

  /** The next call to `method` throws `error` (e.g. BrokerTransientError, AuthError). */
  failNext(method: MethodName, error: Error = new BrokerTransientError(`fake ${method} failure`, 503)): this {
    const queue = this.scriptedErrors.get(method) ?? [];
    queue.push(error);
    this.scriptedErrors.set(method, queue);
    return this;
  }

  /** Fills a resting order (fully or partly) at `price`. */
  fillOrder(orderId: string, price: number, qty?: number): BrokerOrder {
    const index = this.orderList.findIndex((o) => o.id === orderId);
    const order = this.orderList[index];
    if (!order) throw new Error(`fake: no order ${orderId}`);
    const remaining = (order.qty ?? 0) - order.filledQty;
    const fillQty = Math.min(qty ?? remaining, remaining);
    if (fillQty <= 0) throw new Error(`fake: order ${orderId} has nothing left to fill`);
    return this.applyFill(index, fillQty, price);
  }

  /** All orders ever accepted, oldest first. */
  get orders(): readonly BrokerOrder[] {
    return this.orderList;
  }

  // ---- Broker --------------------------------------------------------------------------------------

  private enter(method: MethodName, args: readonly unknown[]): void {
    this.calls.push({ method, args });
    const error = this.scriptedErrors.get(method)?.shift();
    if (error) throw error;
  }

  async getAccount(): Promise<BrokerAccount> {
    this.enter("getAccount", []);
    let marketValue = 0;
    for (const p of this.positions.values()) marketValue += p.qty * this.priceOf(p.symbol, p.avgEntryPrice) * multiplier(p.symbol);
    const equity = this.cash + marketValue;
    return {
      accountNumber: `FAKE-${this.account}`,
      status: "ACTIVE",
      currency: "USD",
      cash: this.cash,
      equity,
      lastEquity: equity,
      buyingPower: this.cash,
      optionsBuyingPower: this.cash,
      optionsApprovedLevel: 2,
      portfolioValue: equity,
      tradingBlocked: false,
      accountBlocked: false,
      patternDayTrader: false,
      daytradeCount: 0,
      ...this.accountOverrides,
    };
  }

  async getClock(): Promise<MarketClock> {
    this.enter("getClock", []);
    if (this.clock) return this.clock;
    const now = this.now();
    return { timestamp: now, isOpen: true, nextOpen: new Date(now.getTime() + 86_400_000), nextClose: new Date(now.getTime() + 3_600_000) };
  }

  async getCalendar(from: string, to: string): Promise<TradingDay[]> {
    this.enter("getCalendar", [from, to]);
    return this.calendar.filter((d) => d.date >= from && d.date <= to);
  }

  async getAsset(symbol: string): Promise<BrokerAsset | undefined> {
    this.enter("getAsset", [symbol]);
    return this.assets.get(symbol);
  }

  async submitOrder(request: SubmitOrderRequest): Promise<SubmitOutcome> {
    this.enter("submitOrder", [request]);
    const validated = validateOrderRequest(request);
    if (!validated.ok) return { kind: "rejected", status: 0, message: validated.message };
    const existing = this.orderList.find((o) => o.clientOrderId === request.clientOrderId);
    const scripted = this.scriptedSubmits.shift();
    if (scripted?.kind === "rejected") return { kind: "rejected", status: scripted.status, message: scripted.message };
    if (existing) {
      if (scripted?.kind === "unresolved") return { kind: "unresolved", error: new BrokerTransientError("fake: timeout", undefined) };
      return { kind: "accepted", order: existing };
    }
    if (request.side === "sell" && !optionInstrument(request.symbol)) {
      const held = this.positions.get(request.symbol)?.qty ?? 0;
      if (request.qty > held) return { kind: "rejected", status: 403, message: `insufficient qty available for order (requested ${request.qty}, available ${held})` };
    }
    if (scripted?.kind === "unresolved" && !scripted.placed) {
      return { kind: "unresolved", error: new BrokerTransientError("fake: connection reset before Alpaca received the order", undefined) };
    }
    const order = this.place({
      symbol: request.symbol,
      qty: request.qty,
      side: request.side,
      type: request.type,
      timeInForce: request.timeInForce,
      clientOrderId: request.clientOrderId,
      limitPrice: request.limitPrice,
      positionIntent: validated.body.positionIntent,
    });
    if (scripted?.kind === "unresolved") return { kind: "unresolved", error: new BrokerTransientError("fake: timeout after Alpaca accepted", undefined) };
    return { kind: "accepted", order };
  }

  async getOrderByClientOrderId(clientOrderId: string): Promise<BrokerOrder | undefined> {
    this.enter("getOrderByClientOrderId", [clientOrderId]);
    return this.orderList.find((o) => o.clientOrderId === clientOrderId);
  }

  async getOrder(orderId: string): Promise<BrokerOrder | undefined> {
    this.enter("getOrder", [orderId]);
    return this.orderList.find((o) => o.id === orderId);
  }

  async listOpenOrders(): Promise<BrokerOrder[]> {
    this.enter("listOpenOrders", []);
    return this.orderList.filter((o) => o.status === "accepted" || o.status === "partially_filled");
  }

  async cancelOrder(orderId: string): Promise<CancelOutcome> {
    this.enter("cancelOrder", [orderId]);
    const index = this.orderList.findIndex((o) => o.id === orderId);
    const order = this.orderList[index];
    if (!order) return "not_found";
    if (order.status !== "accepted" && order.status !== "partially_filled") return "not_cancelable";
    const now = this.now();
    this.orderList[index] = { ...order, status: "canceled", brokerStatus: "canceled", canceledAt: now, updatedAt: now };
    return "canceled";
  }

  async listPositions(): Promise<BrokerPosition[]> {
    this.enter("listPositions", []);
    return [...this.positions.values()].map((p) => this.toPosition(p));
  }

  async closePosition(symbol: string, options: ClosePositionOptions = {}): Promise<SubmitOutcome> {
    this.enter("closePosition", [symbol, options]);
    const held = this.positions.get(symbol);
    if (!held) return { kind: "rejected", status: 404, message: `position not found: ${symbol}` };
    const qty = options.qty ?? held.qty;
    if (!Number.isInteger(qty) || qty <= 0) return { kind: "rejected", status: 0, message: `close qty must be a positive integer, got ${qty}` };
    if (qty > held.qty) return { kind: "rejected", status: 0, message: `close qty ${qty} exceeds held ${held.qty} ${symbol}` };
    const scripted = this.scriptedSubmits.shift();
    if (scripted?.kind === "rejected") return { kind: "rejected", status: scripted.status, message: scripted.message };
    if (scripted?.kind === "unresolved" && !scripted.placed) return { kind: "unresolved", error: new BrokerTransientError("fake: close not received", undefined) };
    const isOption = optionInstrument(symbol) !== undefined;
    const order = this.place({
      symbol,
      qty,
      side: "sell",
      type: "market",
      timeInForce: "day",
      clientOrderId: `fake-close-${++this.sequence}`,
      limitPrice: undefined,
      positionIntent: isOption ? "sell_to_close" : undefined,
    });
    if (scripted?.kind === "unresolved") return { kind: "unresolved", error: new BrokerTransientError("fake: timeout after close accepted", undefined) };
    return { kind: "accepted", order };
  }

  async listFills(since: Date): Promise<Fill[]> {
    this.enter("listFills", [since]);
    return this.fills.filter((f) => f.transactionTime.getTime() > since.getTime());
  }

  async getStockBars(request: StockBarsRequest): Promise<Bar[]> {
    this.enter("getStockBars", [request]);
    const symbols = new Set(request.symbols);
    const start = request.start.getTime();
    const end = request.end?.getTime() ?? Number.POSITIVE_INFINITY;
    return this.bars
      .filter((b) => symbols.has(b.symbol) && b.ts.getTime() >= start && b.ts.getTime() <= end)
      .sort((a, b) => (a.symbol === b.symbol ? a.ts.getTime() - b.ts.getTime() : a.symbol < b.symbol ? -1 : 1));
  }

  async getOptionContracts(request: OptionContractsRequest): Promise<OptionContract[]> {
    this.enter("getOptionContracts", [request]);
    const underlyings = new Set(request.underlyings);
    return this.contracts.filter(
      (c) =>
        underlyings.has(c.underlying) &&
        (request.type === undefined || c.instrumentType === (request.type === "call" ? "CALL" : "PUT")) &&
        (request.expirationFrom === undefined || c.expiration >= request.expirationFrom) &&
        (request.expirationTo === undefined || c.expiration <= request.expirationTo) &&
        (request.strikeFrom === undefined || c.strike >= request.strikeFrom) &&
        (request.strikeTo === undefined || c.strike <= request.strikeTo),
    );
  }

  async getOptionSnapshots(underlying: string, filters: OptionChainFilters = {}): Promise<OptionSnapshot[]> {
    this.enter("getOptionSnapshots", [underlying, filters]);
    return (this.snapshots.get(underlying) ?? []).filter(
      (s) =>
        (filters.type === undefined || s.instrumentType === (filters.type === "call" ? "CALL" : "PUT")) &&
        (filters.expirationFrom === undefined || s.expiration >= filters.expirationFrom) &&
        (filters.expirationTo === undefined || s.expiration <= filters.expirationTo) &&
        (filters.strikeFrom === undefined || s.strike >= filters.strikeFrom) &&
        (filters.strikeTo === undefined || s.strike <= filters.strikeTo),
    );
  }

  async getLatestOptionQuotes(symbols: readonly string[]): Promise<ReadonlyMap<string, OptionQuote>> {
    this.enter("getLatestOptionQuotes", [symbols]);
    const out = new Map<string, OptionQuote>();
    for (const symbol of symbols) {
      const quote = this.quotes.get(symbol);
      if (quote) out.set(symbol, quote);
    }
    return out;
  }

  // ---- internals -----------------------------------------------------------------------------------

  private place(input: {
    symbol: string;
    qty: number;
    side: "buy" | "sell";
    type: string;
    timeInForce: string;
    clientOrderId: string;
    limitPrice: number | undefined;
    positionIntent: BrokerOrder["positionIntent"];
  }): BrokerOrder {
    const now = this.now();
    const order: BrokerOrder = {
      id: `fake-order-${++this.sequence}`,
      clientOrderId: input.clientOrderId,
      symbol: input.symbol,
      assetClass: optionInstrument(input.symbol) ? "us_option" : "us_equity",
      side: input.side,
      type: input.type,
      timeInForce: input.timeInForce,
      positionIntent: input.positionIntent,
      qty: input.qty,
      notional: undefined,
      filledQty: 0,
      filledAvgPrice: undefined,
      limitPrice: input.limitPrice,
      stopPrice: undefined,
      status: "accepted",
      brokerStatus: "new",
      createdAt: now,
      updatedAt: now,
      submittedAt: now,
      filledAt: undefined,
      canceledAt: undefined,
      expiredAt: undefined,
      failedAt: undefined,
    };
    this.orderList.push(order);
    const price = input.limitPrice ?? this.prices.get(input.symbol);
    if (this.fillMode === "fill" && price !== undefined) return this.applyFill(this.orderList.length - 1, input.qty, price);
    return order;
  }

  private applyFill(index: number, qty: number, price: number): BrokerOrder {
    const order = this.orderList[index];
    if (!order) throw new Error("fake: order index out of range");
    const now = this.now();
    const filledQty = order.filledQty + qty;
    const avg = ((order.filledAvgPrice ?? 0) * order.filledQty + price * qty) / filledQty;
    const complete = filledQty >= (order.qty ?? 0);
    const updated: BrokerOrder = {
      ...order,
      filledQty,
      filledAvgPrice: avg,
      status: complete ? "filled" : "partially_filled",
      brokerStatus: complete ? "filled" : "partially_filled",
      filledAt: complete ? now : order.filledAt,
      updatedAt: now,
    };
    this.orderList[index] = updated;
    const signed = order.side === "buy" ? qty : -qty;
    const position = this.positions.get(order.symbol);
    const newQty = (position?.qty ?? 0) + signed;
    if (newQty === 0) this.positions.delete(order.symbol);
    else {
      const avgEntry = order.side === "buy" ? ((position?.avgEntryPrice ?? 0) * (position?.qty ?? 0) + price * qty) / newQty : position?.avgEntryPrice ?? price;
      this.positions.set(order.symbol, { symbol: order.symbol, qty: newQty, avgEntryPrice: avgEntry });
    }
    this.cash -= signed * price * multiplier(order.symbol);
    this.fills.push({
      id: `fake-fill-${++this.sequence}`,
      orderId: order.id,
      symbol: order.symbol,
      side: order.side,
      qty,
      price,
      cumQty: filledQty,
      leavesQty: (order.qty ?? 0) - filledQty,
      transactionTime: now,
      fillType: complete ? "fill" : "partial_fill",
      orderStatus: updated.brokerStatus,
    });
    return updated;
  }

  private priceOf(symbol: string, fallback: number): number {
    return this.prices.get(symbol) ?? fallback;
  }

  private toPosition(p: FakePosition): BrokerPosition {
    const occ = optionInstrument(p.symbol);
    const current = this.priceOf(p.symbol, p.avgEntryPrice);
    const mult = multiplier(p.symbol);
    const qty = Math.abs(p.qty);
    const reserved = this.orderList
      .filter((o) => o.symbol === p.symbol && o.side === "sell" && (o.status === "accepted" || o.status === "partially_filled"))
      .reduce((sum, o) => sum + (o.qty ?? 0) - o.filledQty, 0);
    return {
      symbol: p.symbol,
      assetClass: occ ? "us_option" : "us_equity",
      instrumentType: occ ? occ.instrumentType : "STOCK",
      underlying: occ ? occ.underlying : p.symbol,
      side: p.qty < 0 ? "short" : "long",
      qty,
      qtyAvailable: Math.max(0, qty - reserved),
      avgEntryPrice: p.avgEntryPrice,
      currentPrice: current,
      marketValue: current * qty * mult,
      costBasis: p.avgEntryPrice * qty * mult,
      unrealizedPl: (current - p.avgEntryPrice) * qty * mult,
      unrealizedPlpc: p.avgEntryPrice === 0 ? 0 : (current - p.avgEntryPrice) / p.avgEntryPrice,
      lastdayPrice: undefined,
    };
  }
}

function multiplier(symbol: string): number {
  return optionInstrument(symbol) ? 100 : 1;
}

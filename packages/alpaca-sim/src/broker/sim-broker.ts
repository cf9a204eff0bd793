import { randomUUID } from "node:crypto";
import { etDateString, etDateTime, tryParseOccSymbol } from "@ops/core";
import type { FaultInjector } from "../faults.js";
import { roundTo } from "./decimal-format.js";
import { findFill, type FillModel, type FillOpportunity } from "./fill-engine.js";
import {
  isOpenOrder, multiplierOf, remainingQty,
  type AssetClass, type OrderRequest, type SimFill, type SimOrder, type SimPosition, type SimSide,
} from "./order-types.js";
import { parseDecimalField, parseQty, type Parsed } from "./parse-order-request.js";
import { checkPriceIncrement, DEFAULT_PENNY_PILOT_UNDERLYINGS } from "./price-increment.js";

export interface BrokerAccountConfig {
  readonly id: string;
  readonly cash: number;
  /** Alpaca options trading level: 0 none, 1 covered, 2 long calls/puts, 3 spreads. */
  readonly optionsLevel: number;
}

interface AccountState {
  readonly id: string;
  readonly optionsLevel: number;
  cash: number;
  lastEquity: number;
  /** ET date whose start lastEquity describes. */
  equityDate: string | undefined;
  readonly orders: SimOrder[];
  /** Orders that may still be open, in submission order (compacted on every sync). */
  openOrders: SimOrder[];
  readonly ordersById: Map<string, SimOrder>;
  /** Every client_order_id ever accepted: Alpaca never lets one be reused, even after cancel. */
  readonly clientOrderIds: Map<string, SimOrder>;
  readonly positions: Map<string, SimPosition>;
  readonly fills: SimFill[];
}

export interface AccountSnapshot {
  readonly id: string;
  readonly optionsLevel: number;
  readonly cash: number;
  /** cash − cash held for open buy orders (no margin: the simulator is a cash account). */
  readonly buyingPower: number;
  readonly longMarketValue: number;
  readonly equity: number;
  readonly lastEquity: number;
}

export interface PositionView {
  readonly symbol: string;
  readonly assetClass: AssetClass;
  readonly qty: number;
  readonly qtyAvailable: number;
  readonly avgEntryPrice: number;
  readonly costBasis: number;
  readonly currentPrice: number;
  readonly lastdayPrice: number;
  readonly marketValue: number;
  readonly unrealizedPl: number;
  readonly unrealizedPlpc: number;
  readonly unrealizedIntradayPl: number;
  readonly unrealizedIntradayPlpc: number;
  readonly changeToday: number;
}

export const ORDER_LIST_STATUSES = ["open", "closed", "all"] as const;
export type OrderListStatus = (typeof ORDER_LIST_STATUSES)[number];

export interface OrderListFilter {
  readonly status: OrderListStatus;
  readonly limit: number;
  readonly after?: Date;
  readonly until?: Date;
  readonly direction: "asc" | "desc";
  readonly symbols?: readonly string[];
  readonly side?: SimSide;
}

export interface ReplaceRequest {
  readonly qty?: unknown;
  readonly limit_price?: unknown;
  readonly time_in_force?: unknown;
  readonly client_order_id?: unknown;
  readonly [key: string]: unknown;
}

export interface ClosePositionRequest {
  readonly qty?: string | undefined;
  readonly percentage?: string | undefined;
}

export interface SimBrokerOptions {
  readonly accounts: readonly BrokerAccountConfig[];
  readonly model: FillModel;
  readonly faults: FaultInjector;
  /** Underlyings whose options trade in pennies (see price-increment.ts). */
  readonly pennyPilot?: readonly string[];
  readonly newId?: () => string;
}

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (status: number, message: string): { ok: false; status: number; message: string } => ({
  ok: false, status, message,
});

/**
 * The simulated brokerage: accounts, orders, positions and fills, advanced by `sync(now)` with the
 * simulator's market clock. Pure state + rules; HTTP lives in the routes.
 */
export class SimBroker {
  private readonly accounts = new Map<string, AccountState>();
  private readonly model: FillModel;
  private readonly faults: FaultInjector;
  private readonly pennyPilot: readonly string[];
  private readonly newId: () => string;
  private readonly knownSymbols: Set<string>;

  constructor(options: SimBrokerOptions) {
    this.model = options.model;
    this.faults = options.faults;
    this.pennyPilot = options.pennyPilot ?? DEFAULT_PENNY_PILOT_UNDERLYINGS;
    this.newId = options.newId ?? randomUUID;
    this.knownSymbols = new Set(options.model.marketData.symbols().map((s) => s.toUpperCase()));
    for (const a of options.accounts) {
      if (this.accounts.has(a.id)) throw new RangeError(`duplicate account id ${a.id}`);
      this.accounts.set(a.id, {
        id: a.id,
        optionsLevel: a.optionsLevel,
        cash: a.cash,
        lastEquity: a.cash,
        equityDate: undefined,
        orders: [],
        openOrders: [],
        ordersById: new Map(),
        clientOrderIds: new Map(),
        positions: new Map(),
        fills: [],
      });
    }
  }

  accountIds(): string[] {
    return [...this.accounts.keys()];
  }

  isKnownStock(symbol: string): boolean {
    return this.knownSymbols.has(symbol.toUpperCase());
  }

  knownStocks(): string[] {
    return [...this.knownSymbols].sort();
  }

  /** Fills, activations and expiries for everything knowable at `now`. Idempotent. */
  sync(now: Date): void {
    const nowMs = now.getTime();
    for (const account of this.accounts.values()) {
      const date = etDateString(now);
      if (account.equityDate !== date) {
        // Approximates Alpaca's last_equity (previous close) by the equity when the day is first seen.
        if (account.equityDate !== undefined) account.lastEquity = this.snapshotOf(account, now).equity;
        account.equityDate = date;
      }
      for (const order of account.openOrders) {
        if (isOpenOrder(order)) this.advanceOrder(account, order, nowMs);
      }
      account.openOrders = account.openOrders.filter(isOpenOrder);
    }
  }

  snapshot(accountId: string, now: Date): AccountSnapshot {
    return this.snapshotOf(this.mustAccount(accountId), now);
  }

  submitOrder(accountId: string, req: OrderRequest, now: Date): Parsed<SimOrder> {
    const account = this.mustAccount(accountId);
    if (req.clientOrderId !== undefined && account.clientOrderIds.has(req.clientOrderId)) {
      return fail(422, "client_order_id must be unique");
    }
    const invalid = this.validate(account, req, now, undefined);
    if (invalid) return invalid;
    if (this.faults.shouldReject()) return fail(this.faults.rejectStatus(), "order rejected (simulated fault)");
    const order = this.createOrder(account, req, now, undefined);
    this.advanceOrder(account, order, now.getTime());
    return ok(order);
  }

  getOrder(accountId: string, orderId: string): SimOrder | undefined {
    return this.mustAccount(accountId).ordersById.get(orderId);
  }

  getOrderByClientOrderId(accountId: string, clientOrderId: string): SimOrder | undefined {
    return this.mustAccount(accountId).clientOrderIds.get(clientOrderId);
  }

  listOrders(accountId: string, filter: OrderListFilter): SimOrder[] {
    const symbols = filter.symbols ? new Set(filter.symbols.map((s) => s.toUpperCase())) : undefined;
    const selected = this.mustAccount(accountId).orders.filter((o) => {
      if (filter.status === "open" && !isOpenOrder(o)) return false;
      if (filter.status === "closed" && isOpenOrder(o)) return false;
      if (symbols && !symbols.has(o.symbol)) return false;
      if (filter.side && o.side !== filter.side) return false;
      if (filter.after && o.submittedAt.getTime() <= filter.after.getTime()) return false;
      if (filter.until && o.submittedAt.getTime() >= filter.until.getTime()) return false;
      return true;
    });
    // Orders are stored in submission order; ties keep it.
    if (filter.direction === "desc") selected.reverse();
    return selected.slice(0, filter.limit);
  }

  cancelOrder(accountId: string, orderId: string, now: Date): Parsed<SimOrder> {
    const order = this.mustAccount(accountId).ordersById.get(orderId);
    if (!order) return fail(404, "order not found");
    if (!isOpenOrder(order)) return fail(422, `order is not cancelable (status: ${order.status})`);
    order.status = "canceled";
    order.canceledAt = now;
    order.updatedAt = now;
    return ok(order);
  }

  cancelAllOrders(accountId: string, now: Date): SimOrder[] {
    const canceled: SimOrder[] = [];
    for (const order of this.mustAccount(accountId).openOrders) {
      if (isOpenOrder(order) && this.cancelOrder(accountId, order.id, now).ok) canceled.push(order);
    }
    return canceled;
  }

  /** PATCH /v2/orders/{id}: a new order replaces the old one, which ends as "replaced". */
  replaceOrder(accountId: string, orderId: string, patch: ReplaceRequest, now: Date): Parsed<SimOrder> {
    const account = this.mustAccount(accountId);
    const old = account.ordersById.get(orderId);
    if (!old) return fail(404, "order not found");
    if (!isOpenOrder(old)) return fail(422, `order is not replaceable (status: ${old.status})`);
    if (old.filledQty > 0) return fail(422, "order is partially filled and cannot be replaced");
    for (const k of ["stop_price", "trail"]) {
      if (patch[k] !== undefined && patch[k] !== null) return fail(422, `${k} is not supported`);
    }
    let qty = old.qty;
    if (patch.qty !== undefined && patch.qty !== null) {
      const parsed = parseQty(patch.qty);
      if (!parsed.ok) return parsed;
      qty = parsed.value;
    }
    let limitPrice = old.limitPrice;
    if (patch.limit_price !== undefined && patch.limit_price !== null) {
      if (old.type !== "limit") return fail(422, "limit_price must not be set for market orders");
      limitPrice = parseDecimalField(patch.limit_price);
      if (limitPrice === undefined || limitPrice <= 0) return fail(422, "limit_price must be a positive number");
    }
    let timeInForce = old.timeInForce;
    if (patch.time_in_force !== undefined && patch.time_in_force !== null) {
      if (patch.time_in_force !== "day" && patch.time_in_force !== "gtc") {
        return fail(422, "time_in_force is not supported: use day or gtc");
      }
      timeInForce = patch.time_in_force;
    }
    let clientOrderId: string | undefined;
    if (patch.client_order_id !== undefined && patch.client_order_id !== null) {
      if (typeof patch.client_order_id !== "string" || patch.client_order_id === "") {
        return fail(422, "client_order_id must be a non-empty string");
      }
      if (account.clientOrderIds.has(patch.client_order_id)) return fail(422, "client_order_id must be unique");
      clientOrderId = patch.client_order_id;
    }
    const req: OrderRequest = {
      symbol: old.symbol,
      assetClass: old.assetClass,
      qty,
      side: old.side,
      type: old.type,
      timeInForce,
      limitPrice,
      clientOrderId,
      positionIntent: old.positionIntent,
    };
    const invalid = this.validate(account, req, now, old.id);
    if (invalid) return invalid;
    const replacement = this.createOrder(account, req, now, old.id);
    old.status = "replaced";
    old.replacedAt = now;
    old.replacedBy = replacement.id;
    old.updatedAt = now;
    this.advanceOrder(account, replacement, now.getTime());
    return ok(replacement);
  }

  positions(accountId: string, now: Date): PositionView[] {
    const account = this.mustAccount(accountId);
    return [...account.positions.values()]
      .sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0))
      .map((p) => this.viewOf(account, p, now));
  }

  position(accountId: string, symbol: string, now: Date): PositionView | undefined {
    const account = this.mustAccount(accountId);
    const p = account.positions.get(symbol.toUpperCase());
    return p ? this.viewOf(account, p, now) : undefined;
  }

  /** DELETE /v2/positions/{symbol}: a market sell_to_close for the held qty (or qty / percentage of it). */
  closePosition(accountId: string, symbol: string, req: ClosePositionRequest, now: Date): Parsed<SimOrder> {
    const account = this.mustAccount(accountId);
    const p = account.positions.get(symbol.toUpperCase());
    if (!p) return fail(404, "position not found");
    let qty = p.qty;
    if (req.qty !== undefined) {
      const parsed = parseQty(req.qty);
      if (!parsed.ok) return parsed;
      qty = parsed.value;
    } else if (req.percentage !== undefined) {
      const pct = parseDecimalField(req.percentage);
      if (pct === undefined || pct <= 0 || pct > 100) return fail(422, "percentage must be within (0, 100]");
      qty = Math.floor((p.qty * pct) / 100);
      if (qty < 1) return fail(422, `percentage ${pct} of ${p.qty} is less than one whole unit`);
    }
    return this.submitOrder(
      accountId,
      {
        symbol: p.symbol,
        assetClass: p.assetClass,
        qty,
        side: "sell",
        type: "market",
        timeInForce: "day",
        limitPrice: undefined,
        clientOrderId: undefined,
        positionIntent: "sell_to_close",
      },
      now,
    );
  }

  fills(accountId: string): readonly SimFill[] {
    return this.mustAccount(accountId).fills;
  }

  orders(accountId: string): readonly SimOrder[] {
    return this.mustAccount(accountId).orders;
  }

  /** Last trade (stock: last complete bar's close) or option mid, as Alpaca marks positions. */
  markPrice(symbol: string, assetClass: AssetClass, now: Date): number | undefined {
    if (assetClass === "us_equity") return this.model.marketData.lastBarBefore(symbol, now)?.close;
    const q = this.model.optionMarket?.quote(symbol, now);
    if (!q) return undefined;
    if (q.bid > 0 && q.ask > 0) return roundTo((q.bid + q.ask) / 2, 4);
    return q.last > 0 ? q.last : undefined;
  }

  // --- internals -------------------------------------------------------------------------------

  private mustAccount(accountId: string): AccountState {
    const a = this.accounts.get(accountId);
    if (!a) throw new RangeError(`unknown account ${accountId}`);
    return a;
  }

  private snapshotOf(account: AccountState, now: Date): AccountSnapshot {
    let longMarketValue = 0;
    for (const p of account.positions.values()) longMarketValue += this.viewOf(account, p, now).marketValue;
    const reserved = this.reservedCash(account, undefined);
    return {
      id: account.id,
      optionsLevel: account.optionsLevel,
      cash: account.cash,
      buyingPower: Math.max(0, account.cash - reserved),
      longMarketValue,
      equity: account.cash + longMarketValue,
      lastEquity: account.lastEquity,
    };
  }

  private reservedCash(account: AccountState, excludeOrderId: string | undefined): number {
    let reserved = 0;
    for (const o of account.openOrders) {
      if (o.side === "buy" && isOpenOrder(o) && o.id !== excludeOrderId) reserved += remainingQty(o) * o.reservedPerUnit;
    }
    return reserved;
  }

  private openSellQty(account: AccountState, symbol: string, excludeOrderId: string | undefined): number {
    let qty = 0;
    for (const o of account.openOrders) {
      if (o.side === "sell" && o.symbol === symbol && isOpenOrder(o) && o.id !== excludeOrderId) qty += remainingQty(o);
    }
    return qty;
  }

  /** Alpaca's checks at submission; returns the refusal or undefined when the order may be accepted. */
  private validate(
    account: AccountState,
    req: OrderRequest,
    now: Date,
    excludeOrderId: string | undefined,
  ): { ok: false; status: number; message: string } | undefined {
    let underlying = req.symbol;
    if (req.assetClass === "us_option") {
      const contract = tryParseOccSymbol(req.symbol);
      if (!contract || !this.isKnownStock(contract.underlying) || !this.model.optionMarket) {
        return fail(422, `asset ${JSON.stringify(req.symbol)} not found`);
      }
      underlying = contract.underlying;
      // Buys must name a listed contract; sells are checked against the position instead, since a
      // held contract may drop out of a later day's listing.
      if (req.side === "buy" && !this.model.optionMarket.contracts(underlying, now).some((c) => c.symbol === req.symbol)) {
        return fail(422, `asset ${JSON.stringify(req.symbol)} not found`);
      }
      if (contract.expiration < etDateString(now)) return fail(422, `option contract ${req.symbol} has expired`);
      if (account.optionsLevel < 2) return fail(403, "account is not approved for options trading at this level");
      if (req.timeInForce !== "day") return fail(422, "options orders only support time_in_force day");
    } else if (!this.isKnownStock(req.symbol)) {
      return fail(422, `asset ${JSON.stringify(req.symbol)} not found`);
    }
    if (req.limitPrice !== undefined) {
      const tick = checkPriceIncrement(req.assetClass, req.limitPrice, underlying, this.pennyPilot);
      if (tick) return fail(422, tick);
    }

    const intent = req.positionIntent;
    if (intent) {
      const intentSide = intent.startsWith("buy") ? "buy" : "sell";
      if (intentSide !== req.side) return fail(422, `position_intent ${intent} does not match side ${req.side}`);
    }
    if (intent === "buy_to_close") {
      // No short positions can exist here, so there is never anything to buy back.
      return fail(403, `no short position in ${req.symbol} to close (position_intent buy_to_close)`);
    }
    if (req.side === "sell") {
      if (intent === "sell_to_open") {
        return req.assetClass === "us_option"
          ? fail(403, "selling options to open (uncovered) is not permitted for this account")
          : fail(403, "short selling is not enabled for this account");
      }
      const held = account.positions.get(req.symbol)?.qty ?? 0;
      const available = held - this.openSellQty(account, req.symbol, excludeOrderId);
      if (held === 0 && req.assetClass === "us_option") {
        return fail(403, `no position in ${req.symbol}: selling would open a short option, which is not permitted`);
      }
      if (req.qty > available) {
        return fail(403, `insufficient qty available for order (requested: ${req.qty}, available: ${Math.max(0, available)})`);
      }
      return undefined;
    }

    const perUnit = this.estimatePerUnit(req, now);
    if (perUnit === undefined) return fail(422, `no market price for ${req.symbol} yet: cannot estimate the order cost`);
    const cost = perUnit * req.qty;
    const buyingPower = account.cash - this.reservedCash(account, excludeOrderId);
    if (cost > buyingPower + 1e-9) {
      return fail(403, `insufficient buying power (required: ${cost.toFixed(2)}, available: ${Math.max(0, buyingPower).toFixed(2)})`);
    }
    return undefined;
  }

  /** Cash a buy holds back per unit until it fills (limit price, or current price plus slippage). */
  private estimatePerUnit(req: OrderRequest, now: Date): number | undefined {
    const mult = multiplierOf(req.assetClass);
    if (req.limitPrice !== undefined) return req.limitPrice * mult;
    if (req.assetClass === "us_option") {
      const ask = this.model.optionMarket?.quote(req.symbol, now)?.ask;
      return ask !== undefined && ask > 0 ? ask * mult : undefined;
    }
    const price = this.referenceStockPrice(req.symbol, now);
    return price === undefined ? undefined : price * (1 + this.model.slippageBps / 10_000);
  }

  /** Latest price knowable at now: last complete bar's close, else the open of a bar already started. */
  private referenceStockPrice(symbol: string, now: Date): number | undefined {
    const last = this.model.marketData.lastBarBefore(symbol, now);
    const current = this.model.marketData.nextBarAtOrAfter(symbol, new Date(now.getTime() - 59_999));
    if (current && current.ts.getTime() <= now.getTime() && (!last || current.ts > last.ts)) return current.open;
    return last?.close;
  }

  private createOrder(account: AccountState, req: OrderRequest, now: Date, replaces: string | undefined): SimOrder {
    const open = this.model.hours.isOpenAt(now);
    const session = this.model.hours.sessionAtOrAfter(now);
    const order: SimOrder = {
      id: this.newId(),
      clientOrderId: req.clientOrderId ?? this.newId(),
      accountId: account.id,
      symbol: req.symbol,
      assetClass: req.assetClass,
      qty: req.qty,
      side: req.side,
      type: req.type,
      timeInForce: req.timeInForce,
      limitPrice: req.limitPrice,
      positionIntent: req.positionIntent,
      createdAt: now,
      submittedAt: now,
      expiresAt: req.timeInForce === "day" ? session?.close : undefined,
      activatesAt: open ? undefined : session?.open,
      reservedPerUnit: req.side === "buy" ? (this.estimatePerUnit(req, now) ?? 0) : 0,
      status: open ? "new" : "accepted",
      filledQty: 0,
      filledValue: 0,
      updatedAt: now,
      filledAt: undefined,
      canceledAt: undefined,
      expiredAt: undefined,
      replacedAt: undefined,
      replacedBy: undefined,
      replaces,
      cursorMs: now.getTime(),
    };
    account.orders.push(order);
    account.openOrders.push(order);
    account.ordersById.set(order.id, order);
    account.clientOrderIds.set(order.clientOrderId, order);
    return order;
  }

  private advanceOrder(account: AccountState, order: SimOrder, nowMs: number): void {
    for (let guard = 0; guard < 100_000 && isOpenOrder(order); guard++) {
      const search = findFill(order, this.model, nowMs);
      if (search.kind === "none") {
        order.cursorMs = Math.max(order.cursorMs, search.cursorMs);
        break;
      }
      this.applyFill(account, order, search.fill);
      order.cursorMs = search.fill.nextCursorMs;
    }
    if (order.status === "accepted" && order.activatesAt && nowMs >= order.activatesAt.getTime()) {
      order.status = "new";
      order.updatedAt = order.activatesAt;
    }
    if (isOpenOrder(order) && order.expiresAt && nowMs >= order.expiresAt.getTime()) {
      order.status = "expired";
      order.expiredAt = order.expiresAt;
      order.updatedAt = order.expiresAt;
    }
  }

  private applyFill(account: AccountState, order: SimOrder, fill: FillOpportunity): void {
    const qty = this.faults.fillQty(remainingQty(order));
    const mult = multiplierOf(order.assetClass);
    const price = roundTo(fill.price, 4);
    const value = qty * price * mult;
    const existing = account.positions.get(order.symbol);
    if (order.side === "buy") {
      account.cash -= value;
      if (existing) {
        existing.qty += qty;
        existing.costBasis += value;
      } else {
        account.positions.set(order.symbol, { symbol: order.symbol, assetClass: order.assetClass, qty, costBasis: value });
      }
    } else {
      account.cash += value;
      // Submission checks guarantee a long of at least this qty.
      const p = existing as SimPosition;
      p.costBasis -= (p.costBasis * qty) / p.qty;
      p.qty -= qty;
      if (p.qty <= 0) account.positions.delete(order.symbol);
    }
    account.cash = roundTo(account.cash, 6);
    order.filledQty += qty;
    order.filledValue += qty * price;
    order.filledAt = fill.at;
    order.updatedAt = fill.at;
    order.status = order.filledQty >= order.qty ? "filled" : "partially_filled";
    account.fills.push({
      id: activityId(fill.at, this.newId()),
      accountId: account.id,
      orderId: order.id,
      symbol: order.symbol,
      assetClass: order.assetClass,
      side: order.side,
      qty,
      price,
      at: fill.at,
      cumQty: order.filledQty,
      leavesQty: order.qty - order.filledQty,
      orderStatus: order.status,
    });
  }

  private viewOf(account: AccountState, p: SimPosition, now: Date): PositionView {
    const mult = multiplierOf(p.assetClass);
    const avgEntryPrice = p.costBasis / (p.qty * mult);
    const currentPrice = this.markPrice(p.symbol, p.assetClass, now) ?? avgEntryPrice;
    const previousSession = this.model.hours.sessionBefore(etDateTime(etDateString(now), "00:00"));
    const lastdayPrice =
      (previousSession && this.markPrice(p.symbol, p.assetClass, previousSession.close)) ?? currentPrice;
    const marketValue = p.qty * currentPrice * mult;
    const unrealizedPl = marketValue - p.costBasis;
    // Intraday P/L counts from the previous close, or from entry for positions opened today.
    const openedToday = account.fills.some(
      (f) => f.symbol === p.symbol && f.side === "buy" && etDateString(f.at) === etDateString(now),
    );
    const intradayBase = openedToday ? p.costBasis : p.qty * lastdayPrice * mult;
    const unrealizedIntradayPl = marketValue - intradayBase;
    return {
      symbol: p.symbol,
      assetClass: p.assetClass,
      qty: p.qty,
      qtyAvailable: p.qty - this.openSellQty(account, p.symbol, undefined),
      avgEntryPrice,
      costBasis: p.costBasis,
      currentPrice,
      lastdayPrice,
      marketValue,
      unrealizedPl,
      unrealizedPlpc: p.costBasis === 0 ? 0 : unrealizedPl / p.costBasis,
      unrealizedIntradayPl,
      unrealizedIntradayPlpc: intradayBase === 0 ? 0 : unrealizedIntradayPl / intradayBase,
      changeToday: lastdayPrice === 0 ? 0 : (currentPrice - lastdayPrice) / lastdayPrice,
    };
  }
}

/** "yyyyMMddHHmmssSSS::uuid" (UTC), Alpaca's activity id shape; sorts by time. */
function activityId(at: Date, uuid: string): string {
  const stamp = at.toISOString().replace(/[-:TZ.]/g, "");
  return `${stamp}::${uuid}`;
}

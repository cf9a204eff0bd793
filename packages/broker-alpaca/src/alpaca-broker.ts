// The one Broker implementation over Alpaca's REST APIs (HTTP only; parsing lives in parse.ts).
// Reads may be retried by the SDK; state-changing requests are sent once and their outcome is reported
// as accepted / rejected / unresolved, never guessed.
import type { marketData, trading } from "@alpacahq/alpaca-trade-api/rest";
import type { TradingDay } from "@ops/core";
import type { AccountId, Bar } from "@ops/trading";
import { createAlpacaClient } from "./alpaca-client.js";
import type { AlpacaClient, AlpacaClientConfig } from "./alpaca-client.js";
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
  StockBarSource,
  StockBarsRequest,
  StockBarsResult,
  SubmitOrderRequest,
  SubmitOutcome,
} from "./broker.js";
import { classifyFailure, isTransientStatus } from "./classify-failure.js";
import { AuthError, BrokerContractError, BrokerError, BrokerRejectedError, BrokerTransientError } from "./errors.js";
import {
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
} from "./parse.js";
import { fetchStockBarsChunked } from "./stock-bars-fetcher.js";
import type { FetchBarsPage } from "./stock-bars-fetcher.js";
import { validateOrderRequest } from "./validate-order.js";

const FILL_PAGE_SIZE = 100;
const OPEN_ORDERS_LIMIT = 500;
const QUOTE_SYMBOLS_PER_REQUEST = 100;
/**
 * Everything in a bars URL except the symbol list: host and path, timeframe, start/end, limit, feed
 * and a page token (Alpaca's are ~100 characters), with room to spare.
 */
const URL_OVERHEAD_CHARS = 400;
/** Runaway guard for page loops: a server that keeps returning tokens is a bug, not more data. */
const MAX_PAGES = 10_000;

function toDateParam(date: string, field: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`${field} must be YYYY-MM-DD, got ${date}`);
  return new Date(`${date}T00:00:00Z`);
}

function isDuplicateClientOrderId(message: string): boolean {
  return /client[_ ]order[_ ]id/i.test(message) && /unique|duplicate|already/i.test(message);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

export class AlpacaBroker implements Broker, StockBarSource {
  readonly #client: AlpacaClient;
  readonly account: AccountId;

  constructor(client: AlpacaClient) {
    this.#client = client;
    this.account = client.account;
  }

  toJSON(): { account: AccountId; tradingUrl: string; dataUrl: string } {
    return this.#client.toJSON();
  }

  private get trading() {
    return this.#client.sdk.trading;
  }

  private get data() {
    return this.#client.sdk.marketData;
  }

  /** Runs an idempotent request and maps failures to AuthError / BrokerTransientError / BrokerRejectedError. */
  private async read<T>(operation: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw this.readFailure(operation, error);
    }
  }

  /** Like read, but a 404 means "no such thing" and yields undefined. */
  private async readOptional<T>(operation: string, request: () => Promise<T>): Promise<T | undefined> {
    try {
      return await request();
    } catch (error) {
      const failure = classifyFailure(error);
      if (failure.kind === "http" && failure.status === 404) return undefined;
      throw this.readFailure(operation, error);
    }
  }

  private readFailure(operation: string, error: unknown): Error {
    const failure = classifyFailure(error);
    const where = `${operation} (${this.account})`;
    switch (failure.kind) {
      case "config":
        return failure.error;
      case "network":
        return new BrokerTransientError(`${where}: network failure: ${failure.message}`, undefined, { cause: error });
      case "http":
        if (failure.status === 401 || failure.status === 403) {
          return new AuthError(`${where}: Alpaca refused the credentials (HTTP ${failure.status}): ${failure.message}`, failure.status, { cause: error });
        }
        if (isTransientStatus(failure.status)) {
          const options: { cause: unknown; retryAfterMs?: number } = { cause: error };
          if (failure.retryAfterMs !== undefined) options.retryAfterMs = failure.retryAfterMs;
          return new BrokerTransientError(`${where}: HTTP ${failure.status}: ${failure.message}`, failure.status, options);
        }
        return new BrokerRejectedError(`${where}: HTTP ${failure.status}: ${failure.message}`, failure.status, failure.code, { cause: error });
      case "other":
        return new BrokerError(`${where}: ${failure.message}`, { cause: error });
    }
  }

  /**
   * Maps the failure of a state-changing request (POST order, DELETE position). Only outcomes where
   * nothing was placed become `rejected`; anything ambiguous is `unresolved`.
   */
  private writeFailure(operation: string, error: unknown): SubmitOutcome {
    const failure = classifyFailure(error);
    const where = `${operation} (${this.account})`;
    switch (failure.kind) {
      case "config":
        throw failure.error;
      case "network":
      case "other":
        return { kind: "unresolved", error: new BrokerTransientError(`${where}: outcome unknown: ${failure.message}`, undefined, { cause: error }) };
      case "http": {
        const { status, message } = failure;
        if (status === 401) throw new AuthError(`${where}: Alpaca refused the credentials (HTTP 401): ${message}`, status, { cause: error });
        // Rate limiting happens before Alpaca processes the request: nothing was placed.
        if (status === 429) {
          const options: { cause: unknown; retryAfterMs?: number } = { cause: error };
          if (failure.retryAfterMs !== undefined) options.retryAfterMs = failure.retryAfterMs;
          throw new BrokerTransientError(`${where}: rate limited (HTTP 429): ${message}`, status, options);
        }
        if (isTransientStatus(status)) {
          return { kind: "unresolved", error: new BrokerTransientError(`${where}: HTTP ${status}, outcome unknown: ${message}`, status, { cause: error }) };
        }
        // 403 on orders/positions is Alpaca's "insufficient buying power / qty" refusal, not bad keys
        // (bad keys are 401): the order was refused, so it is a rejection.
        const rejected: { kind: "rejected"; status: number; message: string; code?: string | number } = { kind: "rejected", status, message };
        if (failure.code !== undefined) rejected.code = failure.code;
        return rejected;
      }
    }
  }

  async getAccount(): Promise<BrokerAccount> {
    return parseAccount(await this.read("getAccount", () => this.trading.account.getAccount()));
  }

  async getClock(): Promise<MarketClock> {
    return parseClock(await this.read("getClock", () => this.trading.clock.legacyClock()));
  }

  async getCalendar(from: string, to: string): Promise<TradingDay[]> {
    const start = toDateParam(from, "from");
    const end = toDateParam(to, "to");
    const days = await this.read("getCalendar", () => this.trading.calendar.legacyCalendar({ start, end }));
    return days.map(parseCalendarDay).filter((day) => day.date >= from && day.date <= to);
  }

  async getAsset(symbol: string): Promise<BrokerAsset | undefined> {
    // An empty id would turn the URL into GET /v2/assets (the whole asset list).
    if (typeof symbol !== "string" || symbol === "" || /\s/.test(symbol)) {
      throw new RangeError(`getAsset needs a symbol, got ${JSON.stringify(symbol)}`);
    }
    const text = await this.readOptional("getAsset", async () => {
      const response = await this.trading.assets.getV2AssetsSymbolOrAssetIdRaw({ symbolOrAssetId: symbol });
      return response.raw.text();
    });
    if (text === undefined) return undefined;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new BrokerContractError(`getAsset ${symbol} (${this.account}): response is not JSON`);
    }
    return parseAsset(body, symbol);
  }

  async submitOrder(request: SubmitOrderRequest): Promise<SubmitOutcome> {
    const validated = validateOrderRequest(request);
    if (!validated.ok) return { kind: "rejected", status: 0, message: validated.message };
    let order: trading.Order;
    try {
      order = await this.trading.orders.postOrder({ postOrderRequest: validated.body });
    } catch (error) {
      const outcome = this.writeFailure("submitOrder", error);
      if (outcome.kind === "rejected" && outcome.status === 422 && isDuplicateClientOrderId(outcome.message)) {
        // Same deterministic id = same intent already placed: report that order instead of a failure.
        return this.settleDuplicate(request.clientOrderId, outcome);
      }
      return outcome;
    }
    try {
      return { kind: "accepted", order: parseOrder(order) };
    } catch (error) {
      // Alpaca took the order but we cannot read it: the state is unknown until a lookup succeeds.
      return { kind: "unresolved", error: asError(error) };
    }
  }

  private async settleDuplicate(clientOrderId: string, rejection: SubmitOutcome): Promise<SubmitOutcome> {
    try {
      const existing = await this.getOrderByClientOrderId(clientOrderId);
      return existing ? { kind: "accepted", order: existing } : rejection;
    } catch (error) {
      return { kind: "unresolved", error: asError(error) };
    }
  }

  async getOrderByClientOrderId(clientOrderId: string): Promise<BrokerOrder | undefined> {
    const order = await this.readOptional("getOrderByClientOrderId", () => this.trading.orders.getOrderByClientOrderId({ clientOrderId }));
    return order ? parseOrder(order) : undefined;
  }

  async getOrder(orderId: string): Promise<BrokerOrder | undefined> {
    const order = await this.readOptional("getOrder", () => this.trading.orders.getOrderByOrderID({ orderId }));
    return order ? parseOrder(order) : undefined;
  }

  async listOpenOrders(): Promise<BrokerOrder[]> {
    const orders = await this.read("listOpenOrders", () =>
      this.trading.orders.getAllOrders({ status: "open", limit: OPEN_ORDERS_LIMIT, direction: "asc" }),
    );
    if (orders.length >= OPEN_ORDERS_LIMIT) {
      throw new BrokerContractError(`listOpenOrders (${this.account}): ${orders.length} open orders hit the page limit; refusing a partial list`);
    }
    return orders.map(parseOrder);
  }

  async cancelOrder(orderId: string): Promise<CancelOutcome> {
    try {
      await this.trading.orders.deleteOrderByOrderID({ orderId });
      return "canceled";
    } catch (error) {
      const failure = classifyFailure(error);
      if (failure.kind === "http" && failure.status === 404) return "not_found";
      if (failure.kind === "http" && failure.status === 422) return "not_cancelable";
      // A cancel is idempotent: an ambiguous failure is safe to retry next cycle.
      throw this.readFailure("cancelOrder", error);
    }
  }

  async listPositions(): Promise<BrokerPosition[]> {
    const positions = await this.read("listPositions", () => this.trading.positions.getAllOpenPositions());
    return positions.map(parsePosition);
  }

  async closePosition(symbol: string, options: ClosePositionOptions = {}): Promise<SubmitOutcome> {
    if (typeof symbol !== "string" || symbol.trim() !== symbol || symbol === "") {
      return { kind: "rejected", status: 0, message: `closePosition needs an exact instrument id, got ${JSON.stringify(symbol)}` };
    }
    const { qty } = options;
    if (qty !== undefined) {
      if (!Number.isInteger(qty) || qty <= 0) return { kind: "rejected", status: 0, message: `close qty must be a positive integer, got ${qty}` };
      const held = await this.readOptional("closePosition.lookup", () => this.trading.positions.getOpenPosition({ symbolOrAssetId: symbol }));
      if (!held) return { kind: "rejected", status: 404, message: `no open position in ${symbol}` };
      const position = parsePosition(held);
      if (position.symbol !== symbol) {
        return { kind: "rejected", status: 0, message: `broker returned position ${position.symbol} for ${symbol}; refusing to close` };
      }
      if (qty > position.qty) {
        return { kind: "rejected", status: 0, message: `close qty ${qty} exceeds held ${position.qty} ${symbol}` };
      }
    }
    let order: trading.Order;
    try {
      const params: trading.DeleteOpenPositionRequest = { symbolOrAssetId: symbol };
      if (qty !== undefined) params.qty = qty;
      order = await this.trading.positions.deleteOpenPosition(params);
    } catch (error) {
      return this.writeFailure("closePosition", error);
    }
    try {
      return { kind: "accepted", order: parseOrder(order) };
    } catch (error) {
      return { kind: "unresolved", error: asError(error) };
    }
  }

  async listFills(since: Date): Promise<Fill[]> {
    const fills: Fill[] = [];
    const seen = new Set<string>();
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const request: trading.GetAccountActivitiesRequest = { activityTypes: ["FILL"], after: since, direction: "asc", pageSize: FILL_PAGE_SIZE };
      if (pageToken !== undefined) request.pageToken = pageToken;
      const activities = await this.read("listFills", () => this.trading.accountActivities.getAccountActivities(request));
      for (const activity of activities) {
        const fill = parseFill(activity);
        if (!seen.has(fill.id)) {
          seen.add(fill.id);
          fills.push(fill);
        }
      }
      const last = activities.at(-1)?.id;
      if (activities.length < FILL_PAGE_SIZE || last === undefined || last === pageToken) return fills;
      pageToken = last;
    }
    throw new BrokerContractError(`listFills (${this.account}): more than ${MAX_PAGES} pages`);
  }

  /**
   * Every bar in the window, all pages followed, each bar once. Strict: a malformed bar anywhere in the
   * answer is a BrokerContractError (callers that want to keep the good bars use fetchStockBars).
   */
  async getStockBars(request: StockBarsRequest): Promise<Bar[]> {
    const result = await this.fetchStockBars(request);
    const first = result.malformed[0];
    if (first !== undefined) throw new BrokerContractError(`getStockBars: ${result.malformed.length} malformed bar(s), first: ${first.reason}`);
    return result.bars;
  }

  /**
   * The bars of `request` in symbol chunks sized for the URL limit, through this key's shared token
   * bucket, waiting out 429s (Retry-After / X-RateLimit-Reset) and retrying transient failures with
   * jittered back-off. Malformed bars are returned apart from the good ones instead of failing the page.
   */
  async fetchStockBars(request: StockBarsRequest): Promise<StockBarsResult> {
    if (request.symbols.length === 0) {
      return { bars: [], malformed: [], stats: { requests: 0, pages: 0, chunks: 0, retries: 0, rateLimited: 0, waitedMs: 0 } };
    }
    const md = this.#client.marketData;
    const stocks = this.#client.barsSdk.marketData.stocks;
    const fetchPage: FetchBarsPage = async (query, signal) => {
      const params: marketData.StockBarsRequest = {
        symbols: query.symbols.join(","),
        timeframe: query.timeframe,
        start: query.start,
        feed: query.feed,
      };
      if (query.end !== undefined) params.end = query.end;
      if (query.limit !== undefined) params.limit = query.limit;
      if (query.pageToken !== undefined) params.pageToken = query.pageToken;
      const response = await stocks.stockBarsRaw(params, signal ? { signal } : undefined);
      const text = await response.raw.text();
      let body: unknown;
      try {
        body = text === "" ? undefined : JSON.parse(text);
      } catch {
        throw new BrokerContractError(`getStockBars (${this.account}): response is not JSON`);
      }
      return { body, headers: response.raw.headers };
    };
    return fetchStockBarsChunked(request, fetchPage, {
      maxSymbolChars: Math.max(1, md.maxUrlChars - URL_OVERHEAD_CHARS),
      maxAttempts: md.maxAttempts,
      baseDelayMs: md.baseDelayMs,
      maxDelayMs: md.maxDelayMs,
      maxRateLimitWaits: md.maxRateLimitWaits,
      bucket: md.bucket,
      timing: md.timing,
      mapFailure: (error) => (error instanceof BrokerContractError ? error : this.readFailure("getStockBars", error)),
    }, request.signal);
  }

  async getOptionContracts(request: OptionContractsRequest): Promise<OptionContract[]> {
    if (request.underlyings.length === 0) return [];
    const contracts: OptionContract[] = [];
    const seenTokens = new Set<string>();
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const params: trading.GetOptionsContractsRequest = { underlyingSymbols: request.underlyings.join(","), status: "active" };
      if (request.type !== undefined) params.type = request.type;
      if (request.expirationFrom !== undefined) params.expirationDateGte = toDateParam(request.expirationFrom, "expirationFrom");
      if (request.expirationTo !== undefined) params.expirationDateLte = toDateParam(request.expirationTo, "expirationTo");
      if (request.strikeFrom !== undefined) params.strikePriceGte = request.strikeFrom;
      if (request.strikeTo !== undefined) params.strikePriceLte = request.strikeTo;
      if (request.limit !== undefined) params.limit = request.limit;
      if (pageToken !== undefined) params.pageToken = pageToken;
      const response = await this.read("getOptionContracts", () => this.trading.assets.getOptionsContracts(params));
      contracts.push(...(response.optionContracts ?? []).map(parseOptionContract));
      const next = response.nextPageToken ?? undefined;
      if (!next) return contracts;
      if (seenTokens.has(next)) throw new BrokerContractError(`getOptionContracts: page token repeated (${next})`);
      seenTokens.add(next);
      pageToken = next;
    }
    throw new BrokerContractError(`getOptionContracts: more than ${MAX_PAGES} pages`);
  }

  async getOptionSnapshots(underlying: string, filters: OptionChainFilters = {}): Promise<OptionSnapshot[]> {
    const snapshots: OptionSnapshot[] = [];
    const seenSymbols = new Set<string>();
    const seenTokens = new Set<string>();
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const params: marketData.OptionChainRequest = { underlyingSymbol: underlying };
      if (filters.type !== undefined) params.type = filters.type;
      if (filters.strikeFrom !== undefined) params.strikePriceGte = filters.strikeFrom;
      if (filters.strikeTo !== undefined) params.strikePriceLte = filters.strikeTo;
      if (filters.expirationFrom !== undefined) params.expirationDateGte = toDateParam(filters.expirationFrom, "expirationFrom");
      if (filters.expirationTo !== undefined) params.expirationDateLte = toDateParam(filters.expirationTo, "expirationTo");
      if (filters.feed !== undefined) params.feed = filters.feed;
      if (filters.limit !== undefined) params.limit = filters.limit;
      if (pageToken !== undefined) params.pageToken = pageToken;
      const response = await this.read("getOptionSnapshots", () => this.data.options.optionChain(params));
      for (const [symbol, snapshot] of Object.entries(response.snapshots ?? {})) {
        if (seenSymbols.has(symbol)) continue;
        seenSymbols.add(symbol);
        snapshots.push(parseOptionSnapshot(symbol, snapshot));
      }
      const next = response.nextPageToken ?? undefined;
      if (!next) return snapshots;
      if (seenTokens.has(next)) throw new BrokerContractError(`getOptionSnapshots: page token repeated (${next})`);
      seenTokens.add(next);
      pageToken = next;
    }
    throw new BrokerContractError(`getOptionSnapshots: more than ${MAX_PAGES} pages`);
  }

  async getLatestOptionQuotes(symbols: readonly string[]): Promise<ReadonlyMap<string, OptionQuote>> {
    const quotes = new Map<string, OptionQuote>();
    const unique = [...new Set(symbols)];
    for (let i = 0; i < unique.length; i += QUOTE_SYMBOLS_PER_REQUEST) {
      const chunk = unique.slice(i, i + QUOTE_SYMBOLS_PER_REQUEST);
      const response = await this.read("getLatestOptionQuotes", () => this.data.options.optionLatestQuotes({ symbols: chunk.join(",") }));
      for (const [symbol, quote] of Object.entries(response.quotes ?? {})) {
        // Keyed by the exact requested OCC symbol (seed failure 36): ignore anything we did not ask for.
        if (chunk.includes(symbol)) quotes.set(symbol, parseOptionQuote(symbol, quote));
      }
    }
    return quotes;
  }
}

export function createAlpacaBroker(config: AlpacaClientConfig): AlpacaBroker {
  return new AlpacaBroker(createAlpacaClient(config));
}

import { createHash } from "node:crypto";
import type { OptionContractInfo, OptionQuote } from "../market-data/types.js";
import { formatDecimal } from "./decimal-format.js";
import type { SimFill, SimOrder } from "./order-types.js";
import type { AccountSnapshot, PositionView } from "./sim-broker.js";

// Wire shapes follow Alpaca's Trading API v2: snake_case keys, decimals as strings, timestamps as
// ISO-8601, null (not absent) for unset nullable fields.

/** A stable UUID-shaped id derived from a name, so asset and account ids survive restarts. */
export function stableUuid(name: string): string {
  const h = createHash("sha1").update(name).digest("hex");
  const variant = ((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

const iso = (d: Date | undefined): string | null => (d ? d.toISOString() : null);
const price = (n: number): string => formatDecimal(n, 4);
const money = (n: number): string => formatDecimal(n, 2);

export function orderJson(o: SimOrder): Record<string, unknown> {
  return {
    id: o.id,
    client_order_id: o.clientOrderId,
    created_at: o.createdAt.toISOString(),
    updated_at: o.updatedAt.toISOString(),
    submitted_at: o.submittedAt.toISOString(),
    filled_at: iso(o.filledAt),
    expired_at: iso(o.expiredAt),
    expires_at: iso(o.expiresAt),
    canceled_at: iso(o.canceledAt),
    failed_at: null,
    replaced_at: iso(o.replacedAt),
    replaced_by: o.replacedBy ?? null,
    replaces: o.replaces ?? null,
    asset_id: stableUuid(`asset:${o.symbol}`),
    symbol: o.symbol,
    asset_class: o.assetClass,
    notional: null,
    qty: String(o.qty),
    filled_qty: String(o.filledQty),
    filled_avg_price: o.filledQty > 0 ? price(o.filledValue / o.filledQty) : null,
    order_class: "simple",
    order_type: o.type,
    type: o.type,
    side: o.side,
    position_intent: o.positionIntent ?? (o.side === "buy" ? "buy_to_open" : "sell_to_close"),
    time_in_force: o.timeInForce,
    limit_price: o.limitPrice === undefined ? null : price(o.limitPrice),
    stop_price: null,
    status: o.status,
    extended_hours: false,
    legs: null,
    trail_percent: null,
    trail_price: null,
    hwm: null,
    subtag: null,
    source: null,
  };
}

export function positionJson(p: PositionView): Record<string, unknown> {
  return {
    asset_id: stableUuid(`asset:${p.symbol}`),
    symbol: p.symbol,
    exchange: p.assetClass === "us_option" ? "" : "NASDAQ",
    asset_class: p.assetClass,
    asset_marginable: false,
    qty: String(p.qty),
    qty_available: String(p.qtyAvailable),
    avg_entry_price: price(p.avgEntryPrice),
    side: "long",
    market_value: money(p.marketValue),
    cost_basis: money(p.costBasis),
    unrealized_pl: money(p.unrealizedPl),
    unrealized_plpc: formatDecimal(p.unrealizedPlpc, 6),
    unrealized_intraday_pl: money(p.unrealizedIntradayPl),
    unrealized_intraday_plpc: formatDecimal(p.unrealizedIntradayPlpc, 6),
    current_price: price(p.currentPrice),
    lastday_price: price(p.lastdayPrice),
    change_today: formatDecimal(p.changeToday, 6),
  };
}

export interface AccountIdentity {
  readonly id: string;
  readonly createdAt: Date;
}

export function accountJson(a: AccountSnapshot, identity: AccountIdentity, now: Date): Record<string, unknown> {
  const cash = money(a.cash);
  const bp = money(a.buyingPower);
  return {
    id: stableUuid(`account:${identity.id}`),
    account_number: accountNumber(identity.id),
    status: "ACTIVE",
    crypto_status: "INACTIVE",
    currency: "USD",
    buying_power: bp,
    regt_buying_power: bp,
    daytrading_buying_power: "0",
    effective_buying_power: bp,
    non_marginable_buying_power: bp,
    options_buying_power: bp,
    bod_dtbp: "0",
    cash,
    accrued_fees: "0",
    pending_transfer_in: "0",
    pending_transfer_out: "0",
    portfolio_value: money(a.equity),
    pattern_day_trader: false,
    trading_blocked: false,
    transfers_blocked: false,
    account_blocked: false,
    trade_suspended_by_user: false,
    created_at: identity.createdAt.toISOString(),
    multiplier: "1",
    shorting_enabled: false,
    equity: money(a.equity),
    last_equity: money(a.lastEquity),
    long_market_value: money(a.longMarketValue),
    short_market_value: "0",
    position_market_value: money(a.longMarketValue),
    initial_margin: "0",
    maintenance_margin: "0",
    last_maintenance_margin: "0",
    sma: "0",
    daytrade_count: 0,
    balance_asof: now.toISOString().slice(0, 10),
    crypto_tier: 0,
    options_trading_level: a.optionsLevel,
    options_approved_level: a.optionsLevel,
    intraday_adjustments: "0",
    pending_reg_taf_fees: "0",
  };
}

/** Paper account numbers look like "PA" + 10 characters. */
export function accountNumber(accountId: string): string {
  const digits = BigInt(`0x${createHash("sha1").update(accountId).digest("hex").slice(0, 12)}`).toString().slice(0, 10);
  return `PA${digits.padStart(10, "0")}`;
}

export function fillActivityJson(f: SimFill): Record<string, unknown> {
  return {
    id: f.id,
    activity_type: "FILL",
    transaction_time: f.at.toISOString(),
    type: f.leavesQty > 0 ? "partial_fill" : "fill",
    price: price(f.price),
    qty: String(f.qty),
    side: f.side,
    symbol: f.symbol,
    leaves_qty: String(f.leavesQty),
    order_id: f.orderId,
    cum_qty: String(f.cumQty),
    order_status: f.orderStatus,
  };
}

/** A replayed symbol as Alpaca's asset; `has_options` only when the option market lists contracts on it. */
export function assetJson(symbol: string, hasOptions: boolean): Record<string, unknown> {
  return {
    id: stableUuid(`asset:${symbol}`),
    class: "us_equity",
    exchange: "NASDAQ",
    symbol,
    name: symbol,
    status: "active",
    tradable: true,
    marginable: false,
    shortable: false,
    easy_to_borrow: false,
    fractionable: false,
    maintenance_margin_requirement: 100,
    margin_requirement_long: "100",
    margin_requirement_short: "100",
    attributes: hasOptions ? ["has_options"] : [],
  };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function optionContractJson(c: OptionContractInfo, quote: OptionQuote | undefined, asOfDate: string): Record<string, unknown> {
  const [y, m, d] = c.expiration.split("-");
  const name = `${c.underlying} ${MONTHS[Number(m) - 1]} ${d} ${y} ${formatDecimal(c.strike, 3)} ${c.type === "call" ? "Call" : "Put"}`;
  return {
    id: stableUuid(`option:${c.symbol}`),
    symbol: c.symbol,
    name,
    status: "active",
    tradable: true,
    expiration_date: c.expiration,
    root_symbol: c.underlying,
    underlying_symbol: c.underlying,
    underlying_asset_id: stableUuid(`asset:${c.underlying}`),
    type: c.type,
    style: "american",
    strike_price: formatDecimal(c.strike, 3),
    multiplier: "100",
    size: "100",
    open_interest: quote ? String(Math.round(quote.openInterest)) : null,
    open_interest_date: quote ? asOfDate : null,
    close_price: quote && quote.last > 0 ? price(quote.last) : null,
    close_price_date: quote && quote.last > 0 ? asOfDate : null,
    ppind: false,
  };
}

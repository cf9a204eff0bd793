export const SIM_ORDER_STATUSES = [
  "new", "accepted", "partially_filled", "filled", "canceled", "rejected", "replaced", "expired",
] as const;
export type SimOrderStatus = (typeof SIM_ORDER_STATUSES)[number];

export const OPEN_ORDER_STATUSES: readonly SimOrderStatus[] = ["new", "accepted", "partially_filled"];

export const SIM_ORDER_TYPES = ["market", "limit"] as const;
export type SimOrderType = (typeof SIM_ORDER_TYPES)[number];

export const SIM_TIME_IN_FORCE = ["day", "gtc"] as const;
export type SimTimeInForce = (typeof SIM_TIME_IN_FORCE)[number];

export const SIM_SIDES = ["buy", "sell"] as const;
export type SimSide = (typeof SIM_SIDES)[number];

export const POSITION_INTENTS = ["buy_to_open", "buy_to_close", "sell_to_open", "sell_to_close"] as const;
export type PositionIntent = (typeof POSITION_INTENTS)[number];

export const ASSET_CLASSES = ["us_equity", "us_option"] as const;
export type AssetClass = (typeof ASSET_CLASSES)[number];

/** Shares per unit of qty: 1 for stock, 100 for a standard option contract. */
export function multiplierOf(assetClass: AssetClass): number {
  return assetClass === "us_option" ? 100 : 1;
}

/** A validated order request (what POST /v2/orders or a replace asks for). */
export interface OrderRequest {
  readonly symbol: string;
  readonly assetClass: AssetClass;
  readonly qty: number;
  readonly side: SimSide;
  readonly type: SimOrderType;
  readonly timeInForce: SimTimeInForce;
  readonly limitPrice: number | undefined;
  readonly clientOrderId: string | undefined;
  readonly positionIntent: PositionIntent | undefined;
}

export interface SimOrder {
  readonly id: string;
  readonly clientOrderId: string;
  readonly accountId: string;
  readonly symbol: string;
  readonly assetClass: AssetClass;
  readonly qty: number;
  readonly side: SimSide;
  readonly type: SimOrderType;
  readonly timeInForce: SimTimeInForce;
  readonly limitPrice: number | undefined;
  readonly positionIntent: PositionIntent | undefined;
  readonly createdAt: Date;
  readonly submittedAt: Date;
  /** Day orders: the close of the session they belong to. */
  readonly expiresAt: Date | undefined;
  /** Orders accepted while the market is closed become "new" at this session open. */
  readonly activatesAt: Date | undefined;
  /** Buys: cash held back per unit of remaining qty (multiplier included). */
  readonly reservedPerUnit: number;
  status: SimOrderStatus;
  filledQty: number;
  /** Σ price × qty over fills (for filled_avg_price). */
  filledValue: number;
  updatedAt: Date;
  filledAt: Date | undefined;
  canceledAt: Date | undefined;
  expiredAt: Date | undefined;
  replacedAt: Date | undefined;
  replacedBy: string | undefined;
  replaces: string | undefined;
  /** Fill opportunities before this instant (ms) have been evaluated. */
  cursorMs: number;
}

export function isOpenOrder(order: SimOrder): boolean {
  return OPEN_ORDER_STATUSES.includes(order.status);
}

export function remainingQty(order: SimOrder): number {
  return order.qty - order.filledQty;
}

export interface SimFill {
  /** Alpaca activity id: "<yyyyMMddHHmmssSSS>::<uuid>", so ids sort by time. */
  readonly id: string;
  readonly accountId: string;
  readonly orderId: string;
  readonly symbol: string;
  readonly assetClass: AssetClass;
  readonly side: SimSide;
  readonly qty: number;
  readonly price: number;
  readonly at: Date;
  readonly cumQty: number;
  readonly leavesQty: number;
  readonly orderStatus: SimOrderStatus;
}

export interface SimPosition {
  readonly symbol: string;
  readonly assetClass: AssetClass;
  /** Always > 0: the simulator has no short positions. */
  qty: number;
  /** Total cost in dollars (multiplier included). */
  costBasis: number;
}

// Pure: what the positions table must do to agree with the broker (seed 28: the broker is the truth).
// Three outcomes per instrument: a DB row the broker does not hold is a phantom, a broker holding
// without a DB row is adopted, and a quantity difference is resolved in the broker's favour.
import type { BrokerPosition } from "@ops/broker-alpaca";
import { tryParseOccSymbol } from "@ops/core";
import { isLiveOrderStatus } from "./order-status.js";
import type { PositionRow } from "./position-row.js";
import type { LatestExitOrder, NewPosition } from "./queries.js";

export interface PhantomClose {
  readonly position: PositionRow;
  /** The last mark, or the entry price when the row was never marked (P&L 0, said so in the event). */
  readonly exitPriceText: string;
  readonly priceFallback: "last_mark" | "entry_price";
}

export interface QtySync {
  readonly position: PositionRow;
  readonly brokerQty: number;
}

export const RECONCILE_SKIP_REASONS = [
  "unsupported_asset",
  "short_position",
  "bad_quantity",
  "bad_price",
  "bad_option_symbol",
  "entry_in_flight",
  "recently_closed",
] as const;
export type ReconcileSkipReason = (typeof RECONCILE_SKIP_REASONS)[number];

export interface ReconcileSkip {
  readonly symbol: string;
  readonly reason: ReconcileSkipReason;
  readonly detail: string;
}

export interface ReconciliationPlan {
  readonly phantoms: readonly PhantomClose[];
  readonly adoptions: readonly NewPosition[];
  readonly qtySyncs: readonly QtySync[];
  readonly skipped: readonly ReconcileSkip[];
}

export interface ReconciliationInput {
  /** This account's open and closing rows. */
  readonly positions: readonly PositionRow[];
  readonly latestExitOrders: ReadonlyMap<string, LatestExitOrder>;
  readonly brokerPositions: readonly BrokerPosition[];
  /** Instruments with an entry order in flight: their broker holding will arrive as a position. */
  readonly pendingEntrySymbols: ReadonlySet<string>;
  /** Instruments whose row this account closed within the settle grace: a listing may still lag. */
  readonly recentlyClosedSymbols?: ReadonlySet<string>;
  readonly now: Date;
}

/**
 * A broker's position listing can lag its fills by a moment. A row younger than this is not declared
 * a phantom, and an instrument closed more recently than this is not adopted: the next cycle decides.
 */
export const BROKER_SETTLE_GRACE_MS = 120_000;

export function planReconciliation(input: ReconciliationInput): ReconciliationPlan {
  const broker = new Map<string, BrokerPosition>();
  for (const held of input.brokerPositions) broker.set(held.symbol, held);
  const dbSymbols = new Set(input.positions.map((p) => p.symbol));

  const phantoms: PhantomClose[] = [];
  const qtySyncs: QtySync[] = [];
  for (const position of input.positions) {
    const exit = input.latestExitOrders.get(position.positionId);
    const held = broker.get(position.symbol);
    if (held === undefined) {
      // An exit in flight or already filled explains the absence: the closing path prices it from fills.
      if (exit !== undefined && (isLiveOrderStatus(exit.status) || exit.status === "filled")) continue;
      if (input.now.getTime() - position.openedAt.getTime() < BROKER_SETTLE_GRACE_MS) continue;
      const mark = position.lastMarkPrice;
      phantoms.push(
        mark !== null && mark > 0
          ? { position, exitPriceText: String(mark), priceFallback: "last_mark" }
          : { position, exitPriceText: String(position.avgEntryPrice), priceFallback: "entry_price" },
      );
      continue;
    }
    // A closing row's quantity is what its exit order sells; only open rows follow the broker.
    if (position.status !== "open" || (exit !== undefined && isLiveOrderStatus(exit.status))) continue;
    if (held.side === "long" && validQty(held) && held.qty !== position.qty) qtySyncs.push({ position, brokerQty: held.qty });
  }

  const adoptions: NewPosition[] = [];
  const skipped: ReconcileSkip[] = [];
  for (const held of input.brokerPositions) {
    if (dbSymbols.has(held.symbol)) continue;
    if (input.recentlyClosedSymbols?.has(held.symbol)) {
      skipped.push({ symbol: held.symbol, reason: "recently_closed", detail: "closed here moments ago; the broker listing may lag" });
      continue;
    }
    const adopted = adoptionFor(held, input.pendingEntrySymbols, input.now);
    if ("reason" in adopted) skipped.push(adopted);
    else adoptions.push(adopted);
  }
  return { phantoms, adoptions, qtySyncs, skipped };
}

function validQty(held: BrokerPosition): boolean {
  if (!(Number.isFinite(held.qty) && held.qty > 0)) return false;
  // Options trade in whole contracts; a fractional contract count is a malformed answer.
  return held.instrumentType === "STOCK" || Number.isInteger(held.qty);
}

function adoptionFor(held: BrokerPosition, pendingEntries: ReadonlySet<string>, now: Date): NewPosition | ReconcileSkip {
  const skip = (reason: ReconcileSkipReason, detail: string): ReconcileSkip => ({ symbol: held.symbol, reason, detail });
  if (pendingEntries.has(held.symbol)) return skip("entry_in_flight", "an entry order for this instrument is not settled yet");
  if (held.instrumentType === "OTHER") return skip("unsupported_asset", `asset class ${held.assetClass}`);
  if (held.side !== "long") return skip("short_position", `broker reports a ${held.side} position of ${held.qty}`);
  if (!validQty(held)) return skip("bad_quantity", `qty ${held.qty}`);
  if (!(Number.isFinite(held.avgEntryPrice) && held.avgEntryPrice > 0)) return skip("bad_price", `avg_entry_price ${held.avgEntryPrice}`);
  const base = {
    symbol: held.symbol,
    qtyText: String(held.qty),
    avgEntryPriceText: String(held.avgEntryPrice),
    entryOrderId: null,
    recId: null,
    // Unknown stays unknown (seed 48): no made-up strategy, no features.
    strategyType: null,
    openedAt: now,
    entryFeatures: null,
  };
  if (held.instrumentType === "STOCK") {
    if (tryParseOccSymbol(held.symbol) !== undefined) return skip("bad_option_symbol", "stock position carries an option symbol");
    return { ...base, underlying: held.symbol, instrumentType: "STOCK", optionExpiry: null, optionStrike: null, optionRight: null, multiplier: 1 };
  }
  const occ = tryParseOccSymbol(held.symbol);
  if (occ === undefined) return skip("bad_option_symbol", "not an OCC symbol");
  if ((occ.right === "call") !== (held.instrumentType === "CALL")) {
    return skip("bad_option_symbol", `symbol is a ${occ.right}, broker says ${held.instrumentType}`);
  }
  return {
    ...base,
    underlying: occ.underlying,
    instrumentType: held.instrumentType,
    optionExpiry: occ.expiration,
    optionStrike: occ.strike,
    optionRight: occ.right,
    multiplier: 100,
  };
}

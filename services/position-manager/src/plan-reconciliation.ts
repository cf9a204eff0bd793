// Pure: what the positions table must do to agree with the broker (seed 28: the broker is the truth).
// Per instrument: a DB row the broker does not hold is closed only with evidence of the close (the
// broker's sell fills for it since we opened it, at their real price), else flagged for review; a broker
// holding without a DB row is adopted; a quantity difference is resolved in the broker's favour.
import type { BrokerPosition, Fill } from "@ops/broker-alpaca";
import { tryParseOccSymbol } from "@ops/core";
import { isLiveOrderStatus } from "./order-status.js";
import type { PositionRow } from "./position-row.js";
import type { LatestExitOrder, NewPosition } from "./queries.js";

/** Closed behind our back, proven by the broker's own fills: priced at their volume-weighted average. */
export interface PhantomClose {
  readonly position: PositionRow;
  readonly exitPriceText: string;
  readonly fillIds: readonly string[];
  readonly evidenceQty: number;
}

export const REVIEW_REASONS = ["no_close_evidence", "partial_close_evidence"] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];

/** Missing at the broker without enough evidence: flagged, never closed on a guess (no invented price). */
export interface PhantomReview {
  readonly position: PositionRow;
  readonly reason: ReviewReason;
  readonly evidenceQty: number;
}

export interface QtySync {
  readonly position: PositionRow;
  readonly brokerQty: number;
  /**
   * The broker's cost basis of what it holds, or null when unusable. A quantity change means a second
   * entry was merged (or shares moved outside us): the row's entry price must follow the combined
   * position, or P&L on the merged lot is computed at the first lot's price.
   */
  readonly brokerAvgEntryPrice: number | null;
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
  /** Missing rows with no (or not enough) evidence. Empty when evidence could not be read: see unverified. */
  readonly reviews: readonly PhantomReview[];
  /** Missing rows left untouched because the evidence source failed this cycle (fail closed). */
  readonly unverified: readonly PositionRow[];
  /** Rows under review that the broker holds again: the flag is lifted. */
  readonly reviewsCleared: readonly PositionRow[];
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
  /**
   * The broker's fills since the oldest missing row opened (see missingAtBroker). undefined = the
   * broker could not be asked: no missing row is closed or flagged this cycle.
   */
  readonly brokerFills: readonly Fill[] | undefined;
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
  const reviews: PhantomReview[] = [];
  const unverified: PositionRow[] = [];
  const reviewsCleared: PositionRow[] = [];
  const qtySyncs: QtySync[] = [];
  const missing = new Set(missingAtBroker(input).map((p) => p.positionId));
  for (const position of input.positions) {
    const exit = input.latestExitOrders.get(position.positionId);
    const held = broker.get(position.symbol);
    if (held === undefined) {
      if (!missing.has(position.positionId)) continue;
      if (input.brokerFills === undefined) {
        unverified.push(position);
        continue;
      }
      const evidence = closeEvidence(position, input.brokerFills);
      if (evidence.qty + QTY_EPSILON >= position.qty && evidence.vwap !== null) {
        phantoms.push({ position, exitPriceText: evidence.vwap, fillIds: evidence.fillIds, evidenceQty: evidence.qty });
      } else {
        reviews.push({ position, reason: evidence.qty > 0 ? "partial_close_evidence" : "no_close_evidence", evidenceQty: evidence.qty });
      }
      continue;
    }
    if (position.reviewSince !== null) reviewsCleared.push(position);
    // A closing row's quantity is what its exit order sells; only open rows follow the broker.
    if (position.status !== "open" || (exit !== undefined && isLiveOrderStatus(exit.status))) continue;
    if (held.side === "long" && validQty(held) && held.qty !== position.qty) qtySyncs.push({
      position,
      brokerQty: held.qty,
      brokerAvgEntryPrice: Number.isFinite(held.avgEntryPrice) && held.avgEntryPrice > 0 ? held.avgEntryPrice : null,
    });
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
  return { phantoms, reviews, unverified, reviewsCleared, adoptions, qtySyncs, skipped };
}

const QTY_EPSILON = 1e-9;

/**
 * Rows of ours the broker does not list and no exit of ours explains (an exit in flight or filled is
 * priced by the closing path from our own fills). A row younger than the settle grace is left alone.
 */
export function missingAtBroker(input: Pick<ReconciliationInput, "positions" | "latestExitOrders" | "brokerPositions" | "now">): PositionRow[] {
  const held = new Set(input.brokerPositions.map((b) => b.symbol));
  return input.positions.filter((position) => {
    if (held.has(position.symbol)) return false;
    const exit = input.latestExitOrders.get(position.positionId);
    if (exit !== undefined && (isLiveOrderStatus(exit.status) || exit.status === "filled")) return false;
    return input.now.getTime() - position.openedAt.getTime() >= BROKER_SETTLE_GRACE_MS;
  });
}

interface CloseEvidence {
  readonly qty: number;
  /** Volume-weighted sell price as numeric text (6 dp), null without sells. */
  readonly vwap: string | null;
  readonly fillIds: readonly string[];
}

/** The broker's sells of exactly this instrument since the row opened (a manual close shows up here). */
export function closeEvidence(position: Pick<PositionRow, "symbol" | "openedAt">, fills: readonly Fill[]): CloseEvidence {
  const sells = fills.filter(
    (f) => f.symbol === position.symbol && f.side === "sell" && f.transactionTime.getTime() >= position.openedAt.getTime() && f.qty > 0 && f.price > 0,
  );
  const qty = sells.reduce((sum, f) => sum + f.qty, 0);
  if (qty <= 0) return { qty: 0, vwap: null, fillIds: [] };
  // Integer micro-dollars keep the average exact for the usual one-price close.
  const notionalMicros = sells.reduce((sum, f) => sum + Math.round(f.price * 1_000_000) * f.qty, 0);
  const vwap = (Math.round(notionalMicros / qty) / 1_000_000).toFixed(6);
  return { qty, vwap, fillIds: sells.map((f) => f.id) };
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

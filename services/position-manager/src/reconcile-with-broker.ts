// The broker is the source of truth for what is held (seed 28). A row the broker no longer holds is
// closed only with evidence (the broker's own sell fills, at their real price) and WITH a history row;
// without evidence it is flagged for review and keeps its status (no invented close, seed 50). If the
// evidence cannot be read, nothing about missing rows changes (fail closed). Broker-only holdings are
// adopted and quantities follow the broker. All writes in one transaction.
import type { BrokerPosition, Fill } from "@ops/broker-alpaca";
import { BROKER_SETTLE_GRACE_MS, missingAtBroker, planReconciliation } from "./plan-reconciliation.js";
import {
  clearReview,
  closePositions,
  flagForReview,
  insertEvents,
  insertPositions,
  selectLatestExitOrders,
  selectLivePositions,
  selectPendingEntrySymbols,
  selectRecentlyClosedSymbols,
  updateOpenQuantities,
} from "./queries.js";
import type { EventRow } from "./queries.js";
import { errorMessage } from "./step-context.js";
import type { StepContext } from "./step-context.js";

export interface ReconcileCounts {
  readonly phantoms_closed: number;
  readonly phantoms_flagged: number;
  readonly phantoms_unverified: number;
  readonly reviews_cleared: number;
  readonly positions_adopted: number;
  readonly qty_synced: number;
  readonly broker_positions_skipped: number;
}

export async function reconcileWithBroker(step: StepContext, brokerPositions: readonly BrokerPosition[]): Promise<ReconcileCounts> {
  const { db, account, now, log } = step;
  const positions = await selectLivePositions(db, account);
  const [latestExitOrders, pendingEntrySymbols, recentlyClosedSymbols] = await Promise.all([
    selectLatestExitOrders(db, account, positions.map((p) => p.positionId)),
    selectPendingEntrySymbols(db, account, now),
    selectRecentlyClosedSymbols(db, account, new Date(now.getTime() - BROKER_SETTLE_GRACE_MS)),
  ]);
  const missing = missingAtBroker({ positions, latestExitOrders, brokerPositions, now });
  const brokerFills = missing.length === 0 ? [] : await closeEvidenceFills(step, missing.map((p) => p.openedAt));
  const plan = planReconciliation({ positions, latestExitOrders, brokerPositions, pendingEntrySymbols, recentlyClosedSymbols, brokerFills, now });

  for (const skip of plan.skipped) {
    const level = skip.reason === "entry_in_flight" || skip.reason === "recently_closed" ? "debug" : "error";
    log[level]({ event: "broker.position_skipped", symbol: skip.symbol, reason: skip.reason, detail: skip.detail }, "broker position not adopted");
  }
  for (const row of plan.unverified) {
    log.warn({ event: "position.missing_unverified", symbol: row.symbol, position_id: row.positionId, rec_id: row.recId }, "position absent at the broker but its fills could not be read: nothing changed this cycle");
  }
  const nothing = plan.phantoms.length + plan.reviews.length + plan.reviewsCleared.length + plan.adoptions.length + plan.qtySyncs.length === 0;
  if (nothing) {
    return { ...NO_WRITES, phantoms_unverified: plan.unverified.length, broker_positions_skipped: plan.skipped.length };
  }

  const brokerBySymbol = new Map(brokerPositions.map((b) => [b.symbol, b]));
  const written = await db.transaction(async (tx) => {
    const closed = await closePositions(
      tx,
      account,
      plan.phantoms.map((p) => ({
        positionId: p.position.positionId,
        reason: "phantom_reconciliation",
        exitPriceText: p.exitPriceText,
        qtyText: p.position.qtyText,
        // No fill of ours exists; the broker's fills for the instrument are the real exit price.
        source: "broker_activity",
        eventType: "phantom_closed",
        detail: { previous_status: p.position.status, broker_fill_ids: p.fillIds, evidence_qty: p.evidenceQty, last_mark: p.position.lastMarkPrice },
      })),
      now,
    );
    const flagged = await flagForReview(tx, account, plan.reviews.map((r) => r.position.positionId), now);
    const cleared = await clearReview(tx, account, plan.reviewsCleared.map((r) => r.positionId), now);
    const adopted = await insertPositions(tx, account, plan.adoptions, now);
    const synced = await updateOpenQuantities(
      tx,
      account,
      plan.qtySyncs.map((q) => ({
        positionId: q.position.positionId,
        qtyText: String(q.brokerQty),
        avgEntryPriceText: q.brokerAvgEntryPrice === null ? null : String(q.brokerAvgEntryPrice),
      })),
      now,
    );
    const events: EventRow[] = [
      ...plan.reviews
        .filter((r) => flagged.has(r.position.positionId))
        .map((r) => ({
          positionId: r.position.positionId,
          eventType: "phantom_review",
          detail: { reason: r.reason, evidence_qty: r.evidenceQty, qty: r.position.qtyText, status: r.position.status, last_mark: r.position.lastMarkPrice },
        })),
      ...plan.reviewsCleared
        .filter((r) => cleared.has(r.positionId))
        .map((r) => ({ positionId: r.positionId, eventType: "review_cleared", detail: { review_since: r.reviewSince } })),
      ...adopted.map((row) => {
        const held = brokerBySymbol.get(row.symbol);
        return {
          positionId: row.positionId,
          eventType: "adopted_from_broker",
          detail: { qty: held?.qty, avg_entry_price: held?.avgEntryPrice, current_price: held?.currentPrice ?? null, asset_class: held?.assetClass },
        };
      }),
      ...plan.qtySyncs
        .filter((q) => synced.has(q.position.positionId))
        .map((q) => ({
          positionId: q.position.positionId,
          eventType: "qty_synced",
          detail: { from: q.position.qtyText, to: String(q.brokerQty), avg_entry_price_from: q.position.avgEntryPrice, avg_entry_price_to: q.brokerAvgEntryPrice },
        })),
    ];
    await insertEvents(tx, account, events, now);
    return { closed, adopted, synced, flagged, cleared };
  });

  for (const row of written.closed) {
    log.warn(
      { event: "position.phantom_closed", symbol: row.symbol, position_id: row.positionId, rec_id: row.recId, exit_price: row.exitPrice, realized_pnl: row.realizedPnl },
      "position closed at the broker behind our back; closed as phantom_reconciliation at the broker's fill price",
    );
  }
  for (const review of plan.reviews) {
    if (!written.flagged.has(review.position.positionId)) continue;
    log.error(
      { event: "position.phantom_review", symbol: review.position.symbol, position_id: review.position.positionId, rec_id: review.position.recId, reason: review.reason, evidence_qty: review.evidenceQty },
      "position absent at the broker with no evidence of a close: flagged for review, not closed, no exits",
    );
  }
  for (const row of written.adopted) {
    log.warn({ event: "position.adopted", symbol: row.symbol, position_id: row.positionId }, "broker position without a row adopted");
  }
  for (const sync of plan.qtySyncs) {
    if (!written.synced.has(sync.position.positionId)) continue;
    log.warn(
      { event: "position.qty_synced", symbol: sync.position.symbol, position_id: sync.position.positionId, from: sync.position.qty, to: sync.brokerQty },
      "position quantity follows the broker",
    );
  }
  return {
    phantoms_closed: written.closed.length,
    phantoms_flagged: written.flagged.size,
    phantoms_unverified: plan.unverified.length,
    reviews_cleared: written.cleared.size,
    positions_adopted: written.adopted.length,
    qty_synced: written.synced.size,
    broker_positions_skipped: plan.skipped.length,
  };
}

const NO_WRITES: ReconcileCounts = {
  phantoms_closed: 0, phantoms_flagged: 0, phantoms_unverified: 0, reviews_cleared: 0, positions_adopted: 0, qty_synced: 0, broker_positions_skipped: 0,
};

export const NO_RECONCILIATION = NO_WRITES;

/** The broker's fills since the oldest missing row opened; undefined when the broker call fails. */
async function closeEvidenceFills(step: StepContext, openedAts: readonly Date[]): Promise<Fill[] | undefined> {
  const since = new Date(Math.min(...openedAts.map((d) => d.getTime())) - 1000);
  try {
    return await step.broker.listFills(since);
  } catch (error) {
    step.log.warn({ event: "broker.fills_unavailable", error: errorMessage(error) }, "broker fills unavailable: missing positions are not judged this cycle");
    return undefined;
  }
}

// The broker is the source of truth for what is held (seed 28): phantoms are closed WITH a history row,
// broker-only holdings are adopted, and quantities follow the broker. All of it in one transaction.
import type { BrokerPosition } from "@ops/broker-alpaca";
import { BROKER_SETTLE_GRACE_MS, planReconciliation } from "./plan-reconciliation.js";
import {
  closePositions,
  insertEvents,
  insertPositions,
  selectLatestExitOrders,
  selectLivePositions,
  selectPendingEntrySymbols,
  selectRecentlyClosedSymbols,
  updateOpenQuantities,
} from "./queries.js";
import type { EventRow } from "./queries.js";
import type { StepContext } from "./step-context.js";

export interface ReconcileCounts {
  readonly phantoms_closed: number;
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
  const plan = planReconciliation({ positions, latestExitOrders, brokerPositions, pendingEntrySymbols, recentlyClosedSymbols, now });

  for (const skip of plan.skipped) {
    const level = skip.reason === "entry_in_flight" || skip.reason === "recently_closed" ? "debug" : "error";
    log[level]({ event: "broker.position_skipped", symbol: skip.symbol, reason: skip.reason, detail: skip.detail }, "broker position not adopted");
  }
  if (plan.phantoms.length === 0 && plan.adoptions.length === 0 && plan.qtySyncs.length === 0) {
    return { phantoms_closed: 0, positions_adopted: 0, qty_synced: 0, broker_positions_skipped: plan.skipped.length };
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
        // No fill of ours exists: the last mark is the best price we have (allowed only for phantoms).
        source: "last_mark",
        eventType: "phantom_closed",
        detail: { previous_status: p.position.status, price_fallback: p.priceFallback, last_mark_at: p.position.lastMarkAt },
      })),
      now,
    );
    const adopted = await insertPositions(tx, account, plan.adoptions, now);
    const synced = await updateOpenQuantities(
      tx,
      account,
      plan.qtySyncs.map((q) => ({ positionId: q.position.positionId, qtyText: String(q.brokerQty) })),
      now,
    );
    const events: EventRow[] = [
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
        .map((q) => ({ positionId: q.position.positionId, eventType: "qty_synced", detail: { from: q.position.qtyText, to: String(q.brokerQty) } })),
    ];
    await insertEvents(tx, account, events, now);
    return { closed, adopted, synced };
  });

  for (const row of written.closed) {
    log.warn(
      { event: "position.phantom_closed", symbol: row.symbol, position_id: row.positionId, rec_id: row.recId, exit_price: row.exitPrice, realized_pnl: row.realizedPnl },
      "position absent at the broker with no exit of ours in flight; closed as phantom_reconciliation",
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
    positions_adopted: written.adopted.length,
    qty_synced: written.synced.size,
    broker_positions_skipped: plan.skipped.length,
  };
}

// Positions in 'closing' are resolved from their exit order as the broker reported it: filled → closed
// at the price of all its exit fills; rejected/canceled/expired → open again (the next decision retries
// with a new attempt and client_order_id), holding only what is left when the exit part-filled; still
// live past the timeout → a cancel request, never a blind flip (seed 30).
import { cancelOrder } from "@ops/execution";
import { DEFAULT_CLOSE_ESCALATION } from "@ops/trading";
import { planClosing } from "./plan-closing.js";
import type { ClosingAction } from "./plan-closing.js";
import { closePositions, insertEvents, reopenPositions, reopenWithRemainingQty, selectLatestExitOrders, selectLivePositions } from "./queries.js";
import type { EventRow } from "./queries.js";
import { errorMessage } from "./step-context.js";
import type { StepContext } from "./step-context.js";

export interface ResolveClosingCounts {
  readonly positions_closed: number;
  readonly closes_reopened: number;
  /** Part-filled exits that ended: the row is open again for the quantity still held. */
  readonly closes_partial: number;
  readonly closes_awaiting_fills: number;
  readonly stale_cancels: number;
  readonly close_errors: number;
}

export async function resolveClosing(step: StepContext): Promise<ResolveClosingCounts> {
  const { db, account, now, log } = step;
  const closing = (await selectLivePositions(db, account)).filter((p) => p.status === "closing");
  const counts = { positions_closed: 0, closes_reopened: 0, closes_partial: 0, closes_awaiting_fills: 0, stale_cancels: 0, close_errors: 0 };
  if (closing.length === 0) return counts;
  const latest = await selectLatestExitOrders(db, account, closing.map((p) => p.positionId));
  const actions = planClosing(closing, latest, now, step.config.OPS_PM_CLOSING_TIMEOUT_S, step.config.OPS_PM_LIMIT_EXIT_TIMEOUT_S ?? DEFAULT_CLOSE_ESCALATION.limitTimeoutS);

  for (const action of actions) {
    if (action.kind !== "close_from_fills") continue;
    const { position, order } = action;
    const context = { symbol: position.symbol, position_id: position.positionId, rec_id: position.recId, client_order_id: order.clientOrderId };
    // One transaction per close: the broker already sold, so a failure here must only delay the
    // bookkeeping (the row stays 'closing' and the next cycle retries), never reopen or re-exit (seed 24).
    try {
      const closed = await db.transaction((tx) =>
        closePositions(
          tx,
          account,
          [
            {
              positionId: position.positionId,
              reason: order.reason,
              exitPriceText: action.exitPriceText,
              qtyText: action.qtyText,
              source: "fills",
              eventType: "closed",
              detail: { order_id: order.orderId, client_order_id: order.clientOrderId, attempt: order.attempt },
            },
          ],
          now,
        ),
      );
      for (const row of closed) {
        counts.positions_closed += 1;
        log.info(
          { event: "position.closed", ...context, reason: order.reason, exit_price: row.exitPrice, realized_pnl: row.realizedPnl, exit_price_source: "fills" },
          "position closed at its exit fills",
        );
      }
    } catch (error) {
      counts.close_errors += 1;
      log.error(
        { event: "position.close_bookkeeping_failed", ...context, error: errorMessage(error) },
        "exit filled at the broker but the close could not be recorded; the position stays closing and is retried next cycle",
      );
    }
  }

  for (const action of actions) {
    if (action.kind !== "reopen_remaining") continue;
    const { position, order } = action;
    const context = { symbol: position.symbol, position_id: position.positionId, rec_id: position.recId, client_order_id: order.clientOrderId };
    try {
      const reduced = await db.transaction(async (tx) => {
        const changed = await reopenWithRemainingQty(tx, account, position.positionId, action.soldQtyText, now);
        if (changed) {
          await insertEvents(tx, account, [{
            positionId: position.positionId,
            eventType: "close_partial",
            detail: {
              order_id: order.orderId, client_order_id: order.clientOrderId, attempt: order.attempt, order_status: order.status,
              sold_qty: action.soldQtyText, sold_avg_price: order.fillsAvgPriceText, qty_before: position.qtyText,
            },
          }], now);
        }
        return changed;
      });
      if (!reduced) continue;
      counts.closes_partial += 1;
      log.warn(
        { event: "position.close_partial", ...context, order_status: order.status, sold_qty: action.soldQtyText, qty_before: position.qtyText },
        "exit ended part-filled; the position is open again for what is still held, and the sold part is booked at its close",
      );
    } catch (error) {
      counts.close_errors += 1;
      log.error({ event: "position.close_partial_failed", ...context, error: errorMessage(error) }, "could not record a part-filled exit; retried next cycle");
    }
  }

  const reopen = actions.filter((a): a is Extract<ClosingAction, { kind: "reopen" }> => a.kind === "reopen");
  if (reopen.length > 0) {
    const reopened = await db.transaction(async (tx) => {
      const changed = await reopenPositions(tx, account, reopen.map((a) => a.position.positionId), now);
      const events: EventRow[] = reopen
        .filter((a) => changed.has(a.position.positionId))
        .map((a) => ({
          positionId: a.position.positionId,
          eventType: a.event,
          detail: {
            order_id: a.order?.orderId ?? null,
            client_order_id: a.order?.clientOrderId ?? null,
            attempt: a.order?.attempt ?? null,
            order_status: a.order?.status ?? null,
            filled_qty: a.order?.filledQty ?? 0,
            last_error: a.order?.lastError ?? null,
          },
        }));
      await insertEvents(tx, account, events, now);
      return changed;
    });
    for (const action of reopen) {
      if (!reopened.has(action.position.positionId)) continue;
      counts.closes_reopened += 1;
      log.warn(
        {
          event: "position.close_failed",
          symbol: action.position.symbol,
          position_id: action.position.positionId,
          rec_id: action.position.recId,
          client_order_id: action.order?.clientOrderId ?? null,
          outcome: action.event,
          filled_qty: action.order?.filledQty ?? 0,
          last_error: action.order?.lastError ?? null,
        },
        "exit did not complete; position is open again and the exit will be retried",
      );
    }
  }

  const staleEvents: EventRow[] = [];
  for (const action of actions) {
    if (action.kind === "await_fills") {
      counts.closes_awaiting_fills += 1;
      continue;
    }
    if (action.kind !== "cancel_stale") continue;
    const { position, order } = action;
    const context = { symbol: position.symbol, position_id: position.positionId, client_order_id: order.clientOrderId };
    try {
      const outcome = await cancelOrder(step.execution, { account, orderId: order.orderId, now });
      counts.stale_cancels += 1;
      staleEvents.push({ positionId: position.positionId, eventType: "close_timeout", detail: { order_id: order.orderId, client_order_id: order.clientOrderId, closing_for_s: Math.round(action.closingForS), cancel_outcome: outcome } });
      log.warn({ event: "position.close_timeout", ...context, closing_for_s: Math.round(action.closingForS), cancel_outcome: outcome }, "exit order still working after the timeout; cancel requested, the broker's answer decides the next step");
    } catch (error) {
      counts.close_errors += 1;
      log.error({ event: "position.close_timeout_failed", ...context, error: errorMessage(error) }, "could not cancel a stale exit order; retried next cycle");
    }
  }
  if (staleEvents.length > 0) {
    try {
      await db.transaction((tx) => insertEvents(tx, account, staleEvents, now));
    } catch (error) {
      log.error({ event: "position.events_failed", error: errorMessage(error) }, "could not record close_timeout events");
    }
  }
  return counts;
}

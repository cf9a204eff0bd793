// Pure: what each 'closing' position needs, judged only from its exit order as the broker reported it
// (seed 30: a closing row is never flipped blindly; seed 50: the exit price comes from fills).
import { isLiveOrderStatus } from "./order-status.js";
import type { PositionRow } from "./position-row.js";
import type { LatestExitOrder } from "./queries.js";

export const REOPEN_EVENTS = ["close_rejected", "close_canceled", "close_expired", "closing_without_order"] as const;
const REOPEN_EVENT_BY_STATUS = { rejected: "close_rejected", canceled: "close_canceled", expired: "close_expired" } as const;
export type ReopenEvent = (typeof REOPEN_EVENTS)[number];

export type ClosingAction =
  /**
   * Everything held is sold and every fill is recorded: close at the average price of ALL the position's
   * exit fills (earlier part-filled attempts included), on their total quantity.
   */
  | { readonly kind: "close_from_fills"; readonly position: PositionRow; readonly order: LatestExitOrder; readonly exitPriceText: string; readonly qtyText: string }
  /** The exit ended part-filled: open again holding only the rest (the sold part is booked at the final close). */
  | { readonly kind: "reopen_remaining"; readonly position: PositionRow; readonly order: LatestExitOrder; readonly soldQtyText: string }
  /** Filled at the broker, fills not all recorded yet: execution's next settle brings them. */
  | { readonly kind: "await_fills"; readonly position: PositionRow; readonly order: LatestExitOrder }
  /** The broker says the exit did not happen: back to open, the next decision retries with attempt + 1. */
  | { readonly kind: "reopen"; readonly position: PositionRow; readonly order: LatestExitOrder | null; readonly event: ReopenEvent }
  /** Still live after the timeout: ask the broker to cancel; its answer decides the next step. */
  | { readonly kind: "cancel_stale"; readonly position: PositionRow; readonly order: LatestExitOrder; readonly closingForS: number }
  | { readonly kind: "wait"; readonly position: PositionRow; readonly order: LatestExitOrder };

export function planClosing(
  closing: readonly PositionRow[],
  latestExitOrders: ReadonlyMap<string, LatestExitOrder>,
  now: Date,
  timeoutS: number,
  /** A limit exit (close escalation) is re-priced sooner than a market exit is declared stuck. */
  limitTimeoutS: number = timeoutS,
): ClosingAction[] {
  return closing.map((position): ClosingAction => {
    const order = latestExitOrders.get(position.positionId);
    // Only reachable through a crash between two writes that execution makes atomic, or a manual edit;
    // reopening is safe because reconciliation then checks the broker before anything else happens.
    if (order === undefined) return { kind: "reopen", position, order: null, event: "closing_without_order" };
    switch (order.status) {
      case "filled": {
        if (!fillsRecorded(order)) return { kind: "await_fills", position, order };
        return closeFromAllFills(position, order);
      }
      case "rejected":
      case "canceled":
      case "expired": {
        if (!(order.filledQty > 0)) return { kind: "reopen", position, order, event: REOPEN_EVENT_BY_STATUS[order.status] };
        // Part-filled, then ended: what was sold is real. Wait for its fills, then hold only the rest.
        if (!fillsRecorded(order)) return { kind: "await_fills", position, order };
        const remaining = position.qty - order.filledQty;
        if (remaining <= 1e-9) return closeFromAllFills(position, order);
        return { kind: "reopen_remaining", position, order, soldQtyText: order.fillsQtyText };
      }
      default: {
        if (!isLiveOrderStatus(order.status)) return { kind: "wait", position, order };
        const since = position.closingSince ?? position.openedAt;
        const closingForS = (now.getTime() - since.getTime()) / 1000;
        const limit = order.orderType === "limit" ? Math.min(limitTimeoutS, timeoutS) : timeoutS;
        return closingForS > limit ? { kind: "cancel_stale", position, order, closingForS } : { kind: "wait", position, order };
      }
    }
  });
}

function fillsRecorded(order: LatestExitOrder): boolean {
  const recorded = Number(order.fillsQtyText);
  return order.fillsAvgPriceText !== null && recorded > 0 && recorded === order.filledQty;
}

function closeFromAllFills(position: PositionRow, order: LatestExitOrder): ClosingAction {
  const price = order.positionFillsAvgPriceText ?? order.fillsAvgPriceText;
  const qty = order.positionFillsAvgPriceText === null ? order.fillsQtyText : order.positionFillsQtyText;
  if (price === null) return { kind: "await_fills", position, order };
  return { kind: "close_from_fills", position, order, exitPriceText: price, qtyText: qty };
}

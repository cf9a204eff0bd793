import type { OrderStatus } from "@ops/trading";

/** Order statuses that may still trade (the schema's orders_one_live_exit_per_position set). */
export const LIVE_ORDER_STATUSES = ["pending_submit", "unresolved", "accepted", "partially_filled"] as const satisfies readonly OrderStatus[];

export function isLiveOrderStatus(status: OrderStatus): boolean {
  return (LIVE_ORDER_STATUSES as readonly OrderStatus[]).includes(status);
}

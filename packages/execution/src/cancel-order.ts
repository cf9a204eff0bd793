// Cancels a live order at the broker, then settles the row from the broker's answer (a cancel request
// is not a cancel: the order may fill first).
import type { AccountId } from "@ops/trading";
import type { ExecutionDeps } from "./execution-deps.js";
import { selectOrderById } from "./order-queries.js";
import { isLiveStatus } from "./order-row.js";
import { settleRows } from "./settle-open-orders.js";

export type CancelResult = "canceled" | "not_cancelable" | "not_found" | "not_live";

export interface CancelOrderRequest {
  readonly account: AccountId;
  readonly orderId: string;
  readonly now: Date;
}

export async function cancelOrder(deps: ExecutionDeps, req: CancelOrderRequest): Promise<CancelResult> {
  if (deps.broker.account !== req.account) throw new Error(`cancelOrder: broker is for ${deps.broker.account}, not ${req.account}`);
  const row = await selectOrderById(deps.db, req.account, req.orderId);
  if (row === undefined) return "not_found";
  if (!isLiveStatus(row.status)) return "not_live";
  let brokerOrderId = row.brokerOrderId;
  if (brokerOrderId === null) brokerOrderId = (await deps.broker.getOrderByClientOrderId(row.clientOrderId))?.id ?? null;
  if (brokerOrderId === null) return "not_found";
  const outcome = await deps.broker.cancelOrder(brokerOrderId);
  deps.logger.info(
    { event: "order.cancel_requested", order_id: row.orderId, symbol: row.symbol, client_order_id: row.clientOrderId, outcome },
    "cancel requested at the broker",
  );
  // Fills recorded so far matter as much as the status: settle the row with its fill state.
  const fills = await deps.db.query<{ q: unknown }>("SELECT COALESCE(sum(qty), 0) AS q FROM fills WHERE order_id = $1::bigint", [row.orderId]);
  await settleRows(deps, req.account, [{ ...row, fillsQty: Number(fills.rows[0]?.q ?? 0) }], req.now);
  return outcome;
}

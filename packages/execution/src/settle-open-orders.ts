// Brings our order rows in line with the broker: every cycle starts here. Broker reads happen first, then
// all writes (status updates, 'not_at_broker' verdicts, fills) go in one transaction.
import type { BrokerOrder, Fill } from "@ops/broker-alpaca";
import type { AccountId, OrderPurpose } from "@ops/trading";
import { DEFAULT_UNRESOLVED_GRACE_S } from "./execution-deps.js";
import type { ExecutionDeps } from "./execution-deps.js";
import { applyOrderUpdates, insertFills, markNotAtBroker, selectOrdersToSettle } from "./order-queries.js";
import type { NewFill } from "./order-queries.js";
import type { OrderRow } from "./order-row.js";
import { isLiveStatus } from "./order-row.js";
import { isNotAtBrokerRejection, reconcileWithBroker } from "./reconcile-order.js";
import type { OrderUpdate } from "./reconcile-order.js";

export interface SettleOptions {
  /** Settle only entry or only exit orders (each service settles the orders it placed). Default both. */
  readonly purpose?: OrderPurpose;
}

export interface SettleSummary {
  /** Rows looked up at the broker. */
  readonly checked: number;
  /** Rows whose status, fill or broker id changed. */
  readonly updated: number;
  /** pending_submit/unresolved rows declared rejected because the broker never received them. */
  readonly notAtBroker: number;
  readonly fillsInserted: number;
  /** Broker lookups or payloads that failed; retried next cycle. */
  readonly errors: number;
}

/** A 'not_at_broker' verdict stays under review this long, in case the broker surfaces the order late. */
const NOT_AT_BROKER_RECHECK_MS = 60 * 60_000;
/** Filled rows whose fills are still missing are re-checked this long. */
const FILL_CATCH_UP_MS = 7 * 24 * 60 * 60_000;
/** Activities are requested from a little before the oldest order that still lacks fills. */
const FILL_LOOKBACK_MARGIN_MS = 5 * 60_000;

type SettleRow = OrderRow & { readonly fillsQty: number };

export async function settleOpenOrders(
  deps: ExecutionDeps,
  account: AccountId,
  now: Date,
  options: SettleOptions = {},
): Promise<SettleSummary> {
  if (deps.broker.account !== account) {
    throw new Error(`settleOpenOrders: broker is for ${deps.broker.account}, asked to settle ${account}`);
  }
  const rows = await selectOrdersToSettle(
    deps.db,
    account,
    options.purpose ?? null,
    new Date(now.getTime() - FILL_CATCH_UP_MS),
    new Date(now.getTime() - NOT_AT_BROKER_RECHECK_MS),
  );
  return settleRows(deps, account, rows, now);
}

export async function settleRows(deps: ExecutionDeps, account: AccountId, rows: readonly SettleRow[], now: Date): Promise<SettleSummary> {
  const { logger } = deps;
  const graceMs = (deps.unresolvedGraceS ?? DEFAULT_UNRESOLVED_GRACE_S) * 1000;
  let checked = 0;
  let errors = 0;
  const updates: OrderUpdate[] = [];
  const missing: SettleRow[] = [];
  const after = new Map<string, { filledQty: number; brokerOrderId: string | null }>();

  for (const row of rows) {
    after.set(row.orderId, { filledQty: row.filledQty, brokerOrderId: row.brokerOrderId });
    if (!isLiveStatus(row.status) && !isNotAtBrokerRejection(row)) continue;
    checked += 1;
    const context = logContext(row);
    let order: BrokerOrder | undefined;
    try {
      order =
        row.brokerOrderId !== null
          ? await deps.broker.getOrder(row.brokerOrderId)
          : await deps.broker.getOrderByClientOrderId(row.clientOrderId);
    } catch (error) {
      errors += 1;
      logger.warn({ event: "order.lookup_failed", ...context, error: errorMessage(error) }, "broker order lookup failed; retrying next cycle");
      continue;
    }
    if (order === undefined) {
      if (row.brokerOrderId !== null) {
        errors += 1;
        logger.error({ event: "order.vanished", ...context, broker_order_id: row.brokerOrderId }, "the broker no longer knows an order it accepted");
      } else if ((row.status === "pending_submit" || row.status === "unresolved") && ageMs(row, now) > graceMs) {
        missing.push(row);
      }
      continue;
    }
    const reconciled = reconcileWithBroker(row, order, now);
    if (reconciled.kind === "conflict") {
      errors += 1;
      logger.error({ event: "order.conflict", ...context, reason: reconciled.message }, "broker view of the order cannot be applied");
    } else if (reconciled.kind === "update") {
      updates.push(reconciled.update);
      after.set(row.orderId, { filledQty: reconciled.update.filledQty, brokerOrderId: reconciled.update.brokerOrderId });
    }
  }

  const fillResult = await collectFills(deps, account, rows, after);
  errors += fillResult.errors;
  if (fillResult.fills.length > 0) deps.testCrashHook?.("after_fill");

  const written = await deps.db.transaction(async (tx) => {
    const updated = await applyOrderUpdates(tx, updates, now);
    const rejected = await markNotAtBroker(tx, missing, now);
    const inserted = await insertFills(tx, fillResult.fills, now);
    return { updated, rejected, inserted };
  });

  for (const update of updates) {
    if (!written.updated.has(update.orderId)) continue;
    const row = rows.find((r) => r.orderId === update.orderId);
    if (row === undefined) continue;
    logger.info(
      { event: "order.settled", ...logContext(row), from: update.expectedStatus, to: update.status, filled_qty: update.filledQty, broker_order_id: update.brokerOrderId },
      "order updated from the broker",
    );
  }
  for (const row of missing) {
    if (written.rejected.has(row.orderId)) {
      logger.warn({ event: "order.not_at_broker", ...logContext(row), grace_s: graceMs / 1000 }, "the broker never received this order; marked rejected");
    }
  }
  return { checked, updated: written.updated.size, notAtBroker: written.rejected.size, fillsInserted: written.inserted.length, errors };
}

async function collectFills(
  deps: ExecutionDeps,
  account: AccountId,
  rows: readonly SettleRow[],
  after: ReadonlyMap<string, { filledQty: number; brokerOrderId: string | null }>,
): Promise<{ fills: NewFill[]; errors: number }> {
  const lacking = rows.filter((r) => {
    const state = after.get(r.orderId);
    return state !== undefined && state.brokerOrderId !== null && state.filledQty > r.fillsQty;
  });
  if (lacking.length === 0) return { fills: [], errors: 0 };
  const byBrokerId = new Map<string, SettleRow>();
  for (const row of lacking) {
    const brokerOrderId = after.get(row.orderId)?.brokerOrderId;
    if (brokerOrderId) byBrokerId.set(brokerOrderId, row);
  }
  const oldest = Math.min(...lacking.map((r) => (r.submittedAt ?? r.createdAt).getTime()));
  let activities: Fill[];
  try {
    activities = await deps.broker.listFills(new Date(oldest - FILL_LOOKBACK_MARGIN_MS));
  } catch (error) {
    deps.logger.warn({ event: "fills.lookup_failed", error: errorMessage(error) }, "broker fill activities unavailable; retrying next cycle");
    return { fills: [], errors: 1 };
  }
  const fills: NewFill[] = [];
  let errors = 0;
  for (const fill of activities) {
    const row = byBrokerId.get(fill.orderId);
    if (row === undefined) continue;
    if (fill.symbol !== row.symbol || fill.side !== row.side || !(fill.qty > 0) || !(fill.price > 0) || fill.id === "") {
      errors += 1;
      deps.logger.error(
        { event: "fill.mismatch", ...logContext(row), fill_id: fill.id, fill_symbol: fill.symbol, fill_side: fill.side, fill_qty: fill.qty },
        "broker fill does not match its order; skipped",
      );
      continue;
    }
    fills.push({
      fillId: fill.id,
      orderId: row.orderId,
      account,
      symbol: row.symbol,
      side: row.side,
      qty: fill.qty,
      price: fill.price,
      filledAt: fill.transactionTime,
      raw: fill,
    });
  }
  return { fills, errors };
}

function ageMs(row: OrderRow, now: Date): number {
  const since = Math.max(row.createdAt.getTime(), row.submittedAt?.getTime() ?? 0);
  return now.getTime() - since;
}

function logContext(row: OrderRow): Record<string, unknown> {
  return {
    order_id: row.orderId,
    symbol: row.symbol,
    rec_id: row.recId,
    position_id: row.positionId,
    client_order_id: row.clientOrderId,
    purpose: row.purpose,
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// The one submit path: commit the pending_submit row (with the caller's own writes), POST once, record
// the outcome. Nothing after the POST may throw: a failed bookkeeping write leaves the row pending and
// the next settle resolves it from the broker (seed 24).
import { deterministicClientOrderId } from "@ops/broker-alpaca";
import type { SubmitOrderRequest, SubmitOutcome } from "@ops/broker-alpaca";
import type { Queryable } from "@ops/core";
import type { ExecutionDeps } from "./execution-deps.js";
import { applyOrderUpdates, insertPendingOrder, recordSubmitFailure } from "./order-queries.js";
import type { OrderRow } from "./order-row.js";
import { orderSpecProblem } from "./order-spec.js";
import type { OrderSpec } from "./order-spec.js";
import { reconcileWithBroker } from "./reconcile-order.js";
import type { RefusalCode, SubmitResult } from "./submit-result.js";

/** Runs inside the transaction that inserts the pending_submit row; throwing rolls both back. */
export type WithinTransaction = (tx: Queryable, order: { readonly orderId: string; readonly clientOrderId: string }) => Promise<void>;

export type Prepared = { readonly ok: true; readonly spec: OrderSpec } | { readonly ok: false; readonly code: RefusalCode; readonly message: string };

export async function placeOrder(
  deps: ExecutionDeps,
  now: Date,
  prepare: (tx: Queryable) => Promise<Prepared>,
  withinTransaction?: WithinTransaction,
): Promise<SubmitResult> {
  const { db, broker, logger } = deps;
  let inserted: OrderRow;
  let spec: OrderSpec;
  try {
    const outcome = await db.transaction(async (tx): Promise<Prepared & { row?: OrderRow }> => {
      const prepared = await prepare(tx);
      if (!prepared.ok) return prepared;
      const { spec } = prepared;
      if (spec.account !== broker.account) {
        return { ok: false, code: "ACCOUNT_MISMATCH", message: `order for ${spec.account} with the broker of ${broker.account}` };
      }
      const problem = orderSpecProblem(spec);
      if (problem !== null) return { ok: false, code: "INVALID_ORDER", message: problem };
      const clientOrderId =
        spec.recId !== null
          ? deterministicClientOrderId({ recId: spec.recId, account: spec.account, purpose: spec.purpose, attempt: spec.attempt })
          : deterministicClientOrderId({ positionId: spec.positionId ?? "", account: spec.account, purpose: spec.purpose, attempt: spec.attempt });
      const row = await insertPendingOrder(tx, spec, clientOrderId, now);
      if (withinTransaction !== undefined) await withinTransaction(tx, { orderId: row.orderId, clientOrderId });
      return { ...prepared, row };
    });
    if (!outcome.ok) {
      logger.warn({ event: "order.refused", code: outcome.code, reason: outcome.message }, "order refused before submission");
      return { kind: "refused", code: outcome.code, message: outcome.message };
    }
    if (outcome.row === undefined) throw new Error("order row missing after insert");
    inserted = outcome.row;
    spec = outcome.spec;
  } catch (error) {
    if (isUniqueViolation(error)) {
      const message = error instanceof Error ? error.message : String(error);
      logger.warn({ event: "order.duplicate", reason: message }, "an order for this key already exists");
      return { kind: "refused", code: "DUPLICATE_ORDER", message };
    }
    throw error;
  }

  deps.testCrashHook?.("after_intent");
  const request = toBrokerRequest(inserted, spec);
  const context = {
    symbol: inserted.symbol,
    rec_id: inserted.recId,
    position_id: inserted.positionId,
    client_order_id: inserted.clientOrderId,
    order_id: inserted.orderId,
    purpose: inserted.purpose,
  };
  let submitted: SubmitOutcome;
  try {
    submitted = await broker.submitOrder(request);
  } catch (error) {
    // The port promises not to throw for a submit; if it does, the order may exist: treat as unresolved.
    submitted = { kind: "unresolved", error: error instanceof Error ? error : new Error(String(error)) };
  }
  deps.testCrashHook?.("after_post");
  return recordOutcome(deps, inserted, submitted, now, context);
}

async function recordOutcome(
  deps: ExecutionDeps,
  row: OrderRow,
  submitted: SubmitOutcome,
  now: Date,
  context: Record<string, unknown>,
): Promise<SubmitResult> {
  const { db, logger } = deps;
  const base = { orderId: row.orderId, clientOrderId: row.clientOrderId, attempt: row.attempt };
  try {
    if (submitted.kind === "accepted") {
      const reconciled = reconcileWithBroker({ ...row, submittedAt: now }, submitted.order, now);
      if (reconciled.kind === "conflict") {
        logger.error({ event: "order.conflict", ...context, reason: reconciled.message }, "broker answer does not match the order");
      } else if (reconciled.kind === "update") {
        await db.transaction((tx) => applyOrderUpdates(tx, [reconciled.update], now));
      }
      logger.info({ event: "order.submitted", ...context, status: submitted.order.status, broker_order_id: submitted.order.id }, "order accepted by the broker");
      return { ...base, kind: "accepted", status: submitted.order.status, brokerOrderId: submitted.order.id };
    }
    if (submitted.kind === "rejected") {
      const message = `${submitted.status}: ${submitted.message}`;
      await db.transaction((tx) => recordSubmitFailure(tx, row.orderId, "rejected", message, now));
      logger.warn({ event: "order.rejected", ...context, http_status: submitted.status, reason: submitted.message }, "order rejected");
      return { ...base, kind: "rejected", message };
    }
    const message = submitted.error.message || submitted.error.name;
    await db.transaction((tx) => recordSubmitFailure(tx, row.orderId, "unresolved", message, now));
    logger.warn({ event: "order.unresolved", ...context, reason: message }, "order outcome unknown; will settle by client order id");
    return { ...base, kind: "unresolved", message };
  } catch (error) {
    logger.error(
      { event: "order.bookkeeping_failed", ...context, outcome: submitted.kind, error: error instanceof Error ? error.message : String(error) },
      "could not record the submit outcome; the next settle resolves it from the broker",
    );
    if (submitted.kind === "accepted") return { ...base, kind: "accepted", status: submitted.order.status, brokerOrderId: submitted.order.id };
    if (submitted.kind === "rejected") return { ...base, kind: "rejected", message: submitted.message };
    return { ...base, kind: "unresolved", message: submitted.error.message };
  }
}

function toBrokerRequest(row: OrderRow, spec: OrderSpec): SubmitOrderRequest {
  const request: SubmitOrderRequest = {
    clientOrderId: row.clientOrderId,
    symbol: row.symbol,
    qty: row.qty,
    side: row.side,
    type: spec.orderType,
    timeInForce: spec.timeInForce,
    ...(spec.limitPrice !== null ? { limitPrice: spec.limitPrice } : {}),
    ...(spec.positionIntent !== null ? { positionIntent: spec.positionIntent } : {}),
  };
  return request;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23505";
}

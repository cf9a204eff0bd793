// Exits: sell exactly (part of) what the position row holds, the exact instrument, never more (seed 21,
// 22). The position is read and locked inside the transaction that writes the order row, so two exit
// attempts can never race past the "one live exit per position" rule.
import type { Queryable } from "@ops/core";
import { INSTRUMENT_TYPES } from "@ops/trading";
import type { AccountId, ExitReason, InstrumentType } from "@ops/trading";
import type { ExecutionDeps } from "./execution-deps.js";
import { LIVE_ORDER_STATUSES } from "./order-row.js";
import type { ExecutionOrderType } from "./order-spec.js";
import { placeOrder } from "./place-order.js";
import type { Prepared, WithinTransaction } from "./place-order.js";
import type { SubmitResult } from "./submit-result.js";

export interface ExitOrderRequest {
  readonly account: AccountId;
  readonly positionId: string;
  readonly reason: ExitReason;
  readonly now: Date;
  /** Default: the whole held quantity. Never more than held. */
  readonly qty?: number;
  /** Default market. */
  readonly orderType?: ExecutionOrderType;
  /** Required for limit orders; already on the tick. */
  readonly limitPrice?: number;
  readonly detail?: Readonly<Record<string, unknown>>;
  /** Runs in the order row's transaction (e.g. the position manager sets status 'closing' there). */
  readonly withinTransaction?: WithinTransaction;
}

const LIVE_LIST = LIVE_ORDER_STATUSES.map((s) => `'${s}'`).join(", ");

export function submitExitOrder(deps: ExecutionDeps, req: ExitOrderRequest): Promise<SubmitResult> {
  return placeOrder(deps, req.now, (tx) => prepareExit(tx, req), req.withinTransaction);
}

async function prepareExit(tx: Queryable, req: ExitOrderRequest): Promise<Prepared> {
  const found = await tx.query(
    `SELECT position_id, account_id, symbol, underlying, instrument_type, qty, status
     FROM positions WHERE position_id = $1::bigint FOR UPDATE`,
    [req.positionId],
  );
  const position = found.rows[0];
  if (position === undefined) return refuse("POSITION_NOT_FOUND", `position ${req.positionId} does not exist`);
  if (position.account_id !== req.account) {
    return refuse("ACCOUNT_MISMATCH", `position ${req.positionId} belongs to ${String(position.account_id)}, not ${req.account}`);
  }
  if (position.status === "closed") return refuse("POSITION_CLOSED", `position ${req.positionId} is already closed`);
  const held = Number(position.qty);
  const qty = req.qty ?? held;
  if (!(qty > 0) || qty > held) return refuse("QTY_EXCEEDS_HELD", `exit qty ${qty} for position ${req.positionId} holding ${held}`);
  const instrumentType = String(position.instrument_type);
  if (!(INSTRUMENT_TYPES as readonly string[]).includes(instrumentType)) {
    return refuse("INVALID_ORDER", `position ${req.positionId} has instrument type ${instrumentType}`);
  }

  const attempts = await tx.query(
    `SELECT COALESCE(max(attempt), 0) AS last_attempt,
            count(*) FILTER (WHERE status IN (${LIVE_LIST})) AS live
     FROM orders WHERE position_id = $1::bigint AND purpose = 'exit'`,
    [req.positionId],
  );
  const stats = attempts.rows[0] ?? { last_attempt: 0, live: 0 };
  if (Number(stats.live) > 0) return refuse("LIVE_EXIT_EXISTS", `position ${req.positionId} already has a live exit order`);

  const type = instrumentType as InstrumentType;
  const orderType = req.orderType ?? "market";
  return {
    ok: true,
    spec: {
      account: req.account,
      recId: null,
      positionId: req.positionId,
      purpose: "exit",
      attempt: Number(stats.last_attempt) + 1,
      // The exact held instrument id, straight from the position row.
      symbol: String(position.symbol),
      underlying: String(position.underlying),
      instrumentType: type,
      side: "sell",
      positionIntent: type === "STOCK" ? null : "sell_to_close",
      qty,
      orderType,
      limitPrice: orderType === "limit" ? (req.limitPrice ?? Number.NaN) : null,
      timeInForce: "day",
      detail: { reason: req.reason, held_qty: held, ...(req.detail ?? {}) },
    },
  };
}

function refuse(code: Exclude<Prepared, { ok: true }>["code"], message: string): Prepared {
  return { ok: false, code, message };
}

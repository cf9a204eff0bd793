// `pnpm ops close-all`: the CLI only inserts a close_requests row; this step, run by the account's one
// exit owner, turns it into ordinary exits (reason 'manual') through the same execution path as every
// other exit, so fills, 'closing', position_history and P&L stay exactly as for an automatic exit.
import { submitExitOrder } from "@ops/execution";
import type { SubmitResult } from "@ops/execution";
import { ExitOrderError, exitOrderFor, isMarketOpen } from "@ops/trading";
import { marketSessionAt } from "./market-session-at.js";
import { toTradingPosition } from "./position-row.js";
import type { PositionRow } from "./position-row.js";
import { insertEvents, markClosing, selectLivePositions } from "./queries.js";
import { errorMessage } from "./step-context.js";
import type { StepContext } from "./step-context.js";

export interface CloseRequestCounts {
  readonly close_requests_pending: number;
  readonly close_requests_completed: number;
  readonly close_exits_submitted: number;
  readonly close_exit_failures: number;
}

const NONE: CloseRequestCounts = { close_requests_pending: 0, close_requests_completed: 0, close_exits_submitted: 0, close_exit_failures: 0 };

const LIVE_ORDER_LIST = "'pending_submit', 'unresolved', 'accepted', 'partially_filled'";

/**
 * While a request is pending, every open position of the account gets a market exit (market hours
 * only; rejected exits reopen and are retried next cycle). The request completes once nothing is held
 * or closing and no entry order is still live, so a late entry fill is closed too.
 */
export async function honourCloseRequests(step: StepContext): Promise<CloseRequestCounts> {
  const { db, account, now, log } = step;
  const pending = await db.query<{ id: string | number }>(
    `SELECT id FROM close_requests WHERE account_id = $1 AND completed_at IS NULL ORDER BY id`,
    [account],
  );
  const ids = pending.rows.map((r) => String(r.id));
  if (ids.length === 0) return NONE;

  const live = await selectLivePositions(db, account);
  const entries = await db.query<{ n: number | string }>(
    `SELECT count(*) AS n FROM orders WHERE account_id = $1 AND purpose = 'entry' AND status IN (${LIVE_ORDER_LIST})`,
    [account],
  );
  if (live.length === 0 && Number(entries.rows[0]?.n ?? 0) === 0) {
    const done = await db.query(
      `UPDATE close_requests SET completed_at = GREATEST($3::timestamptz, requested_at),
              detail = detail || jsonb_build_object('completed_by', 'position-manager')
       WHERE account_id = $1 AND id = ANY($2::bigint[]) AND completed_at IS NULL`,
      [account, ids, now.toISOString()],
    );
    log.info({ event: "close_request.completed", close_request_ids: ids }, "close-all request completed: nothing held, nothing closing");
    return { ...NONE, close_requests_completed: done.rowCount };
  }

  const counts = { ...NONE, close_requests_pending: ids.length };
  if (!isMarketOpen(marketSessionAt(step.calendar, now), now)) {
    log.info({ event: "close_request.waiting_for_open", close_request_ids: ids }, "close-all request pending: exits are sent when the market opens");
    return counts;
  }
  // Rows under review are not held at the broker: an exit for them could only open a short.
  for (const row of live.filter((p) => p.status === "open" && p.reviewSince === null)) {
    if (await placeManualExit(step, row, ids)) counts.close_exits_submitted += 1;
    else counts.close_exit_failures += 1;
  }
  return counts;
}

async function placeManualExit(step: StepContext, row: PositionRow, requestIds: readonly string[]): Promise<boolean> {
  const { account, now, log } = step;
  const context = { symbol: row.symbol, position_id: row.positionId, rec_id: row.recId, reason: "manual", close_request_ids: requestIds };
  let result: SubmitResult;
  try {
    // The same guard as every exit: exactly the held instrument and quantity, never a reversal.
    const qty = exitOrderFor(toTradingPosition(row)).qty;
    result = await submitExitOrder(step.execution, {
      account,
      positionId: row.positionId,
      reason: "manual",
      now,
      qty,
      detail: { close_request_ids: requestIds },
      withinTransaction: async (tx, order) => {
        if (!(await markClosing(tx, account, row.positionId, now))) throw new Error(`position ${row.positionId} is no longer open`);
        await insertEvents(
          tx,
          account,
          [{ positionId: row.positionId, eventType: "exit_triggered", detail: { reason: "manual", close_request_ids: requestIds, qty, order_id: order.orderId, client_order_id: order.clientOrderId } }],
          now,
        );
      },
    });
  } catch (error) {
    const message = error instanceof ExitOrderError ? `position cannot be closed safely: ${error.message}` : errorMessage(error);
    log.error({ event: "close_request.exit_failed", ...context, error: message }, "close-all exit not placed; retried next cycle");
    return false;
  }
  // Logging after the broker call must never turn a placed exit into a failure (seed 24).
  try {
    if (result.kind === "refused") log.warn({ event: "close_request.exit_refused", ...context, code: result.code, detail: result.message }, "close-all exit refused before submission");
    else log.info({ event: "close_request.exit_sent", ...context, outcome: result.kind, client_order_id: result.clientOrderId, order_id: result.orderId }, "close-all exit placed");
  } catch {
    // nothing to undo
  }
  return result.kind === "accepted" || result.kind === "unresolved";
}

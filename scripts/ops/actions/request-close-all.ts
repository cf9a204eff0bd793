// close-all: never sends an order itself. It records a request that the account's position manager (the
// one exit owner) honours through its normal exit path, and halts the account in the same transaction so
// the dispatcher does not open what is being closed.
import type { Db, Queryable } from "@ops/core";
import { insertAudit } from "./insert-audit.js";
import type { OpsResult } from "./ops-result.js";
import { refused } from "./ops-result.js";
import { closeRequestsTableExists, pendingCloseRequestIds } from "./read-close-requests.js";
import { haltInTransaction } from "./set-trading-enabled.js";
import type { AccountRequest } from "./set-trading-enabled.js";

/** What close-all would close now, for the confirmation prompt. */
export async function livePositionSummary(db: Queryable, account: string): Promise<{ symbol: string; qty: number; status: string }[]> {
  const { rows } = await db.query(
    `SELECT symbol, qty::text AS qty, status FROM positions WHERE account_id = $1 AND status <> 'closed' ORDER BY symbol`,
    [account],
  );
  return rows.map((r) => ({ symbol: String(r.symbol), qty: Number(r.qty), status: String(r.status) }));
}

export async function requestCloseAll(db: Db, req: AccountRequest): Promise<OpsResult> {
  if (!(await closeRequestsTableExists(db))) {
    return refused("close-all", req.account, "the database has no close_requests table (migration 0003): run pnpm migrate first");
  }
  return db.transaction(async (tx) => {
    // Serialise with every other operator action on this account (halt, resume, a second close-all).
    await tx.query(`SELECT 1 FROM risk_state WHERE account_id = $1 FOR UPDATE`, [req.account]);
    const pending = await pendingCloseRequestIds(tx, req.account);
    if (pending.length > 0) return refused("close-all", req.account, `close-all request ${pending.join(", ")} for ${req.account} is already pending`);
    const positions = await livePositionSummary(tx, req.account);
    const inserted = await tx.query<{ id: unknown }>(
      `INSERT INTO close_requests (account_id, requested_at, requested_by, reason, detail) VALUES ($1, $2::timestamptz, $3, $4, $5::jsonb) RETURNING id`,
      [req.account, req.now.toISOString(), req.actor, req.reason, JSON.stringify({ positions_at_request: positions })],
    );
    const requestId = String(inserted.rows[0]?.id);
    const halt = await haltInTransaction(tx, { ...req, reason: `close-all #${requestId}: ${req.reason}` });
    const auditId = await insertAudit(tx, {
      at: req.now, actor: req.actor, action: "close-all", target: req.account,
      detail: { reason: req.reason, close_request_id: requestId, positions },
    });
    return {
      outcome: "done", action: "close-all", target: req.account, auditIds: [...halt.auditIds, auditId],
      detail: { closeRequestId: requestId, positions },
      message:
        `close-all #${requestId} for ${req.account}: ${positions.length} live position(s); the position manager sends the exits ` +
        `at its next cycle in market hours, and the account stays halted (pnpm ops resume once it is flat)`,
    };
  });
}

// unlock: ends a risk lock early. The row is kept (its original end is audited) and its locked_until is
// moved to now, so the dispatcher's "locked_at <= now < locked_until" test stops matching.
import type { Db } from "@ops/core";
import { insertAudit } from "./insert-audit.js";
import { refused } from "./ops-result.js";
import type { OpsRequestBase, OpsResult } from "./ops-result.js";

export interface UnlockRequest extends OpsRequestBase {
  readonly lockId: string;
}

export async function unlockRiskLock(db: Db, req: UnlockRequest): Promise<OpsResult> {
  const target = `risk_lock:${req.lockId}`;
  if (!/^\d{1,18}$/.test(req.lockId)) return refused("unlock", target, `lock id must be a number, got "${req.lockId}"`);
  return db.transaction(async (tx) => {
    const found = await tx.query(
      `SELECT id, account_id, symbol, reason, locked_at, locked_until FROM risk_locks WHERE id = $1::bigint FOR UPDATE`,
      [req.lockId],
    );
    const lock = found.rows[0];
    if (lock === undefined) return refused("unlock", target, `no risk lock ${req.lockId}`);
    const until = new Date(lock.locked_until as string | Date);
    if (until.getTime() <= req.now.getTime()) {
      return refused("unlock", target, `risk lock ${req.lockId} already ended at ${until.toISOString()} (now ${req.now.toISOString()}); nothing changed`);
    }
    // CHECK (locked_until > locked_at): a lock that has not started yet ends 1 ms after its start.
    const updated = await tx.query<{ locked_until: unknown }>(
      `UPDATE risk_locks SET locked_until = GREATEST($2::timestamptz, locked_at + interval '1 millisecond') WHERE id = $1::bigint RETURNING locked_until`,
      [req.lockId, req.now.toISOString()],
    );
    const lockInfo = {
      account: String(lock.account_id),
      symbol: lock.symbol === null ? null : String(lock.symbol),
      lock_reason: String(lock.reason),
      locked_at: new Date(lock.locked_at as string | Date).toISOString(),
      previous_locked_until: until.toISOString(),
      locked_until: new Date(updated.rows[0]?.locked_until as string | Date).toISOString(),
    };
    const auditId = await insertAudit(tx, { at: req.now, actor: req.actor, action: "unlock", target, detail: { reason: req.reason, ...lockInfo } });
    return {
      outcome: "done", action: "unlock", target, auditIds: [auditId], detail: lockInfo,
      message: `risk lock ${req.lockId} (${lockInfo.account} ${lockInfo.symbol ?? "whole account"}: ${lockInfo.lock_reason}) released; it was due to end ${lockInfo.previous_locked_until}`,
    };
  });
}

// halt / reduce / resume: the account's risk mode (risk_state.mode and the trading_enabled switch it is
// kept equal to by trigger) that the dispatcher's trading_enabled gate reads on every rec.
import type { Db, Queryable } from "@ops/core";
import { asRiskMode } from "@ops/trading";
import type { AccountId, RiskMode } from "@ops/trading";
import { insertAudit } from "./insert-audit.js";
import type { OpsRequestBase, OpsResult } from "./ops-result.js";
import { refused } from "./ops-result.js";
import { pendingCloseRequestIds } from "./read-close-requests.js";

export interface AccountRequest extends OpsRequestBase {
  readonly account: AccountId;
}

interface RiskRow {
  readonly enabled: boolean;
  readonly haltedReason: string | null;
  readonly mode: RiskMode;
  readonly modeReason: string | null;
}

async function lockRiskState(tx: Queryable, account: AccountId): Promise<RiskRow | null> {
  const { rows } = await tx.query(
    `SELECT trading_enabled, halted_reason, mode, mode_reason FROM risk_state WHERE account_id = $1 FOR UPDATE`,
    [account],
  );
  const r = rows[0];
  if (r === undefined) return null;
  const enabled = r.trading_enabled === true;
  return {
    enabled,
    haltedReason: r.halted_reason === null ? null : String(r.halted_reason),
    mode: asRiskMode(String(r.mode)) ?? (enabled ? "ACTIVE" : "HALTED"),
    modeReason: r.mode_reason === null || r.mode_reason === undefined ? null : String(r.mode_reason),
  };
}

const previousOf = (row: RiskRow) => ({ mode: row.mode, trading_enabled: row.enabled, halted_reason: row.haltedReason, mode_reason: row.modeReason });

/** trading_enabled = false with the reason; a halted account gets the new reason (the old one is audited). */
export async function haltAccount(db: Db, req: AccountRequest): Promise<OpsResult> {
  return db.transaction((tx) => haltInTransaction(tx, req));
}

export async function haltInTransaction(tx: Queryable, req: AccountRequest): Promise<OpsResult> {
  const before = await lockRiskState(tx, req.account);
  if (before === null) return refused("halt", req.account, `no risk_state row for ${req.account}`);
  await tx.query(
    `UPDATE risk_state SET trading_enabled = false, halted_reason = $2, updated_at = $3::timestamptz, updated_by = $4 WHERE account_id = $1`,
    [req.account, req.reason, req.now.toISOString(), req.actor],
  );
  const auditId = await insertAudit(tx, {
    at: req.now, actor: req.actor, action: "halt", target: req.account,
    detail: { reason: req.reason, previous: previousOf(before) },
  });
  return {
    outcome: "done", action: "halt", target: req.account, auditIds: [auditId], detail: { previous: before },
    message: before.enabled
      ? `${req.account} halted: the dispatcher places no new entry orders from its next cycle (exits continue)`
      : `${req.account} was already halted ("${before.haltedReason ?? ""}"); reason replaced`,
  };
}

/**
 * Mode REDUCING: exits only (the dispatcher denies every new entry; the position manager keeps closing).
 * From HALTED it re-enables the switch for exits, so it is refused while a close-all still holds the halt.
 */
export async function reduceAccount(db: Db, req: AccountRequest): Promise<OpsResult> {
  return db.transaction(async (tx) => {
    const before = await lockRiskState(tx, req.account);
    if (before === null) return refused("reduce", req.account, `no risk_state row for ${req.account}`);
    if (before.mode === "HALTED") {
      const pending = await pendingCloseRequestIds(tx, req.account);
      if (pending.length > 0) {
        return refused("reduce", req.account, `close-all request ${pending.join(", ")} for ${req.account} is still pending: the account stays halted until it is done`);
      }
    }
    await tx.query(
      `UPDATE risk_state SET mode = 'REDUCING', mode_reason = $2, mode_until = NULL, mode_set_by = 'ops', updated_at = $3::timestamptz, updated_by = $4
       WHERE account_id = $1`,
      [req.account, req.reason, req.now.toISOString(), req.actor],
    );
    const auditId = await insertAudit(tx, {
      at: req.now, actor: req.actor, action: "reduce", target: req.account,
      detail: { reason: req.reason, previous: previousOf(before) },
    });
    return {
      outcome: "done", action: "reduce", target: req.account, auditIds: [auditId], detail: { previous: before },
      message:
        before.mode === "REDUCING"
          ? `${req.account} was already reducing ("${before.modeReason ?? ""}"); reason replaced`
          : `${req.account} reducing (was ${before.mode}): exits only, the dispatcher places no new entry orders from its next cycle`,
    };
  });
}

/** Back to ACTIVE from HALTED or REDUCING, refused while a close-all request for the account is still being worked off. */
export async function resumeAccount(db: Db, req: AccountRequest): Promise<OpsResult> {
  return db.transaction(async (tx) => {
    const before = await lockRiskState(tx, req.account);
    if (before === null) return refused("resume", req.account, `no risk_state row for ${req.account}`);
    const pending = await pendingCloseRequestIds(tx, req.account);
    if (pending.length > 0) {
      return refused("resume", req.account, `close-all request ${pending.join(", ")} for ${req.account} is still pending: resume once the position manager has closed everything`);
    }
    if (before.enabled && before.mode === "ACTIVE") {
      return { outcome: "unchanged", action: "resume", target: req.account, auditIds: [], detail: {}, message: `${req.account} is already enabled; nothing changed` };
    }
    await tx.query(
      `UPDATE risk_state SET mode = 'ACTIVE', mode_set_by = 'ops', trading_enabled = true, halted_reason = NULL, updated_at = $2::timestamptz, updated_by = $3
       WHERE account_id = $1`,
      [req.account, req.now.toISOString(), req.actor],
    );
    const auditId = await insertAudit(tx, {
      at: req.now, actor: req.actor, action: "resume", target: req.account,
      detail: { reason: req.reason, previous: previousOf(before) },
    });
    const was = before.mode === "REDUCING" ? `reducing: "${before.modeReason ?? ""}"` : `halted: "${before.haltedReason ?? ""}"`;
    return {
      outcome: "done", action: "resume", target: req.account, auditIds: [auditId], detail: { previous: before },
      message: `${req.account} enabled (was ${was}): the dispatcher may place orders from its next cycle`,
    };
  });
}

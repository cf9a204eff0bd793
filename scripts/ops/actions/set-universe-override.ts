// pin / block / unpin / unblock: the operator's rows of the universe (source 'ops_pin'). A block beats
// every AI or config pick and a pin beats an AI removal (view tradable_universe); each change is also
// appended to universe_versions like every other universe writer's.
import { etDateString } from "@ops/core";
import type { Db } from "@ops/core";
import { insertAudit } from "./insert-audit.js";
import { refused } from "./ops-result.js";
import type { OpsRequestBase, OpsResult } from "./ops-result.js";

export const UNIVERSE_OVERRIDES = ["pin", "block", "unpin", "unblock"] as const;
export type UniverseOverride = (typeof UNIVERSE_OVERRIDES)[number];

/** The universe table's own CHECK, so a typo is refused here with a clear message. */
export const SYMBOL_PATTERN = /^[A-Z][A-Z0-9.]{0,9}$/;

export interface UniverseRequest extends OpsRequestBase {
  readonly override: UniverseOverride;
  readonly symbol: string;
}

type OpsPinStatus = "active" | "blocked" | "inactive";

/** The ops_pin status each override needs before it, and leaves after it. */
const TRANSITION: Record<UniverseOverride, { readonly to: OpsPinStatus; readonly requires?: OpsPinStatus }> = {
  pin: { to: "active" },
  block: { to: "blocked" },
  unpin: { to: "inactive", requires: "active" },
  unblock: { to: "inactive", requires: "blocked" },
};

const DESCRIBE: Record<OpsPinStatus, string> = { active: "pinned", blocked: "blocked", inactive: "neither pinned nor blocked" };

export async function setUniverseOverride(db: Db, req: UniverseRequest): Promise<OpsResult> {
  const symbol = req.symbol.trim().toUpperCase();
  if (!SYMBOL_PATTERN.test(symbol)) return refused(req.override, symbol, `"${req.symbol}" is not a ticker (${SYMBOL_PATTERN.source})`);
  const { to, requires } = TRANSITION[req.override];
  return db.transaction(async (tx) => {
    const found = await tx.query(`SELECT status FROM universe WHERE symbol = $1 AND source = 'ops_pin' FOR UPDATE`, [symbol]);
    const current = (found.rows[0]?.status ?? "inactive") as OpsPinStatus;
    if (requires !== undefined && current !== requires) {
      return refused(req.override, symbol, `${symbol} is ${DESCRIBE[current]} by ops; ${req.override} needs it ${DESCRIBE[requires]}`);
    }
    if (current === to && found.rows.length > 0) {
      return { outcome: "unchanged", action: req.override, target: symbol, auditIds: [], detail: {}, message: `${symbol} is already ${DESCRIBE[to]}; nothing changed` };
    }
    const payload = { action: req.override, symbol, status: to, previous: found.rows.length > 0 ? current : null, reason: req.reason, actor: req.actor };
    const version = await tx.query<{ version_id: unknown }>(
      `INSERT INTO universe_versions (source, version_date, created_at, created_by, payload)
       VALUES ('ops_pin', $1::date, $2::timestamptz, $3, $4::jsonb) RETURNING version_id`,
      [etDateString(req.now), req.now.toISOString(), req.actor, JSON.stringify(payload)],
    );
    const versionId = String(version.rows[0]?.version_id);
    await tx.query(
      `INSERT INTO universe (symbol, source, status, version_date, version_id, reason, created_at, updated_at, updated_by)
       VALUES ($1, 'ops_pin', $2, $3::date, $4::bigint, $5, $6::timestamptz, $6::timestamptz, $7)
       ON CONFLICT (symbol, source) DO UPDATE SET status = EXCLUDED.status, version_date = EXCLUDED.version_date,
         version_id = EXCLUDED.version_id, reason = EXCLUDED.reason, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
      [symbol, to, etDateString(req.now), versionId, req.reason, req.now.toISOString(), req.actor],
    );
    const tradable = (await tx.query(`SELECT 1 FROM tradable_universe WHERE symbol = $1`, [symbol])).rows.length > 0;
    const auditId = await insertAudit(tx, {
      at: req.now, actor: req.actor, action: req.override, target: symbol,
      detail: { reason: req.reason, status: to, previous: payload.previous, universe_version_id: versionId, tradable },
    });
    return {
      outcome: "done", action: req.override, target: symbol, auditIds: [auditId], detail: { status: to, tradable, universeVersionId: versionId },
      message: `${symbol} ${DESCRIBE[to]} by ops; it is ${tradable ? "" : "not "}in the tradable universe now`,
    };
  });
}

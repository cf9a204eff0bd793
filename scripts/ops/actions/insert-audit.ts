import type { Queryable } from "@ops/core";
import type { OpsAction } from "./ops-result.js";

export interface AuditEntry {
  readonly at: Date;
  readonly actor: string;
  readonly action: OpsAction;
  readonly target: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

/** One ops_audit_log row, in the caller's transaction so the change and its record commit together. */
export async function insertAudit(tx: Queryable, entry: AuditEntry): Promise<string> {
  const { rows } = await tx.query<{ id: unknown }>(
    `INSERT INTO ops_audit_log (at, actor, action, target, detail) VALUES ($1::timestamptz, $2, $3, $4, $5::jsonb) RETURNING id`,
    [entry.at.toISOString(), entry.actor, entry.action, entry.target, JSON.stringify(entry.detail)],
  );
  return String(rows[0]?.id);
}

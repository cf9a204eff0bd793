import type { Queryable } from "@ops/core";

/** False on a database without migration 0003. */
export async function closeRequestsTableExists(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ present: boolean }>(`SELECT to_regclass('close_requests') IS NOT NULL AS present`);
  return rows[0]?.present === true;
}

export async function pendingCloseRequestIds(db: Queryable, account: string): Promise<string[]> {
  if (!(await closeRequestsTableExists(db))) return [];
  const { rows } = await db.query(`SELECT id FROM close_requests WHERE account_id = $1 AND completed_at IS NULL ORDER BY id`, [account]);
  return rows.map((r) => String(r.id));
}

import type { Queryable } from "../db/types.js";

// Exactly one runner per (service, account) (seed failure 3). A lease is a row that its holder keeps
// renewing; once expires_at passes, anyone may take it. All times are the database's now().

export interface LeaseKey {
  service: string;
  /** Omitted / '' for services that are not per account. */
  account?: string | undefined;
  /** Who holds it: the instance id (hostname-pid). */
  holder: string;
}

export interface LeaseRequest extends LeaseKey {
  ttlMs: number;
}

export interface LeaseState {
  acquired: boolean;
  /** The current holder (this one when acquired), null if nobody holds it. */
  holder: string | null;
  expiresAt: Date | null;
}

/** max(30 s, 3 × interval): survives two missed renewals, yet a dead holder is replaced quickly. */
export function leaseTtlMs(intervalMs: number): number {
  return Math.max(30_000, 3 * intervalMs);
}

const TAKE_LEASE = `
INSERT INTO service_leases AS l (service, account, holder, acquired_at, renewed_at, expires_at)
VALUES ($1, $2, $3, now(), now(), now() + $4::bigint * interval '1 millisecond')
ON CONFLICT (service, account) DO UPDATE
   SET holder = EXCLUDED.holder,
       acquired_at = CASE WHEN l.holder = EXCLUDED.holder THEN l.acquired_at ELSE now() END,
       renewed_at = now(),
       expires_at = EXCLUDED.expires_at
 WHERE l.holder = EXCLUDED.holder OR l.expires_at <= now()
RETURNING holder, expires_at`;

async function takeLease(db: Queryable, lease: LeaseRequest): Promise<LeaseState> {
  if (!(lease.ttlMs > 0)) throw new RangeError("lease ttlMs must be positive");
  const account = lease.account ?? "";
  const taken = await db.query<{ holder: string; expires_at: Date }>(TAKE_LEASE, [
    lease.service,
    account,
    lease.holder,
    Math.ceil(lease.ttlMs),
  ]);
  const row = taken.rows[0];
  if (row) return { acquired: true, holder: row.holder, expiresAt: row.expires_at };
  const current = await db.query<{ holder: string; expires_at: Date }>(
    "SELECT holder, expires_at FROM service_leases WHERE service = $1 AND account = $2",
    [lease.service, account],
  );
  const other = current.rows[0];
  return { acquired: false, holder: other?.holder ?? null, expiresAt: other?.expires_at ?? null };
}

/** Takes the lease if it is free, expired, or already ours. */
export function acquireLease(db: Queryable, lease: LeaseRequest): Promise<LeaseState> {
  return takeLease(db, lease);
}

/**
 * Extends our lease. `acquired: false` means another holder has it now: stop acting (LeaseLostError).
 * A lease that expired but was not taken by anyone is simply taken back.
 */
export function renewLease(db: Queryable, lease: LeaseRequest): Promise<LeaseState> {
  return takeLease(db, lease);
}

/** Gives the lease up (only if we hold it), so a waiting instance can take over at once. */
export async function releaseLease(db: Queryable, lease: LeaseKey): Promise<boolean> {
  const result = await db.query("DELETE FROM service_leases WHERE service = $1 AND account = $2 AND holder = $3", [
    lease.service,
    lease.account ?? "",
    lease.holder,
  ]);
  return result.rowCount > 0;
}

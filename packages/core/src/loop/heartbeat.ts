import type { Queryable } from "../db/types.js";

export interface HeartbeatIdentity {
  service: string;
  account?: string | undefined;
  instance: string;
  buildId: string;
}

// Health is judged from heartbeats, not from schedules or config (seed failure 2).
// last_error is the latest cycle's error (null after a success); last_error_at keeps the last failure time.

const CYCLE_STARTED = `
INSERT INTO service_heartbeats AS h (service, account, instance, build_id, started_at, cycle_started_at, updated_at)
VALUES ($1, $2, $3, $4, now(), now(), now())
ON CONFLICT (service, account, instance) DO UPDATE
   SET build_id = EXCLUDED.build_id,
       started_at = CASE WHEN $5::boolean THEN now() ELSE h.started_at END,
       cycles = CASE WHEN $5::boolean THEN 0 ELSE h.cycles END,
       consecutive_failures = CASE WHEN $5::boolean THEN 0 ELSE h.consecutive_failures END,
       cycle_started_at = now(),
       updated_at = now()`;

/** Upserts the heartbeat as a cycle begins. `firstOfProcess` resets counters left by an earlier process. */
export async function recordCycleStart(db: Queryable, identity: HeartbeatIdentity, firstOfProcess: boolean): Promise<void> {
  await db.query(CYCLE_STARTED, [identity.service, identity.account ?? "", identity.instance, identity.buildId, firstOfProcess]);
}

const CYCLE_FINISHED = `
INSERT INTO service_heartbeats AS h
       (service, account, instance, build_id, cycle_finished_at, counts, cycles, last_error, last_error_at,
        last_success_at, consecutive_failures, updated_at)
VALUES ($1, $2, $3, $4, now(), $5::jsonb, 1, $6::text,
        CASE WHEN $6::text IS NULL THEN NULL ELSE now() END,
        CASE WHEN $6::text IS NULL THEN now() ELSE NULL END,
        CASE WHEN $6::text IS NULL THEN 0 ELSE 1 END, now())
ON CONFLICT (service, account, instance) DO UPDATE
   SET build_id = EXCLUDED.build_id,
       cycle_finished_at = now(),
       counts = EXCLUDED.counts,
       cycles = h.cycles + 1,
       last_error = EXCLUDED.last_error,
       last_error_at = COALESCE(EXCLUDED.last_error_at, h.last_error_at),
       last_success_at = COALESCE(EXCLUDED.last_success_at, h.last_success_at),
       consecutive_failures = CASE WHEN EXCLUDED.last_error IS NULL THEN 0 ELSE h.consecutive_failures + 1 END,
       updated_at = now()`;

/** Upserts the heartbeat as a cycle ends, with its counts and error (null when it succeeded). */
export async function recordCycleFinish(
  db: Queryable,
  identity: HeartbeatIdentity,
  result: { counts: Readonly<Record<string, number>>; error: string | null },
): Promise<void> {
  await db.query(CYCLE_FINISHED, [
    identity.service,
    identity.account ?? "",
    identity.instance,
    identity.buildId,
    JSON.stringify(result.counts),
    result.error,
  ]);
}

import { serviceInstance, serviceLabel } from "./pipeline-services.js";
import type { ServiceSpec } from "./pipeline-services.js";
import type { Db } from "@ops/core";

export interface HeartbeatRow {
  readonly service: string;
  readonly account: string;
  readonly instance: string;
  readonly cycles: number;
  readonly cycleStartedAt: Date | null;
  readonly cycleFinishedAt: Date | null;
  readonly lastError: string | null;
  readonly lastErrorAt: Date | null;
  readonly consecutiveFailures: number;
  readonly counts: Record<string, number>;
}

export async function readHeartbeats(db: Db): Promise<HeartbeatRow[]> {
  const { rows } = await db.query<{
    service: string; account: string; instance: string; cycles: number; cycle_started_at: Date | null;
    cycle_finished_at: Date | null; last_error: string | null; last_error_at: Date | null; consecutive_failures: number; counts: Record<string, number>;
  }>(
    `SELECT service, account, instance, cycles::int AS cycles, cycle_started_at, cycle_finished_at, last_error,
            last_error_at, consecutive_failures, counts
       FROM service_heartbeats`,
  );
  return rows.map((r) => ({
    service: r.service, account: r.account, instance: r.instance, cycles: r.cycles, cycleStartedAt: r.cycle_started_at,
    cycleFinishedAt: r.cycle_finished_at, lastError: r.last_error, lastErrorAt: r.last_error_at, consecutiveFailures: r.consecutive_failures, counts: r.counts,
  }));
}

export function heartbeatOf(rows: readonly HeartbeatRow[], spec: ServiceSpec): HeartbeatRow | undefined {
  const instance = serviceInstance(spec);
  return rows.find((r) => r.service === spec.name && r.account === (spec.account ?? "") && r.instance === instance);
}

/**
 * True when the service's latest cycle began after `since` (database time) and has finished. Heartbeat times
 * are the database's now(), so `since` must be read from the same database.
 */
export function finishedCycleSince(row: HeartbeatRow | undefined, since: Date): boolean {
  if (row === undefined || row.cycleStartedAt === null || row.cycleFinishedAt === null) return false;
  return row.cycleStartedAt.getTime() > since.getTime() && row.cycleFinishedAt.getTime() >= row.cycleStartedAt.getTime();
}

export function describeHeartbeats(rows: readonly HeartbeatRow[], specs: readonly ServiceSpec[]): string {
  return specs
    .map((spec) => {
      const row = heartbeatOf(rows, spec);
      if (row === undefined) return `  ${serviceLabel(spec)}: no heartbeat yet`;
      const iso = (d: Date | null): string => (d === null ? "-" : d.toISOString());
      return `  ${serviceLabel(spec)}: cycles=${row.cycles} started=${iso(row.cycleStartedAt)} finished=${iso(row.cycleFinishedAt)}` +
        ` failures=${row.consecutiveFailures} last_error=${row.lastError ?? "none"} counts=${JSON.stringify(row.counts)}`;
    })
    .join("\n");
}

/** The database's clock, the one heartbeat rows are stamped with. */
export async function databaseNow(db: Db): Promise<Date> {
  const { rows } = await db.query<{ now: Date }>("SELECT clock_timestamp() AS now");
  return rows[0]!.now;
}

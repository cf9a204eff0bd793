import type { Queryable } from "@ops/core";
import { date, int, str } from "../shared/row-values.js";

/** One service_heartbeats row (account '' means the service is not per account). */
export interface HeartbeatRow {
  readonly service: string;
  readonly account: string | null;
  readonly instance: string;
  readonly buildId: string;
  readonly startedAt: Date | null;
  readonly cycleStartedAt: Date | null;
  readonly cycleFinishedAt: Date | null;
  readonly lastSuccessAt: Date | null;
  readonly lastError: string | null;
  readonly lastErrorAt: Date | null;
  readonly consecutiveFailures: number;
  readonly counts: Readonly<Record<string, number>>;
  readonly cycles: number;
  readonly updatedAt: Date | null;
}

export async function readHeartbeats(db: Queryable): Promise<HeartbeatRow[]> {
  const { rows } = await db.query(
    `SELECT service, account, instance, build_id, started_at, cycle_started_at, cycle_finished_at, last_success_at,
            last_error, last_error_at, consecutive_failures, counts, cycles, updated_at
     FROM service_heartbeats ORDER BY service, account, instance`,
  );
  return rows.map((r) => ({
    service: String(r.service),
    account: r.account === "" || r.account === null ? null : String(r.account),
    instance: String(r.instance),
    buildId: String(r.build_id),
    startedAt: date(r.started_at),
    cycleStartedAt: date(r.cycle_started_at),
    cycleFinishedAt: date(r.cycle_finished_at),
    lastSuccessAt: date(r.last_success_at),
    lastError: str(r.last_error),
    lastErrorAt: date(r.last_error_at),
    consecutiveFailures: int(r.consecutive_failures),
    counts: numericCounts(r.counts),
    cycles: int(r.cycles),
    updatedAt: date(r.updated_at),
  }));
}

function numericCounts(value: unknown): Record<string, number> {
  const parsed: unknown = typeof value === "string" ? JSON.parse(value) : value;
  if (typeof parsed !== "object" || parsed === null) return {};
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(parsed)) if (typeof v === "number" && Number.isFinite(v)) out[k] = v;
  return out;
}

import type { Queryable } from "@ops/core";
import { date, latest } from "../shared/row-values.js";

export interface ClockFacts {
  readonly newestHeartbeatAt: Date | null;
  readonly newestBarAt: Date | null;
  /** Newest market-clock time written by the pipeline (bar end, features, recs, fills). */
  readonly newestMarketAt: Date | null;
}

/** The newest times on each clock, for the replay rule (see resolve-status-clock.ts). */
export async function readClockFacts(db: Queryable): Promise<ClockFacts> {
  const { rows } = await db.query(
    `SELECT (SELECT max(updated_at) FROM service_heartbeats) AS heartbeat,
            (SELECT max(ts) FROM bars) AS bar,
            (SELECT max(ts) FROM features) AS features,
            (SELECT max(created_at) FROM recommendations) AS rec,
            (SELECT max(filled_at) FROM fills) AS fill`,
  );
  const r = rows[0] ?? {};
  const bar = date(r.bar);
  // A bar's ts is its start: the data is complete one minute later.
  const barEnd = bar === null ? null : new Date(bar.getTime() + 60_000);
  return {
    newestHeartbeatAt: date(r.heartbeat),
    newestBarAt: bar,
    newestMarketAt: latest(barEnd, date(r.features), date(r.rec), date(r.fill)),
  };
}

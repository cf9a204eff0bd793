import type { HeartbeatRow } from "./read-heartbeats.js";
import { DOWN_AFTER_FAILURES, FAILING_AFTER_FAILURES } from "./service-thresholds.js";
import type { ServiceThresholds } from "./service-thresholds.js";
import type { HealthLevel, ServiceStatus, ServiceState } from "./status-report.js";
import { ageS } from "../shared/row-values.js";

const HEALTH_OF: Record<ServiceState, HealthLevel> = { ok: "ok", stale: "degraded", failing: "degraded", down: "down", missing: "down" };

/** One heartbeat judged as of `asOf` (pure). */
export function evaluateService(row: HeartbeatRow, asOf: Date, thresholds: ServiceThresholds): ServiceStatus {
  const heartbeatAgeS = ageS(row.updatedAt, asOf);
  const state = stateOf(row, heartbeatAgeS, thresholds);
  const inProgress = row.cycleStartedAt !== null && (row.cycleFinishedAt === null || row.cycleFinishedAt.getTime() < row.cycleStartedAt.getTime());
  const uptimeH = row.startedAt !== null && row.updatedAt !== null ? (row.updatedAt.getTime() - row.startedAt.getTime()) / 3_600_000 : 0;
  return {
    service: row.service,
    account: row.account,
    instance: row.instance,
    buildId: row.buildId,
    state,
    health: HEALTH_OF[state],
    heartbeatAt: row.updatedAt?.toISOString() ?? null,
    heartbeatAgeS,
    startedAt: row.startedAt?.toISOString() ?? null,
    cycleInProgress: inProgress,
    // Only the latest cycle's start and end are kept: its duration is known once it has finished.
    lastCycleDurationMs:
      !inProgress && row.cycleStartedAt !== null && row.cycleFinishedAt !== null
        ? row.cycleFinishedAt.getTime() - row.cycleStartedAt.getTime()
        : null,
    lastSuccessAt: row.lastSuccessAt?.toISOString() ?? null,
    lastError: row.lastError,
    lastErrorAt: row.lastErrorAt?.toISOString() ?? null,
    consecutiveFailures: row.consecutiveFailures,
    cycles: row.cycles,
    cyclesPerHour: uptimeH >= 1 / 60 ? Math.round((row.cycles / uptimeH) * 10) / 10 : null,
    lastCounts: { ...row.counts },
    staleAfterS: thresholds.staleAfterS,
    downAfterS: thresholds.downAfterS,
  };
}

function stateOf(row: HeartbeatRow, heartbeatAgeS: number | null, t: ServiceThresholds): ServiceState {
  if (heartbeatAgeS === null || heartbeatAgeS > t.downAfterS || row.consecutiveFailures >= DOWN_AFTER_FAILURES) return "down";
  if (heartbeatAgeS > t.staleAfterS) return "stale";
  if (row.consecutiveFailures >= FAILING_AFTER_FAILURES) return "failing";
  return "ok";
}

/** An expected service with no heartbeat row at all. */
export function missingService(service: string, account: string | null, thresholds: ServiceThresholds): ServiceStatus {
  return {
    service, account, instance: null, buildId: null, state: "missing", health: "down", heartbeatAt: null, heartbeatAgeS: null,
    startedAt: null, cycleInProgress: false, lastCycleDurationMs: null, lastSuccessAt: null, lastError: null, lastErrorAt: null,
    consecutiveFailures: 0, cycles: 0, cyclesPerHour: null, lastCounts: {}, staleAfterS: thresholds.staleAfterS, downAfterS: thresholds.downAfterS,
  };
}

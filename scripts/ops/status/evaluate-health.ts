// The overall verdict and exit code (pure). Thresholds are documented in docs/ops.md and --help:
// down (2): database unreachable, or an expected service missing/down;
// degraded (1): a service stale or failing, pending migrations, stale bars/features while the market is
// open, a news backlog, a feed failing repeatedly, or an order stuck pending/unresolved;
// ok (0): none of these. Halts, locks and close requests are operator decisions: shown, not judged.
import { formatSeconds } from "../shared/format-seconds.js";
import { EXIT_CODES } from "./status-report.js";
import type { DataStatus, HealthLevel, ServiceStatus, StatusReport, TradingStatus } from "./status-report.js";

/** A feed is a problem from this many consecutive failed polls (one failure is routine). */
export const FEED_FAILURES_DEGRADED = 5;

export interface HealthFinding {
  readonly level: Exclude<HealthLevel, "ok">;
  readonly reason: string;
}

export interface HealthInputs {
  readonly databaseError: string | null;
  readonly pendingMigrations: readonly string[];
  readonly services: readonly ServiceStatus[];
  readonly data: DataStatus | null;
  readonly trading: TradingStatus | null;
  /** Extra findings (the AWS section). */
  readonly extra?: readonly HealthFinding[];
}

export function evaluateHealth(input: HealthInputs): StatusReport["health"] {
  const findings: HealthFinding[] = [];
  if (input.databaseError !== null) findings.push({ level: "down", reason: `database unreachable: ${input.databaseError}` });
  if (input.pendingMigrations.length > 0) {
    findings.push({ level: "degraded", reason: `schema behind the code: migrations ${input.pendingMigrations.join(", ")} not applied (services refuse to start)` });
  }
  for (const s of input.services) findings.push(...serviceFindings(s));
  if (input.data) findings.push(...dataFindings(input.data));
  if (input.trading) findings.push(...tradingFindings(input.trading));
  findings.push(...(input.extra ?? []));
  const overall: HealthLevel = findings.some((f) => f.level === "down") ? "down" : findings.length > 0 ? "degraded" : "ok";
  return { overall, exitCode: EXIT_CODES[overall], reasons: findings.map((f) => `${f.level}: ${f.reason}`) };
}

function serviceFindings(s: ServiceStatus): HealthFinding[] {
  const name = s.account ? `${s.service} (${s.account})` : s.service;
  const age = s.heartbeatAgeS === null ? "" : `heartbeat ${formatSeconds(s.heartbeatAgeS)} old`;
  switch (s.state) {
    case "ok":
      return [];
    case "missing":
      return [{ level: "down", reason: `${name}: no heartbeat ever written` }];
    case "down":
      return [{
        level: "down",
        reason: s.heartbeatAgeS !== null && s.heartbeatAgeS > s.downAfterS
          ? `${name}: ${age} (down after ${formatSeconds(s.downAfterS)})`
          : `${name}: ${s.consecutiveFailures} consecutive failed cycles (last error: ${s.lastError ?? "?"})`,
      }];
    case "stale":
      return [{ level: "degraded", reason: `${name}: ${age} (stale after ${formatSeconds(s.staleAfterS)})` }];
    case "failing":
      return [{ level: "degraded", reason: `${name}: ${s.consecutiveFailures} consecutive failed cycles (last error: ${s.lastError ?? "?"})` }];
  }
}

function dataFindings(d: DataStatus): HealthFinding[] {
  const out: HealthFinding[] = [];
  if (d.bars.staleSymbols.length > 0) {
    out.push({ level: "degraded", reason: `bars stale (> ${formatSeconds(d.bars.staleAfterS)}) for ${d.bars.staleSymbols.join(", ")}` });
  }
  if (d.features.staleSymbols.length > 0) {
    out.push({ level: "degraded", reason: `features stale (> ${formatSeconds(d.features.staleAfterS)}) for ${d.features.staleSymbols.join(", ")}` });
  }
  if (d.news.oldestUnclassifiedAgeS !== null && d.news.oldestUnclassifiedAgeS > d.news.backlogAfterS) {
    out.push({
      level: "degraded",
      reason: `classification backlog: ${d.news.unclassified} articles, oldest ${formatSeconds(d.news.oldestUnclassifiedAgeS)} (> ${formatSeconds(d.news.backlogAfterS)})`,
    });
  }
  for (const f of d.news.failingFeeds) {
    if (f.consecutiveFailures >= FEED_FAILURES_DEGRADED) {
      out.push({ level: "degraded", reason: `news feed ${f.name}: ${f.consecutiveFailures} consecutive failed polls (${f.lastError ?? "no error text"})` });
    }
  }
  return out;
}

function tradingFindings(t: TradingStatus): HealthFinding[] {
  const stuck = t.orders.live.filter(
    (o) => (o.status === "pending_submit" || o.status === "unresolved") && o.ageS !== null && o.ageS > t.orders.unresolvedAfterS,
  );
  return stuck.map((o) => ({
    level: "degraded",
    reason: `order ${o.clientOrderId} (${o.account} ${o.symbol}) ${o.status} for ${formatSeconds(o.ageS ?? 0)} (> ${formatSeconds(t.orders.unresolvedAfterS)})`,
  }));
}

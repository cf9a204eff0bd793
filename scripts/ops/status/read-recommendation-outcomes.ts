// Recommendations of the last hour and what each account decided about them, with the gates that blocked.
import type { Queryable } from "@ops/core";
import { ACCOUNT_IDS, DISPATCH_STATUSES } from "@ops/trading";
import { int } from "../shared/row-values.js";
import type { TradingStatus } from "./status-report.js";

export async function readRecommendationOutcomes(db: Queryable, asOf: Date): Promise<TradingStatus["recommendations"]> {
  const windowStart = new Date(asOf.getTime() - 3_600_000);
  const window = [windowStart.toISOString(), asOf.toISOString()];
  const inWindow = `SELECT rec_id FROM recommendations WHERE created_at > $1::timestamptz AND created_at <= $2::timestamptz`;
  const [actions, outcomes, skips, denials] = await Promise.all([
    db.query(
      `SELECT action, count(*) AS n FROM recommendations
       WHERE created_at > $1::timestamptz AND created_at <= $2::timestamptz GROUP BY action ORDER BY action`,
      window,
    ),
    db.query(
      `SELECT account_id, status, count(*) AS n FROM recommendation_dispatches
       WHERE rec_id IN (${inWindow}) GROUP BY account_id, status`,
      window,
    ),
    db.query(
      `SELECT account_id, skip_code, count(*) AS n FROM recommendation_dispatches
       WHERE rec_id IN (${inWindow}) AND status = 'skipped' GROUP BY account_id, skip_code ORDER BY n DESC, skip_code`,
      window,
    ),
    db.query(
      `SELECT account_id, gate, code, count(*) AS n FROM risk_gate_evaluations
       WHERE rec_id IN (${inWindow}) AND NOT passed GROUP BY account_id, gate, code ORDER BY n DESC, gate, code`,
      window,
    ),
  ]);
  const byAction: Record<string, number> = {};
  for (const r of actions.rows) byAction[String(r.action)] = int(r.n);
  const total = Object.values(byAction).reduce((a, b) => a + b, 0);

  const perAccount = ACCOUNT_IDS.map((account) => {
    const mine = outcomes.rows.filter((r) => r.account_id === account);
    const counts: Record<string, number> = Object.fromEntries(DISPATCH_STATUSES.map((s) => [s, 0]));
    for (const r of mine) counts[String(r.status)] = int(r.n);
    const seen = Object.values(counts).reduce((a, b) => a + b, 0);
    counts.unclaimed = Math.max(0, total - seen);
    return {
      account,
      outcomes: counts,
      skipCodes: skips.rows.filter((r) => r.account_id === account).map((r) => ({ code: String(r.skip_code), count: int(r.n) })),
      gateDenials: denials.rows
        .filter((r) => r.account_id === account)
        .map((r) => ({ gate: String(r.gate), code: String(r.code), count: int(r.n) })),
    };
  });
  return { windowStart: windowStart.toISOString(), windowEnd: asOf.toISOString(), total, byAction, perAccount };
}

import type { Db } from "./workspace.js";

/**
 * Trading starts disabled on a new database (risk_state is seeded off). Like `npm start`, the test turns both
 * accounts on and records it in the ops audit log, as any operator action would be.
 */
export async function enableTrading(db: Db, at: Date, actor: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`UPDATE risk_state SET trading_enabled = true, halted_reason = NULL, updated_at = $1, updated_by = $2`, [at, actor]);
    await tx.query(
      `INSERT INTO ops_audit_log (at, actor, action, target, detail) VALUES ($1, $2, 'enable_trading', 'all simulator accounts', $3)`,
      [at, actor, JSON.stringify({ reason: "end-to-end test against the simulator" })],
    );
  });
}

/** Absolute URLs of the simulator's replayed RSS feeds (its public GET /rss lists them). */
export async function simFeedUrls(simUrl: string): Promise<string[]> {
  const res = await fetch(`${simUrl}/rss`);
  if (!res.ok) throw new Error(`GET ${simUrl}/rss answered ${res.status}`);
  const body = (await res.json()) as { feeds?: { path?: unknown }[] };
  return (body.feeds ?? [])
    .map((feed) => feed.path)
    .filter((path): path is string => typeof path === "string")
    .map((path) => `${simUrl}${path}`);
}

// resolve-review: a position under review (positions.review_since: our row is missing at the broker and
// no fill or broker activity explains it) takes no exits and keeps a close-all from completing. Only a
// person who looked at the broker knows how it ended; they give the price, and this closes the row the
// way the position manager closes any row — status, P&L, position_history, a lifecycle event — with
// exit_reason 'manual' and exit_price_source 'operator', audited, in one transaction.
import type { Db, Queryable } from "@ops/core";
import type { AccountId } from "@ops/trading";
import { insertAudit } from "./insert-audit.js";
import { refused } from "./ops-result.js";
import type { OpsRequestBase, OpsResult } from "./ops-result.js";

export interface ResolveReviewRequest extends OpsRequestBase {
  readonly account: AccountId;
  readonly positionId: string;
  /** As typed: stored as numeric text, so the price the operator read is the price booked. */
  readonly exitPrice: string;
  /** When the position closed at the broker; default: `now`. */
  readonly closedAt: Date | undefined;
}

/** A row under review, as the confirmation prompt and the listing show it. */
export interface ReviewRow {
  readonly positionId: string;
  readonly account: string;
  readonly symbol: string;
  readonly instrumentType: string;
  readonly qty: string;
  readonly multiplier: number;
  readonly avgEntryPrice: string;
  readonly status: string;
  readonly openedAt: string;
  readonly reviewSince: string;
  readonly lastMarkPrice: string | null;
}

const POSITIVE_DECIMAL = /^(?:\d+(?:\.\d+)?|\.\d+)$/;
const LIVE_ORDER_STATUSES = ["pending_submit", "unresolved", "accepted", "partially_filled"];

const REVIEW_COLUMNS = `position_id, account_id, symbol, instrument_type, qty::text AS qty, multiplier, avg_entry_price::text AS avg_entry_price,
  status, opened_at, review_since, last_mark_price::text AS last_mark_price, closed_at`;

function toReviewRow(r: Record<string, unknown>): ReviewRow {
  return {
    positionId: String(r.position_id),
    account: String(r.account_id),
    symbol: String(r.symbol),
    instrumentType: String(r.instrument_type),
    qty: String(r.qty),
    multiplier: Number(r.multiplier),
    avgEntryPrice: String(r.avg_entry_price),
    status: String(r.status),
    openedAt: new Date(r.opened_at as string | Date).toISOString(),
    reviewSince: new Date(r.review_since as string | Date).toISOString(),
    lastMarkPrice: r.last_mark_price === null ? null : String(r.last_mark_price),
  };
}

/** Rows under review, oldest flag first; every account when `account` is undefined. */
export async function listReviews(db: Queryable, account: AccountId | undefined): Promise<ReviewRow[]> {
  const { rows } = await db.query(
    `SELECT ${REVIEW_COLUMNS} FROM positions
     WHERE status <> 'closed' AND review_since IS NOT NULL AND ($1::text IS NULL OR account_id = $1)
     ORDER BY account_id, review_since, position_id`,
    [account ?? null],
  );
  return rows.map(toReviewRow);
}

/** The price check, shared by the prompt (before asking) and the action (before writing). */
export function exitPriceProblem(exitPrice: string): string | null {
  const text = exitPrice.trim();
  if (!POSITIVE_DECIMAL.test(text) || !(Number(text) > 0) || !Number.isFinite(Number(text))) {
    return `--exit-price must be a positive number (the price per share or per contract share the broker shows), got "${exitPrice}"`;
  }
  return null;
}

/** The row to resolve if it may be resolved now, else why not (read without a lock: for the prompt). */
export async function reviewRowFor(db: Queryable, account: AccountId, positionId: string, lock = false): Promise<ReviewRow | string> {
  if (!/^\d{1,18}$/.test(positionId)) return `position id must be a number, got "${positionId}"`;
  const { rows } = await db.query(
    `SELECT ${REVIEW_COLUMNS} FROM positions WHERE position_id = $1::bigint${lock ? " FOR UPDATE" : ""}`,
    [positionId],
  );
  const row = rows[0];
  if (row === undefined) return `no position ${positionId}`;
  if (String(row.account_id) !== account) return `position ${positionId} belongs to ${String(row.account_id)}, not ${account}`;
  if (row.status === "closed") return `position ${positionId} (${String(row.symbol)}) is already closed (at ${new Date(row.closed_at as string | Date).toISOString()}); nothing changed`;
  if (row.review_since === null) {
    return `position ${positionId} (${String(row.symbol)}) is not under review: the position manager owns its exits (use close-all or the broker's own close, which it reconciles)`;
  }
  return toReviewRow(row);
}

export async function resolveReview(db: Db, req: ResolveReviewRequest): Promise<OpsResult> {
  const target = `position:${req.positionId}`;
  const priceProblem = exitPriceProblem(req.exitPrice);
  if (priceProblem !== null) return refused("resolve-review", target, priceProblem);
  const exitPrice = req.exitPrice.trim();
  const closedAt = req.closedAt ?? req.now;
  if (closedAt.getTime() > req.now.getTime()) {
    return refused("resolve-review", target, `--closed-at ${closedAt.toISOString()} is after now (${req.now.toISOString()})`);
  }
  return db.transaction(async (tx) => {
    // The row lock orders this against the position manager: its updates of the row wait for this
    // commit and then no longer match (status <> 'closed' / review_since IS NOT NULL).
    const found = await reviewRowFor(tx, req.account, req.positionId, true);
    if (typeof found === "string") return refused("resolve-review", target, found);
    if (closedAt.getTime() < new Date(found.openedAt).getTime()) {
      return refused("resolve-review", target, `--closed-at ${closedAt.toISOString()} is before the position opened (${found.openedAt})`);
    }
    const orders = await tx.query<{ live: number | string; filled_exits: number | string }>(
      `SELECT count(*) FILTER (WHERE o.purpose = 'exit' AND o.status = ANY($2::text[])) AS live,
              (SELECT count(*) FROM fills f JOIN orders e ON e.order_id = f.order_id
               WHERE e.position_id = $1::bigint AND e.purpose = 'exit') AS filled_exits
       FROM orders o WHERE o.position_id = $1::bigint`,
      [req.positionId, LIVE_ORDER_STATUSES],
    );
    // Either one means the position manager still has something to settle from the broker itself.
    if (Number(orders.rows[0]?.live ?? 0) > 0) {
      return refused("resolve-review", target, `position ${req.positionId} has an exit order still live at the broker; the position manager settles it first`);
    }
    if (Number(orders.rows[0]?.filled_exits ?? 0) > 0) {
      return refused("resolve-review", target, `position ${req.positionId} has exit fills of ours; the position manager closes it from those fills`);
    }

    // The same arithmetic and columns as the position manager's close (services/position-manager
    // closePositions): P&L = (exit − entry) × qty × multiplier in numeric.
    const closed = await tx.query(
      `UPDATE positions SET status = 'closed', close_reason = 'manual', exit_price = $2::numeric,
         realized_pnl = ($2::numeric - avg_entry_price) * qty * multiplier, closed_at = $3::timestamptz, updated_at = $4::timestamptz
       WHERE position_id = $1::bigint
       RETURNING realized_pnl::text AS realized_pnl`,
      [req.positionId, exitPrice, closedAt.toISOString(), req.now.toISOString()],
    );
    const realizedPnl = String(closed.rows[0]?.realized_pnl);
    await tx.query(
      `INSERT INTO position_history (position_id, account_id, symbol, underlying, instrument_type, strategy_type, qty, multiplier,
         entry_price, exit_price, exit_price_source, pnl_usd, pnl_pct, opened_at, closed_at, holding_s, exit_reason, mfe_pct,
         mae_pct, entry_features, created_at)
       SELECT p.position_id, p.account_id, p.symbol, p.underlying, p.instrument_type, p.strategy_type, p.qty, p.multiplier,
         p.avg_entry_price, p.exit_price, 'operator', p.realized_pnl, ((p.exit_price / p.avg_entry_price - 1) * 100)::float8,
         p.opened_at, p.closed_at, GREATEST(0, floor(extract(epoch FROM (p.closed_at - p.opened_at))))::bigint, 'manual',
         p.mfe_pct, p.mae_pct, p.entry_features, $2::timestamptz
       FROM positions p WHERE p.position_id = $1::bigint`,
      [req.positionId, req.now.toISOString()],
    );
    const detail = {
      reason: req.reason, account: req.account, symbol: found.symbol, qty: found.qty, multiplier: found.multiplier,
      entry_price: found.avgEntryPrice, exit_price: exitPrice, exit_price_source: "operator", realized_pnl: realizedPnl,
      closed_at: closedAt.toISOString(), review_since: found.reviewSince, previous_status: found.status, last_mark_price: found.lastMarkPrice,
    };
    await tx.query(
      `INSERT INTO position_events (position_id, account_id, event_type, detail, created_at)
       VALUES ($1::bigint, $2, 'review_resolved', $3::jsonb, $4::timestamptz)`,
      [req.positionId, req.account, JSON.stringify({ ...detail, actor: req.actor }), req.now.toISOString()],
    );
    const auditId = await insertAudit(tx, { at: req.now, actor: req.actor, action: "resolve-review", target, detail });
    return {
      outcome: "done", action: "resolve-review", target, auditIds: [auditId],
      detail: { positionId: req.positionId, symbol: found.symbol, exitPrice, realizedPnl, closedAt: closedAt.toISOString() },
      message:
        `position ${req.positionId} (${req.account} ${found.symbol} ${found.qty}) closed at ${exitPrice} (operator price, reason manual): ` +
        `realized P&L ${realizedPnl}; it no longer blocks a close-all`,
    };
  });
}

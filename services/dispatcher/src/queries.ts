// The dispatcher's SQL. Reads are filtered by THIS account everywhere (seed 31, 46); writes touch only
// recommendation_dispatches, risk_gate_evaluations and iv_history (orders go through @ops/execution).
import type { Queryable } from "@ops/core";
import { asRiskMode } from "@ops/trading";
import type { AccountId, AccountPosition, InstrumentType, RiskLock, RiskMode, VolatilityBar } from "@ops/trading";

export interface ClaimedRec {
  readonly recId: string;
  readonly symbol: string;
  readonly action: string;
  readonly instrumentType: string;
  readonly strategyType: string;
  readonly confidence: number;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

const REC_COLUMNS = "r.rec_id, r.symbol, r.action, r.instrument_type, r.strategy_type, r.confidence, r.created_at, r.expires_at";

function toRec(row: Record<string, unknown>): ClaimedRec {
  return {
    recId: String(row.rec_id),
    symbol: String(row.symbol),
    action: String(row.action),
    instrumentType: String(row.instrument_type),
    strategyType: String(row.strategy_type),
    confidence: Number(row.confidence),
    createdAt: asDate(row.created_at),
    expiresAt: asDate(row.expires_at),
  };
}

/**
 * Per-account claim (seed 32): one row per (rec, account), so the other account's dispatcher is never
 * starved and a second instance of this one gets nothing twice. Only recs that can still pass the
 * freshness gate are looked at (seed 33).
 */
export async function claimFreshRecs(
  tx: Queryable,
  p: { account: AccountId; instance: string; now: Date; freshSince: Date; limit: number },
): Promise<ClaimedRec[]> {
  const result = await tx.query(
    `WITH candidates AS (
       SELECT r.rec_id FROM recommendations r
       WHERE r.created_at > $3::timestamptz AND r.created_at <= $4::timestamptz + interval '60 seconds'
         AND r.expires_at > $4::timestamptz
         AND NOT EXISTS (SELECT 1 FROM recommendation_dispatches d WHERE d.rec_id = r.rec_id AND d.account_id = $1)
       ORDER BY r.confidence DESC, r.created_at DESC, r.rec_id
       LIMIT $5
     ), claimed AS (
       INSERT INTO recommendation_dispatches (rec_id, account_id, status, claimed_by, claimed_at)
       SELECT rec_id, $1, 'claimed', $2, $4::timestamptz FROM candidates
       ON CONFLICT (rec_id, account_id) DO NOTHING
       RETURNING rec_id
     )
     SELECT ${REC_COLUMNS} FROM recommendations r JOIN claimed c ON c.rec_id = r.rec_id
     ORDER BY r.confidence DESC, r.created_at DESC, r.rec_id`,
    [p.account, p.instance, p.freshSince.toISOString(), p.now.toISOString(), p.limit],
  );
  return result.rows.map(toRec);
}

/** Claims this instance made earlier and has not decided yet (a transient error deferred them). */
export async function selectOwnPendingClaims(db: Queryable, account: AccountId, instance: string, freshSince: Date): Promise<ClaimedRec[]> {
  const result = await db.query(
    `SELECT ${REC_COLUMNS} FROM recommendation_dispatches d JOIN recommendations r ON r.rec_id = d.rec_id
     WHERE d.account_id = $1 AND d.status = 'claimed' AND d.claimed_by = $2 AND r.created_at > $3::timestamptz
     ORDER BY r.confidence DESC, r.created_at DESC, r.rec_id`,
    [account, instance, freshSince.toISOString()],
  );
  return result.rows.map(toRec);
}

/** Claims whose process died before deciding: closed as failed so they do not linger. */
export async function failAbandonedClaims(tx: Queryable, account: AccountId, olderThan: Date, now: Date): Promise<number> {
  const result = await tx.query(
    `UPDATE recommendation_dispatches SET status = 'failed', decided_at = $3::timestamptz, skip_code = 'CLAIM_ABANDONED',
       detail = jsonb_build_object('reason', 'claim left undecided past the abandon window')
     WHERE account_id = $1 AND status = 'claimed' AND claimed_at < $2::timestamptz`,
    [account, olderThan.toISOString(), now.toISOString()],
  );
  return result.rowCount;
}

export interface StoredGateResult {
  readonly recId: string;
  readonly gate: string;
  readonly passed: boolean;
  readonly code: string | null;
  readonly detail: Readonly<Record<string, unknown>>;
}

export async function insertGateEvaluations(tx: Queryable, account: AccountId, results: readonly StoredGateResult[], now: Date): Promise<void> {
  if (results.length === 0) return;
  await tx.query(
    `INSERT INTO risk_gate_evaluations (rec_id, account_id, gate, passed, code, detail, evaluated_at)
     SELECT u.rec_id::bigint, $1, u.gate, u.passed::boolean, u.code, u.detail::jsonb, $7::timestamptz
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(rec_id, gate, passed, code, detail)`,
    [
      account,
      results.map((r) => r.recId),
      results.map((r) => r.gate),
      results.map((r) => String(r.passed)),
      results.map((r) => r.code),
      results.map((r) => JSON.stringify(r.detail)),
      now.toISOString(),
    ],
  );
}

export interface DispatchDecision {
  readonly recId: string;
  readonly status: "skipped" | "failed" | "ordered";
  readonly code: string | null;
  readonly detail: Readonly<Record<string, unknown>>;
}

/** Decides claimed rows only; returns the rec ids actually updated (a row no longer claimed is left alone). */
export async function decideDispatches(tx: Queryable, account: AccountId, decisions: readonly DispatchDecision[], now: Date): Promise<Set<string>> {
  if (decisions.length === 0) return new Set();
  const result = await tx.query<{ rec_id: unknown }>(
    `UPDATE recommendation_dispatches d SET status = u.status, skip_code = u.code, detail = u.detail::jsonb, decided_at = $5::timestamptz
     FROM unnest($2::text[], $3::text[], $4::text[], $6::text[]) AS u(rec_id, status, code, detail)
     WHERE d.rec_id = u.rec_id::bigint AND d.account_id = $1 AND d.status = 'claimed'
     RETURNING d.rec_id`,
    [
      account,
      decisions.map((d) => d.recId),
      decisions.map((d) => d.status),
      decisions.map((d) => d.code),
      now.toISOString(),
      decisions.map((d) => JSON.stringify(d.detail)),
    ],
  );
  return new Set(result.rows.map((r) => String(r.rec_id)));
}

// ---------------------------------------------------------------------------------------------------
// Account facts (all for THIS account)
// ---------------------------------------------------------------------------------------------------

export interface AccountFacts {
  /** Open/closing positions plus entry orders that are (or may become) positions not yet in the table. */
  readonly positions: AccountPosition[];
  readonly realizedPnlTodayUsd: number;
  readonly unrealizedPnlUsd: number;
  /** Losing closes today, newest first, up to the first win. */
  readonly lossStreakToday: number;
  /** Entries per underlying today and the newest entry per underlying (last 24 h). */
  readonly entriesBySymbol: Map<string, { today: number; lastAt: Date | null }>;
  readonly riskState: StoredRiskState | null;
  /** This account's locks active at `now`: symbol null = the whole account. */
  readonly locks: RiskLock[];
  /**
   * Age of the newest finished cycle of this account's position manager, measured by the database
   * clock that stamped it (so a replay's simulated clock cannot make it look future or ancient); null = never.
   */
  readonly positionManagerHeartbeatAgeMs: number | null;
}

export interface StoredRiskState {
  readonly tradingEnabled: boolean;
  readonly haltedReason: string | null;
  readonly day: string | null;
  readonly lossStreak: number;
  /** risk_state.mode; text that is not a known mode reads as HALTED (fail closed). */
  readonly mode: RiskMode;
  readonly modeReason: string | null;
}

const REAL_ENTRY = `NOT (o.status = 'rejected' OR (o.status IN ('canceled', 'expired') AND o.filled_qty = 0))`;

export async function loadAccountFacts(db: Queryable, account: AccountId, now: Date, dayStart: Date): Promise<AccountFacts> {
  const nowIso = now.toISOString();
  const dayIso = dayStart.toISOString();
  const [positions, inflight, history, entries, risk, locks, heartbeat] = await Promise.all([
    db.query(
      `SELECT symbol, underlying, instrument_type, qty, multiplier, avg_entry_price, status, last_mark_price
       FROM positions WHERE account_id = $1 AND status <> 'closed'`,
      [account],
    ),
    // Entries that hold or may hold shares/contracts the positions table does not show yet.
    db.query(
      `SELECT o.symbol, o.underlying, o.instrument_type, o.status, o.qty, o.filled_qty, o.filled_avg_price, o.limit_price
       FROM orders o
       WHERE o.account_id = $1 AND o.purpose = 'entry' AND o.created_at >= $2::timestamptz - interval '1 day'
         AND (o.status IN ('pending_submit', 'unresolved', 'accepted', 'partially_filled') OR o.filled_qty > 0)
         AND NOT EXISTS (SELECT 1 FROM positions p WHERE p.entry_order_id = o.order_id)
         AND NOT EXISTS (SELECT 1 FROM positions p WHERE p.account_id = o.account_id AND p.symbol = o.symbol AND p.status <> 'closed')`,
      [account, nowIso],
    ),
    db.query(
      `SELECT pnl_usd FROM position_history WHERE account_id = $1 AND closed_at >= $2::timestamptz AND closed_at <= $3::timestamptz
       ORDER BY closed_at DESC`,
      [account, dayIso, nowIso],
    ),
    db.query(
      `SELECT o.underlying, count(*) FILTER (WHERE o.created_at >= $2::timestamptz) AS today, max(o.created_at) AS last_at
       FROM orders o
       WHERE o.account_id = $1 AND o.purpose = 'entry' AND o.created_at >= $3::timestamptz - interval '1 day'
         AND o.created_at <= $3::timestamptz AND ${REAL_ENTRY}
       GROUP BY o.underlying`,
      [account, dayIso, nowIso],
    ),
    db.query(
      `SELECT trading_enabled, halted_reason, day::text AS day, loss_streak, mode, mode_reason FROM risk_state WHERE account_id = $1`,
      [account],
    ),
    db.query(
      `SELECT symbol, reason, locked_at, locked_until FROM risk_locks
       WHERE account_id = $1 AND locked_at <= $2::timestamptz AND locked_until > $2::timestamptz
       ORDER BY locked_at, symbol NULLS FIRST`,
      [account, nowIso],
    ),
    db.query(
      `SELECT (EXTRACT(EPOCH FROM (now() - max(cycle_finished_at))) * 1000)::float8 AS age_ms
       FROM service_heartbeats WHERE service = 'position-manager' AND account = $1 AND cycle_finished_at IS NOT NULL`,
      [account],
    ),
  ]);

  const held: AccountPosition[] = positions.rows.map((r) => ({
    symbol: String(r.symbol),
    underlying: String(r.underlying),
    instrumentType: String(r.instrument_type) as InstrumentType,
    side: "long",
    qty: Number(r.qty),
    multiplier: Number(r.multiplier),
    entryPrice: Number(r.avg_entry_price),
    status: r.status === "closing" ? "closing" : "open",
  }));
  const pending: AccountPosition[] = inflight.rows.map((r) => {
    const live = ["pending_submit", "unresolved", "accepted", "partially_filled"].includes(String(r.status));
    const type = String(r.instrument_type) as InstrumentType;
    return {
      symbol: String(r.symbol),
      underlying: String(r.underlying),
      instrumentType: type,
      side: "long",
      qty: live ? Number(r.qty) : Number(r.filled_qty),
      multiplier: type === "STOCK" ? 1 : 100,
      entryPrice: Number(r.filled_avg_price ?? r.limit_price),
      status: "open",
    };
  });
  const unrealized = positions.rows.reduce((sum, r) => {
    if (r.last_mark_price === null || r.last_mark_price === undefined) return sum;
    return sum + (Number(r.last_mark_price) - Number(r.avg_entry_price)) * Number(r.qty) * Number(r.multiplier);
  }, 0);
  const pnls = history.rows.map((r) => Number(r.pnl_usd));
  let streak = 0;
  for (const pnl of pnls) {
    if (pnl < 0) streak += 1;
    else break;
  }
  const entriesBySymbol = new Map<string, { today: number; lastAt: Date | null }>();
  for (const r of entries.rows) {
    entriesBySymbol.set(String(r.underlying), { today: Number(r.today), lastAt: r.last_at === null ? null : asDate(r.last_at) });
  }
  const riskRow = risk.rows[0];
  return {
    positions: [...held, ...pending],
    realizedPnlTodayUsd: pnls.reduce((a, b) => a + b, 0),
    unrealizedPnlUsd: unrealized,
    lossStreakToday: streak,
    entriesBySymbol,
    riskState:
      riskRow === undefined
        ? null
        : {
            tradingEnabled: riskRow.trading_enabled === true,
            haltedReason: riskRow.halted_reason === null ? null : String(riskRow.halted_reason),
            day: riskRow.day === null || riskRow.day === undefined ? null : dateString(riskRow.day),
            lossStreak: Number(riskRow.loss_streak ?? 0),
            mode: asRiskMode(String(riskRow.mode)) ?? "HALTED",
            modeReason: riskRow.mode_reason === null || riskRow.mode_reason === undefined ? null : String(riskRow.mode_reason),
          },
    locks: locks.rows.map((r) => ({
      accountId: account,
      symbol: r.symbol === null ? null : String(r.symbol),
      reason: String(r.reason),
      lockedAt: asDate(r.locked_at),
      lockedUntil: asDate(r.locked_until),
    })),
    positionManagerHeartbeatAgeMs: heartbeatAge(heartbeat.rows[0]?.age_ms),
  };
}

// ---------------------------------------------------------------------------------------------------
// Market facts per symbol
// ---------------------------------------------------------------------------------------------------

export interface SymbolFacts {
  readonly barTs: Date | null;
  readonly lastPrice: number | null;
  readonly featuresTs: Date | null;
  readonly atr14: number | null;
  readonly recentVol: number | null;
}

/** Newest bar and feature row at or before now for each symbol (never a future row during replays). */
export async function loadSymbolFacts(db: Queryable, symbols: readonly string[], now: Date): Promise<Map<string, SymbolFacts>> {
  const facts = new Map<string, SymbolFacts>();
  if (symbols.length === 0) return facts;
  const result = await db.query(
    `SELECT s.symbol, b.ts AS bar_ts, b.close AS bar_close, f.ts AS features_ts, f.atr14, f.recent_vol
     FROM unnest($1::text[]) AS s(symbol)
     LEFT JOIN LATERAL (SELECT ts, close FROM bars WHERE symbol = s.symbol AND ts <= $2::timestamptz ORDER BY ts DESC LIMIT 1) b ON true
     LEFT JOIN LATERAL (SELECT ts, atr14, recent_vol FROM features WHERE symbol = s.symbol AND ts <= $2::timestamptz ORDER BY ts DESC LIMIT 1) f ON true`,
    [[...new Set(symbols)], now.toISOString()],
  );
  for (const r of result.rows) {
    facts.set(String(r.symbol), {
      barTs: r.bar_ts === null ? null : asDate(r.bar_ts),
      lastPrice: r.bar_close === null ? null : Number(r.bar_close),
      featuresTs: r.features_ts === null ? null : asDate(r.features_ts),
      atr14: r.atr14 === null || r.atr14 === undefined ? null : Number(r.atr14),
      recentVol: r.recent_vol === null || r.recent_vol === undefined ? null : Number(r.recent_vol),
    });
  }
  return facts;
}

/**
 * The newest `limit` bars of the volatility source's symbol at or before now, newest first. The `now`
 * bound matters here and not only in the reader: future replay bars would otherwise fill the LIMIT.
 */
export async function loadVolatilityBars(db: Queryable, symbol: string, limit: number, now: Date): Promise<VolatilityBar[]> {
  if (limit <= 0) return [];
  const result = await db.query<{ ts: Date | string; close: string | number }>(
    `SELECT ts, close FROM bars WHERE symbol = $1 AND ts <= $2::timestamptz ORDER BY ts DESC LIMIT $3`,
    [symbol, now.toISOString(), limit],
  );
  return result.rows.map((r) => ({ ts: asDate(r.ts), close: Number(r.close) }));
}

/** IV observations of an underlying over the last year, for the IV-rank filter. */
export async function loadIvHistory(db: Queryable, symbol: string, today: string): Promise<{ observations: number; min: number; max: number } | null> {
  const result = await db.query(
    `SELECT count(*) AS n, min(implied_volatility) AS lo, max(implied_volatility) AS hi
     FROM iv_history WHERE symbol = $1 AND observed_on > $2::date - 365 AND observed_on <= $2::date`,
    [symbol, today],
  );
  const row = result.rows[0];
  if (row === undefined || Number(row.n) === 0) return null;
  return { observations: Number(row.n), min: Number(row.lo), max: Number(row.hi) };
}

export interface IvObservation {
  readonly symbol: string;
  readonly day: string;
  readonly iv: number;
  readonly source: string;
}

/** One observation per underlying and day (seed 52: history must accumulate). */
export async function insertIvObservations(tx: Queryable, observations: readonly IvObservation[], now: Date): Promise<number> {
  if (observations.length === 0) return 0;
  const result = await tx.query(
    `INSERT INTO iv_history (symbol, observed_on, implied_volatility, observed_at, source)
     SELECT u.symbol, u.day::date, u.iv::double precision, $5::timestamptz, u.source
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(symbol, day, iv, source)
     ON CONFLICT (symbol, observed_on) DO NOTHING`,
    [observations.map((o) => o.symbol), observations.map((o) => o.day), observations.map((o) => String(o.iv)), observations.map((o) => o.source), now.toISOString()],
  );
  return result.rowCount;
}

export async function startingEquity(db: Queryable, account: AccountId): Promise<number | null> {
  const result = await db.query(`SELECT starting_equity FROM accounts WHERE account_id = $1`, [account]);
  const row = result.rows[0];
  return row === undefined ? null : Number(row.starting_equity);
}

function heartbeatAge(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const ms = Number(value);
  return Number.isFinite(ms) ? ms : null;
}

function asDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

function dateString(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
}

/**
 * Serialises entry decisions of one account across instances for the rest of the transaction. Normally
 * the (dispatcher, account) lease already guarantees one instance; this covers the overlap when a lease
 * changes hands mid-cycle.
 */
export async function lockAccountEntries(tx: Queryable, account: AccountId): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`dispatcher-entry:${account}`]);
}

/**
 * What already holds (or may hold) this account's (underlying, instrument type), read inside the entry
 * lock: a live entry order, an entry that filled and whose position is not closed yet (the position
 * manager may not have opened its row), or a live position. The cycle's facts were read before the lock,
 * so a rival instance's entry that FILLED in between is caught here too, not only a live one.
 */
export async function rivalEntryOrder(
  tx: Queryable,
  p: { account: AccountId; underlying: string; instrumentType: string; exceptOrderId: string; now: Date },
): Promise<string | null> {
  // Filled entries older than the position manager's look-back never become rows (adoption covers them).
  const filledSince = new Date(p.now.getTime() - 7 * 24 * 60 * 60 * 1000);
  const result = await tx.query<{ rival: unknown }>(
    `SELECT rival FROM (
       SELECT 'order ' || o.order_id AS rival, 1 AS rank FROM orders o
       WHERE o.account_id = $1 AND o.purpose = 'entry' AND o.underlying = $2 AND o.instrument_type = $3 AND o.order_id <> $4::bigint
         AND (o.status IN ('pending_submit', 'unresolved', 'accepted', 'partially_filled')
              OR (o.filled_qty > 0 AND o.created_at >= $5::timestamptz
                  AND NOT EXISTS (SELECT 1 FROM positions cp WHERE cp.entry_order_id = o.order_id AND cp.status = 'closed')))
       UNION ALL
       SELECT 'position ' || pos.position_id, 2 FROM positions pos
       WHERE pos.account_id = $1 AND pos.underlying = $2 AND pos.instrument_type = $3 AND pos.status <> 'closed'
     ) r ORDER BY rank LIMIT 1`,
    [p.account, p.underlying, p.instrumentType, p.exceptOrderId, filledSince.toISOString()],
  );
  const row = result.rows[0];
  return row === undefined ? null : String(row.rival);
}

/** A live entry order of this account that has waited at the broker longer than the entry timeout. */
export interface StaleEntryOrder {
  readonly orderId: string;
  readonly recId: string;
  readonly clientOrderId: string;
  readonly attempt: number;
  readonly symbol: string;
  readonly underlying: string;
  readonly instrumentType: InstrumentType;
  readonly qty: number;
  readonly limitPrice: number | null;
  /** buy opens risk; a sell entry (SELL_STOCK of a held long) reduces it. */
  readonly side: "buy" | "sell";
  readonly submittedAt: Date;
  /** The recommendation's own expiry: no re-price after it. */
  readonly recExpiresAt: Date;
  /** The recommendation, for the gates a re-price passes again. */
  readonly rec: ClaimedRec;
}

export async function selectStaleEntryOrders(db: Queryable, account: AccountId, submittedBefore: Date): Promise<StaleEntryOrder[]> {
  const result = await db.query(
    `SELECT o.order_id, o.rec_id, o.client_order_id, o.attempt, o.symbol, o.underlying, o.instrument_type, o.qty, o.limit_price,
            o.side, COALESCE(o.submitted_at, o.created_at) AS submitted_at, r.symbol AS rec_symbol, r.action AS rec_action, r.instrument_type AS rec_instrument_type,
            r.strategy_type AS rec_strategy_type, r.confidence AS rec_confidence, r.created_at AS rec_created_at, r.expires_at
       FROM orders o JOIN recommendations r ON r.rec_id = o.rec_id
      WHERE o.account_id = $1 AND o.purpose = 'entry' AND o.status IN ('accepted', 'partially_filled')
        AND COALESCE(o.submitted_at, o.created_at) <= $2
      ORDER BY o.order_id`,
    [account, submittedBefore.toISOString()],
  );
  return result.rows.map((row) => ({
    orderId: String(row.order_id),
    recId: String(row.rec_id),
    clientOrderId: String(row.client_order_id),
    attempt: Number(row.attempt),
    symbol: String(row.symbol),
    underlying: String(row.underlying),
    instrumentType: String(row.instrument_type) as InstrumentType,
    qty: Number(row.qty),
    limitPrice: row.limit_price === null ? null : Number(row.limit_price),
    side: row.side === "sell" ? "sell" : "buy",
    submittedAt: asDate(row.submitted_at),
    recExpiresAt: asDate(row.expires_at),
    rec: toRec({
      rec_id: row.rec_id, symbol: row.rec_symbol, action: row.rec_action, instrument_type: row.rec_instrument_type,
      strategy_type: row.rec_strategy_type, confidence: row.rec_confidence, created_at: row.rec_created_at, expires_at: row.expires_at,
    }),
  }));
}

/** The account's stored mode; a missing row or unknown text reads as HALTED (fail closed). */
export async function selectRiskMode(db: Queryable, account: AccountId): Promise<RiskMode> {
  const result = await db.query(`SELECT mode, trading_enabled FROM risk_state WHERE account_id = $1`, [account]);
  const row = result.rows[0];
  if (row === undefined || row.trading_enabled !== true) return "HALTED";
  return asRiskMode(String(row.mode)) ?? "HALTED";
}

export async function selectOrderState(db: Queryable, account: AccountId, orderId: string): Promise<{ status: string; filledQty: number } | null> {
  const result = await db.query<{ status: string; filled_qty: unknown }>(
    "SELECT status, filled_qty FROM orders WHERE account_id = $1 AND order_id = $2::bigint",
    [account, orderId],
  );
  const row = result.rows[0];
  return row === undefined ? null : { status: row.status, filledQty: Number(row.filled_qty) };
}

// Behavioural tests of migrations/0002_pipeline.sql, shared by the PGlite and PostgreSQL test files.
// One database per file: every test writes rows with fresh symbols/ids, so tests never collide and
// no cleanup between tests is needed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Queryable } from "../src/db/types.js";
// Relative import on purpose: core must not depend on @ops/trading, but the SQL CHECK lists must equal
// the TypeScript vocabulary exactly (seed failure 19).
import {
  ACCOUNT_IDS, ACTIONS, DISPATCH_STATUSES, EXIT_REASONS, INSTRUMENT_TYPES, ORDER_PURPOSES, ORDER_SIDES,
  ORDER_STATUSES, POSITION_STATUSES, SENTIMENT_LABELS, STRATEGY_TYPES, UNIVERSE_SOURCES,
} from "../../trading/src/domain/vocabulary.js";
import type { Action, InstrumentType } from "../../trading/src/domain/vocabulary.js";

/** A migrated database for one test file, and how to dispose of it. */
export interface SchemaDbHandle {
  db: Queryable;
  close(): Promise<void>;
}

type Row = Record<string, unknown>;

const SQLSTATE = { unique: "23505", foreignKey: "23503", check: "23514", notNull: "23502" } as const;
type SqlStateName = keyof typeof SQLSTATE;

/** Every table this migration creates (the 0001 tables belong to another migration). */
export const PIPELINE_TABLES = [
  "accounts", "bars", "iv_history", "news_feeds", "news_articles", "classifications", "features",
  "universe_versions", "universe", "watchlist", "recommendations", "recommendation_dispatches",
  "risk_gate_evaluations", "orders", "positions", "fills", "position_events", "position_history",
  "account_snapshots", "account_activities", "risk_state", "risk_locks",
] as const;

const ACTION_INSTRUMENT: Record<Action, InstrumentType> = {
  BUY_STOCK: "STOCK", SELL_STOCK: "STOCK", BUY_CALL: "CALL", BUY_PUT: "PUT",
};

const LARGE = "large-100k";
const TINY = "tiny-1k";
const T0 = Date.parse("2026-03-02T15:00:00Z");
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

let counter = 0;
const next = (): number => ++counter;
/** Upper-case letters only, so it is also a valid universe symbol. */
function freshTicker(prefix = "T"): string {
  let n = next();
  let s = "";
  do {
    s = String.fromCharCode(65 + (n % 26)) + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  return `${prefix}${s}`;
}
function occ(root: string, right: "C" | "P", strike: number): string {
  return `${root}260320${right}${String(Math.round(strike * 1000)).padStart(8, "0")}`;
}

interface PgLikeError {
  code: string;
  constraint?: string;
}
function findPgError(error: unknown): PgLikeError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === "object"; depth++) {
    const candidate = current as { code?: unknown; constraint?: unknown; cause?: unknown };
    if (typeof candidate.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      return { code: candidate.code, ...(typeof candidate.constraint === "string" ? { constraint: candidate.constraint } : {}) };
    }
    current = candidate.cause;
  }
  return undefined;
}

async function expectSqlError(work: Promise<unknown>, state: SqlStateName, constraint?: string): Promise<void> {
  let caught: unknown;
  try {
    await work;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected a ${state} violation`).toBeDefined();
  const pgError = findPgError(caught);
  expect(pgError?.code, String(caught)).toBe(SQLSTATE[state]);
  if (constraint !== undefined) expect(pgError?.constraint).toBe(constraint);
}

export function defineSchemaTests(open: () => Promise<SchemaDbHandle>): void {
  let handle: SchemaDbHandle | undefined;
  let db: Queryable;
  beforeAll(async () => {
    handle = await open();
    db = handle.db;
  });
  afterAll(async () => {
    await handle?.close();
  });

  async function insert(table: string, row: Row): Promise<Row> {
    const columns = Object.keys(row);
    const placeholders = columns.map((_, i) => `$${i + 1}`);
    const sql = `INSERT INTO ${table} (${columns.join(", ")}) VALUES (${placeholders.join(", ")}) RETURNING *`;
    const result = await db.query<Row>(sql, Object.values(row));
    const inserted = result.rows[0];
    if (inserted === undefined) throw new Error(`insert into ${table} returned no row`);
    return inserted;
  }
  async function count(sql: string, params: readonly unknown[] = []): Promise<number> {
    const result = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) AS q`, params);
    return Number(result.rows[0]?.n);
  }

  // ---- row builders: a valid row per table, overridable per test ----------------------------------
  function recRow(overrides: Row = {}): Row {
    const n = next();
    return {
      symbol: freshTicker("R"), action: "BUY_CALL", instrument_type: "CALL", strategy_type: "day_trade",
      confidence: 0.7, signal_ts: at(n), expires_at: at(n + 5), reason: JSON.stringify({ rule: "BULL_ENTRY" }),
      ...overrides,
    };
  }
  async function insertRec(overrides: Row = {}): Promise<number> {
    return Number((await insert("recommendations", recRow(overrides))).rec_id);
  }
  function dispatchRow(recId: number, overrides: Row = {}): Row {
    return { rec_id: recId, account_id: LARGE, status: "claimed", claimed_by: "dispatcher-test", claimed_at: at(1), ...overrides };
  }
  function entryOrderRow(recId: number, overrides: Row = {}): Row {
    const root = freshTicker("O");
    return {
      client_order_id: `entry-${recId}-${next()}`, account_id: LARGE, rec_id: recId, purpose: "entry",
      symbol: occ(root, "C", 100 + next()), underlying: root, instrument_type: "CALL", side: "buy",
      position_intent: "buy_to_open", qty: "1", order_type: "limit", limit_price: "1.25", ...overrides,
    };
  }
  function optionPositionRow(overrides: Row = {}): Row {
    const root = freshTicker("P");
    return {
      account_id: LARGE, symbol: occ(root, "C", 150), underlying: root, instrument_type: "CALL",
      option_expiry: "2026-03-20", option_strike: "150", option_right: "call", qty: "2", multiplier: 100,
      avg_entry_price: "1.25", opened_at: at(0), status: "open", ...overrides,
    };
  }
  function stockPositionRow(overrides: Row = {}): Row {
    const symbol = freshTicker("S");
    return {
      account_id: LARGE, symbol, underlying: symbol, instrument_type: "STOCK", qty: "10", multiplier: 1,
      avg_entry_price: "100.50", opened_at: at(0), status: "open", ...overrides,
    };
  }
  async function insertPosition(row: Row): Promise<Row> {
    return insert("positions", row);
  }
  function exitOrderRow(position: Row, overrides: Row = {}): Row {
    return {
      client_order_id: `exit-${String(position.position_id)}-${next()}`, account_id: position.account_id,
      position_id: position.position_id, purpose: "exit", attempt: 1, symbol: position.symbol,
      underlying: position.underlying, instrument_type: position.instrument_type, side: "sell",
      position_intent: "sell_to_close", qty: position.qty, order_type: "market", ...overrides,
    };
  }
  function barRow(overrides: Row = {}): Row {
    return { symbol: freshTicker("B"), ts: at(next()), open: 10, high: 11, low: 9, close: 10.5, volume: 1000, ...overrides };
  }
  async function insertArticle(overrides: Row = {}): Promise<number> {
    const n = next();
    const row = await insert("news_articles", { dedupe_key: `key-${n}`, title: `Headline ${n}`, fetched_at: at(n), ...overrides });
    return Number(row.article_id);
  }
  function historyRow(position: Row, overrides: Row = {}): Row {
    return {
      position_id: position.position_id, account_id: position.account_id, symbol: position.symbol,
      underlying: position.underlying, instrument_type: position.instrument_type, qty: position.qty,
      multiplier: position.multiplier, entry_price: position.avg_entry_price, exit_price: "1.50",
      exit_price_source: "fills", pnl_usd: "50", pnl_pct: 20, opened_at: at(0), closed_at: at(30),
      holding_s: 1800, exit_reason: "option_profit_target", ...overrides,
    };
  }

  // ---- vocabulary ---------------------------------------------------------------------------------
  describe("closed sets", () => {
    const cases: ReadonlyArray<readonly [string, string, readonly string[]]> = [
      ["accounts", "account_id", ACCOUNT_IDS],
      ["recommendations", "action", ACTIONS],
      ["recommendations", "instrument_type", INSTRUMENT_TYPES],
      ["recommendations", "strategy_type", STRATEGY_TYPES],
      ["recommendation_dispatches", "status", DISPATCH_STATUSES],
      ["orders", "status", ORDER_STATUSES],
      ["orders", "side", ORDER_SIDES],
      ["orders", "purpose", ORDER_PURPOSES],
      ["orders", "instrument_type", INSTRUMENT_TYPES],
      ["fills", "side", ORDER_SIDES],
      ["positions", "status", POSITION_STATUSES],
      ["positions", "close_reason", EXIT_REASONS],
      ["positions", "strategy_type", STRATEGY_TYPES],
      ["positions", "instrument_type", INSTRUMENT_TYPES],
      ["position_history", "exit_reason", EXIT_REASONS],
      ["position_history", "strategy_type", STRATEGY_TYPES],
      ["position_history", "instrument_type", INSTRUMENT_TYPES],
      ["classifications", "label", SENTIMENT_LABELS],
      ["universe", "source", UNIVERSE_SOURCES],
      ["universe_versions", "source", UNIVERSE_SOURCES],
    ];
    it.each(cases)("%s.%s CHECK allows exactly the TypeScript vocabulary", async (table, column, vocabulary) => {
      const result = await db.query<{ def: string }>(
        `SELECT pg_get_constraintdef(c.oid) AS def
           FROM pg_constraint c
           JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
          WHERE c.contype = 'c' AND c.conrelid = $1::regclass AND a.attname = $2 AND cardinality(c.conkey) = 1`,
        [table, column],
      );
      const literalSets = result.rows
        .map((row) => [...row.def.matchAll(/'((?:[^']|'')*)'/g)].map((m) => (m[1] ?? "").replaceAll("''", "'")))
        .filter((literals) => literals.length > 0);
      expect(literalSets).toHaveLength(1);
      expect([...(literalSets[0] ?? [])].sort()).toEqual([...vocabulary].sort());
    });

    const bogus: ReadonlyArray<readonly [string, string, () => Promise<Row>]> = [
      ["accounts.broker_env", "live", async () => ({ account_id: LARGE })],
      ["recommendations.action", "BUY", async () => recRow()],
      ["recommendations.strategy_type", "scalp", async () => recRow()],
      ["recommendation_dispatches.status", "PENDING", async () => dispatchRow(await insertRec())],
      ["orders.status", "FILLED", async () => entryOrderRow(await insertRec())],
      ["orders.side", "short", async () => entryOrderRow(await insertRec())],
      ["orders.purpose", "close", async () => entryOrderRow(await insertRec())],
      ["orders.order_type", "stop", async () => entryOrderRow(await insertRec())],
      ["orders.time_in_force", "gtd", async () => entryOrderRow(await insertRec())],
      ["orders.position_intent", "close", async () => entryOrderRow(await insertRec())],
      ["positions.status", "OPEN", async () => optionPositionRow()],
      ["positions.close_reason", "tp", async () => optionPositionRow()],
      ["positions.option_right", "C", async () => optionPositionRow()],
      ["classifications.label", "bullish", async () => ({ article_id: await insertArticle(), confidence: 0.9, signed_score: 0.9, model: "m" })],
      ["universe.source", "manual", async () => ({ symbol: freshTicker("U"), updated_by: "test" })],
      ["universe.status", "enabled", async () => ({ symbol: freshTicker("U"), source: "ai", updated_by: "test" })],
    ];
    it.each(bogus)("%s rejects the unknown string %j", async (target, value, build) => {
      const [table = "", column = ""] = target.split(".");
      const row = { ...(await build()), [column]: value };
      if (table === "accounts") {
        await expectSqlError(db.query(`UPDATE accounts SET broker_env = $1 WHERE account_id = $2`, [value, row.account_id]), "check");
        return;
      }
      await expectSqlError(insert(table, row), "check");
    });
  });

  // ---- accounts -----------------------------------------------------------------------------------
  describe("accounts", () => {
    it("are seeded with exactly the two account ids and their starting equity", async () => {
      const result = await db.query<{ account_id: string; equity: string; broker_env: string }>(
        `SELECT account_id, starting_equity::text AS equity, broker_env FROM accounts ORDER BY account_id`,
      );
      expect(result.rows.map((r) => r.account_id)).toEqual([...ACCOUNT_IDS].sort());
      expect(Object.fromEntries(result.rows.map((r) => [r.account_id, Number(r.equity)]))).toEqual({ [LARGE]: 100000, [TINY]: 1000 });
      expect(result.rows.every((r) => r.broker_env === "paper")).toBe(true);
    });

    it("reject an account id outside the closed set", async () => {
      await expectSqlError(insert("accounts", { account_id: "large", display_name: "x", starting_equity: 1 }), "check");
    });

    // "large" is the seed's short name that made the position-count gate see 0 rows (seed failure 31).
    const references: ReadonlyArray<readonly [string, () => Promise<Row>]> = [
      ["recommendation_dispatches", async () => dispatchRow(await insertRec())],
      ["orders", async () => entryOrderRow(await insertRec())],
      ["positions", async () => optionPositionRow()],
      ["account_snapshots", async () => ({ at: at(next()), equity: "1", cash: "1", buying_power: "1" })],
      ["account_activities", async () => ({ activity_id: `act-${next()}`, activity_type: "FILL", raw: "{}" })],
      ["risk_locks", async () => ({ reason: "cooldown", locked_at: at(0), locked_until: at(15) })],
      ["risk_state", async () => ({ trading_enabled: false, halted_reason: "x" })],
    ];
    it.each(references)("%s rejects an unknown account id (foreign key)", async (table, build) => {
      await expectSqlError(insert(table, { ...(await build()), account_id: "large" }), "foreignKey");
    });
  });

  // ---- bars and features --------------------------------------------------------------------------
  describe("bars", () => {
    it("reject a second insert of the same (symbol, ts)", async () => {
      const bar = barRow();
      await insert("bars", bar);
      await expectSqlError(insert("bars", { ...bar, close: 10.75 }), "unique", "bars_pkey");
    });

    it("accept an upsert of the same (symbol, ts) and keep one row with the new values", async () => {
      const bar = barRow();
      const upsert = `INSERT INTO bars (symbol, ts, open, high, low, close, volume) VALUES ($1, $2, $3, $4, $5, $6, $7)
                      ON CONFLICT (symbol, ts) DO UPDATE SET high = EXCLUDED.high, close = EXCLUDED.close, volume = EXCLUDED.volume`;
      await db.query(upsert, [bar.symbol, bar.ts, 10, 11, 9, 10.5, 1000]);
      await db.query(upsert, [bar.symbol, bar.ts, 10, 12, 9, 11.75, 1500]);
      const rows = await db.query<{ close: number; volume: string | number }>(`SELECT close, volume FROM bars WHERE symbol = $1`, [bar.symbol]);
      expect(rows.rows).toHaveLength(1);
      expect(rows.rows[0]?.close).toBe(11.75);
      expect(Number(rows.rows[0]?.volume)).toBe(1500);
    });

    const invalid: ReadonlyArray<readonly [string, Row]> = [
      ["high below low", { high: 8, low: 9 }],
      ["a zero price", { open: 0 }],
      ["a negative close", { close: -1 }],
      ["a NaN price", { close: "NaN" }],
      ["an infinite price", { high: "Infinity" }],
      ["a negative volume", { volume: -5 }],
    ];
    it.each(invalid)("reject a bar with %s", async (_label, overrides) => {
      await expectSqlError(insert("bars", barRow(overrides)), "check");
    });

    it("reject a bar without volume", async () => {
      await expectSqlError(insert("bars", barRow({ volume: null })), "notNull");
    });
  });

  describe("features", () => {
    it("are keyed by (symbol, newest source bar ts)", async () => {
      const row = { symbol: freshTicker("F"), ts: at(next()), close: 100, trend_state: 1 };
      await insert("features", row);
      await insert("features", { ...row, ts: at(next()) });
      await expectSqlError(insert("features", row), "unique", "features_pkey");
    });

    it.each([[2], [-2]])("reject trend_state %i", async (trend) => {
      await expectSqlError(insert("features", { symbol: freshTicker("F"), ts: at(next()), close: 100, trend_state: trend }), "check");
    });

    it("reject an RSI outside 0..100", async () => {
      await expectSqlError(insert("features", { symbol: freshTicker("F"), ts: at(next()), close: 100, rsi14: 101 }), "check");
    });
  });

  // ---- news ---------------------------------------------------------------------------------------
  describe("news", () => {
    it("dedupe articles by dedupe_key so a re-poll inserts nothing", async () => {
      const key = `dup-${next()}`;
      await insertArticle({ dedupe_key: key });
      const again = await db.query(
        `INSERT INTO news_articles (dedupe_key, title) VALUES ($1, 'Same story') ON CONFLICT (dedupe_key) DO NOTHING RETURNING article_id`,
        [key],
      );
      expect(again.rows).toHaveLength(0);
      await expectSqlError(insertArticle({ dedupe_key: key }), "unique");
    });

    it("reject an article without a title", async () => {
      await expectSqlError(insertArticle({ title: "   " }), "check");
      await expectSqlError(insertArticle({ title: null }), "notNull");
    });

    it("reject a feed url registered twice", async () => {
      const url = `http://127.0.0.1/feed-${next()}.xml`;
      await insert("news_feeds", { url, name: "one" });
      await expectSqlError(insert("news_feeds", { url, name: "two" }), "unique");
    });

    it("find unclassified articles through a partial index on classified_at", async () => {
      const result = await db.query<{ def: string }>(
        `SELECT indexdef AS def FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'news_articles' AND indexdef LIKE '%WHERE%'`,
      );
      expect(result.rows.some((r) => /classified_at IS NULL/.test(r.def))).toBe(true);
      const pending = await insertArticle();
      const done = await insertArticle({ classified_at: at(1) });
      const ids = (await db.query<{ article_id: string | number }>(`SELECT article_id FROM news_articles WHERE classified_at IS NULL`)).rows.map((r) => Number(r.article_id));
      expect(ids).toContain(pending);
      expect(ids).not.toContain(done);
    });
  });

  describe("classifications", () => {
    it("allow one classification per article", async () => {
      const articleId = await insertArticle();
      const row = { article_id: articleId, label: "negative", confidence: 0.91, signed_score: -0.91, model: "finbert" };
      await insert("classifications", row);
      await expectSqlError(insert("classifications", row), "unique");
    });

    it("reject a classification of an unknown article", async () => {
      await expectSqlError(insert("classifications", { article_id: 987654321, label: "neutral", confidence: 0.5, signed_score: 0, model: "m" }), "foreignKey");
    });

    const invalid: ReadonlyArray<readonly [string, Row]> = [
      ["confidence above 1", { label: "positive", confidence: 1.2, signed_score: 0.5 }],
      ["negative confidence", { label: "positive", confidence: -0.1, signed_score: 0.5 }],
      ["signed score below -1", { label: "negative", confidence: 0.9, signed_score: -1.5 }],
      ["a positive label with a negative score", { label: "positive", confidence: 0.9, signed_score: -0.9 }],
      ["a negative label with a positive score", { label: "negative", confidence: 0.9, signed_score: 0.9 }],
    ];
    it.each(invalid)("reject %s", async (_label, overrides) => {
      await expectSqlError(insert("classifications", { article_id: await insertArticle(), model: "m", ...overrides }), "check");
    });
  });

  // ---- universe -----------------------------------------------------------------------------------
  describe("universe", () => {
    async function tradable(symbol: string): Promise<Row | undefined> {
      return (await db.query<Row>(`SELECT * FROM tradable_universe WHERE symbol = $1`, [symbol])).rows[0];
    }
    type Entry = readonly [source: string, status: string];
    const scenarios: ReadonlyArray<readonly [string, readonly Entry[], boolean]> = [
      ["an active AI pick is tradable", [["ai", "active"]], true],
      ["an active config symbol is tradable", [["config", "active"]], true],
      ["an ops pin beats an AI removal", [["ai", "inactive"], ["ops_pin", "active"]], true],
      ["an ops block beats an AI pick", [["ai", "active"], ["ops_pin", "blocked"]], false],
      ["a config block beats an AI pick", [["ai", "active"], ["config", "blocked"]], false],
      ["an inactive symbol is not tradable", [["ai", "inactive"]], false],
    ];
    it.each(scenarios)("%s", async (_label, entries, expected) => {
      const symbol = freshTicker("U");
      for (const [source, status] of entries) await insert("universe", { symbol, source, status, updated_by: "test" });
      expect((await tradable(symbol)) !== undefined).toBe(expected);
    });

    it("reports the sources and pin flag of a tradable symbol", async () => {
      const symbol = freshTicker("U");
      await insert("universe", { symbol, source: "ai", status: "active", confidence: 0.8, updated_by: "ai-watchlist" });
      await insert("universe", { symbol, source: "ops_pin", status: "active", updated_by: "ops" });
      const row = await tradable(symbol);
      expect(row?.sources).toEqual(["ai", "ops_pin"]);
      expect(row?.pinned).toBe(true);
      expect(row?.ai_confidence).toBe(0.8);
    });

    it("reject a block written by the AI source", async () => {
      await expectSqlError(insert("universe", { symbol: freshTicker("U"), source: "ai", status: "blocked", updated_by: "ai" }), "check", "universe_block_is_operator_only");
    });

    it("reject a second row for the same (symbol, source)", async () => {
      const symbol = freshTicker("U");
      await insert("universe", { symbol, source: "config", updated_by: "test" });
      await expectSqlError(insert("universe", { symbol, source: "config", updated_by: "test" }), "unique");
    });

    it.each([["aapl"], [""], ["TOO-LONG-SYMBOL"]])("reject the malformed symbol %j", async (symbol) => {
      await expectSqlError(insert("universe", { symbol, source: "config", updated_by: "test" }), "check");
    });
  });

  describe("watchlist", () => {
    it.each([[1.01], [-0.1]])("reject score %d", async (score) => {
      await expectSqlError(insert("watchlist", { symbol: freshTicker("W"), score, rank: 1, in_watchlist: true }), "check");
    });
  });

  // ---- recommendations and dispatch ---------------------------------------------------------------
  describe("recommendations", () => {
    it("reject the same (symbol, signal_ts, action) twice, so a restarted engine cannot re-emit", async () => {
      const row = recRow();
      await insert("recommendations", row);
      await expectSqlError(insert("recommendations", row), "unique", "recommendations_signal_unique");
    });

    it("allow a different action for the same symbol and signal_ts", async () => {
      const row = recRow();
      await insert("recommendations", row);
      await expect(insert("recommendations", { ...row, action: "BUY_PUT", instrument_type: "PUT" })).resolves.toBeDefined();
    });

    const pairs = ACTIONS.flatMap((action) => INSTRUMENT_TYPES.map((type) => [action, type, ACTION_INSTRUMENT[action] === type] as const));
    it.each(pairs)("action %s with instrument %s is accepted: %s", async (action, instrumentType, valid) => {
      const work = insert("recommendations", recRow({ action, instrument_type: instrumentType }));
      if (valid) await expect(work).resolves.toBeDefined();
      else await expectSqlError(work, "check", "recommendations_action_matches_instrument");
    });

    it.each([[1.5], [-0.01]])("reject confidence %d", async (confidence) => {
      await expectSqlError(insert("recommendations", recRow({ confidence })), "check");
    });

    it("reject an expiry not after the signal time", async () => {
      await expectSqlError(insert("recommendations", recRow({ signal_ts: at(10), expires_at: at(10) })), "check", "recommendations_expires_after_signal");
    });
  });

  describe("recommendation_dispatches", () => {
    it("let each account claim a recommendation once, and both accounts claim it independently", async () => {
      const recId = await insertRec();
      await insert("recommendation_dispatches", dispatchRow(recId, { account_id: LARGE }));
      await insert("recommendation_dispatches", dispatchRow(recId, { account_id: TINY }));
      await expectSqlError(insert("recommendation_dispatches", dispatchRow(recId, { account_id: LARGE })), "unique");
      const claim = await db.query(
        `INSERT INTO recommendation_dispatches (rec_id, account_id, claimed_by, claimed_at) VALUES ($1, $2, 'other', $3)
         ON CONFLICT (rec_id, account_id) DO NOTHING RETURNING rec_id`,
        [recId, TINY, at(2)],
      );
      expect(claim.rows).toHaveLength(0);
    });

    it("reject a claim for an unknown recommendation", async () => {
      await expectSqlError(insert("recommendation_dispatches", dispatchRow(987654321)), "foreignKey");
    });

    const invalid: ReadonlyArray<readonly [string, Row]> = [
      ["a skip without a skip code", { status: "skipped", decided_at: at(2) }],
      ["a decision without decided_at", { status: "ordered" }],
      ["a claim that is already decided", { status: "claimed", decided_at: at(2) }],
    ];
    it.each(invalid)("reject %s", async (_label, overrides) => {
      await expectSqlError(insert("recommendation_dispatches", dispatchRow(await insertRec(), overrides)), "check");
    });
  });

  describe("risk_gate_evaluations", () => {
    it("record gate outcomes of a claimed pair", async () => {
      const recId = await insertRec();
      await insert("recommendation_dispatches", dispatchRow(recId));
      await insert("risk_gate_evaluations", { rec_id: recId, account_id: LARGE, gate: "bar_freshness", passed: true, evaluated_at: at(1) });
      await insert("risk_gate_evaluations", { rec_id: recId, account_id: LARGE, gate: "max_positions", passed: false, code: "MAX_POSITIONS", evaluated_at: at(1) });
      expect(await count(`SELECT 1 FROM risk_gate_evaluations WHERE rec_id = $1`, [recId])).toBe(2);
    });

    it("reject an evaluation for a pair that was never claimed", async () => {
      const recId = await insertRec();
      await expectSqlError(insert("risk_gate_evaluations", { rec_id: recId, account_id: TINY, gate: "g", passed: true, evaluated_at: at(1) }), "foreignKey");
    });

    it("reject a denial without a code", async () => {
      const recId = await insertRec();
      await insert("recommendation_dispatches", dispatchRow(recId));
      await expectSqlError(insert("risk_gate_evaluations", { rec_id: recId, account_id: LARGE, gate: "g", passed: false, evaluated_at: at(1) }), "check");
    });
  });

  // ---- orders -------------------------------------------------------------------------------------
  describe("orders", () => {
    it("reject a duplicate client_order_id", async () => {
      const row = entryOrderRow(await insertRec());
      await insert("orders", row);
      await expectSqlError(insert("orders", { ...entryOrderRow(await insertRec()), client_order_id: row.client_order_id }), "unique", "orders_client_order_id_key");
    });

    it("make a second entry order for the same recommendation and account impossible", async () => {
      const recId = await insertRec();
      await insert("orders", entryOrderRow(recId));
      await expectSqlError(insert("orders", entryOrderRow(recId)), "unique", "orders_one_entry_per_rec_account");
    });

    it("allow the other account to enter the same recommendation", async () => {
      const recId = await insertRec();
      await insert("orders", entryOrderRow(recId, { account_id: LARGE }));
      await expect(insert("orders", entryOrderRow(recId, { account_id: TINY }))).resolves.toBeDefined();
    });

    it("allow many orders without a broker id but reject a broker id used twice", async () => {
      const first = await insert("orders", entryOrderRow(await insertRec()));
      const second = await insert("orders", entryOrderRow(await insertRec()));
      expect(first.broker_order_id).toBeNull();
      expect(second.broker_order_id).toBeNull();
      const brokerId = `broker-${next()}`;
      await insert("orders", entryOrderRow(await insertRec(), { broker_order_id: brokerId }));
      await expectSqlError(insert("orders", entryOrderRow(await insertRec(), { broker_order_id: brokerId })), "unique");
    });

    const invalid: ReadonlyArray<readonly [string, (row: Row) => Row, string]> = [
      ["an option order on the underlying ticker (seed failure 21)", (r) => ({ ...r, symbol: r.underlying }), "orders_option_symbol_is_occ"],
      ["a CALL order on a put contract", (r) => ({ ...r, symbol: String(r.symbol).replace(/C(\d{8})$/, "P$1") }), "orders_option_symbol_is_occ"],
      ["an option entry that sells (naked sell, seed failure 22)", (r) => ({ ...r, side: "sell", position_intent: "sell_to_open" }), "orders_option_long_premium_only"],
      ["an option entry without buy_to_open", (r) => ({ ...r, position_intent: null }), "orders_option_long_premium_only"],
      ["an intent that contradicts the side", (r) => ({ ...r, instrument_type: "STOCK", symbol: r.underlying, position_intent: "sell_to_close" }), "orders_intent_matches_side"],
      ["a stock order whose symbol is not the underlying", (r) => ({ ...r, instrument_type: "STOCK", position_intent: null }), "orders_stock_symbol_is_underlying"],
      ["an entry without a recommendation", (r) => ({ ...r, rec_id: null }), "orders_entry_needs_rec"],
      ["a limit order without a limit price", (r) => ({ ...r, limit_price: null }), "orders_limit_price_iff_limit"],
      ["a market order with a limit price", (r) => ({ ...r, order_type: "market" }), "orders_limit_price_iff_limit"],
      ["a zero quantity", (r) => ({ ...r, qty: "0" }), "orders_qty_check"],
      ["a filled quantity above the order quantity", (r) => ({ ...r, status: "partially_filled", submitted_at: at(1), filled_qty: "2", filled_avg_price: "1.2" }), "orders_filled_le_qty"],
      ["a filled status with a partial quantity", (r) => ({ ...r, qty: "2", status: "filled", submitted_at: at(1), filled_qty: "1", filled_avg_price: "1.2" }), "orders_filled_means_all"],
      ["a fill without an average price", (r) => ({ ...r, status: "partially_filled", submitted_at: at(1), filled_qty: "1" }), "orders_fill_has_price"],
      ["a submitted status without submitted_at", (r) => ({ ...r, status: "accepted" }), "orders_submitted_has_time"],
      ["a client order id longer than 128 characters", (r) => ({ ...r, client_order_id: "x".repeat(129) }), "orders_client_order_id_check"],
    ];
    it.each(invalid)("reject %s", async (_label, mutate, constraint) => {
      await expectSqlError(insert("orders", mutate(entryOrderRow(await insertRec()))), "check", constraint);
    });

    it("accept a stock entry without position intent", async () => {
      const recId = await insertRec({ action: "BUY_STOCK", instrument_type: "STOCK" });
      const symbol = freshTicker("K");
      const row = { ...entryOrderRow(recId), symbol, underlying: symbol, instrument_type: "STOCK", position_intent: null };
      await expect(insert("orders", row)).resolves.toBeDefined();
    });

    describe("exit orders", () => {
      it("allow at most one live exit per position, and a retry once the first is terminal", async () => {
        const position = await insertPosition(optionPositionRow({ status: "closing", closing_since: at(5) }));
        const first = await insert("orders", exitOrderRow(position, { attempt: 1 }));
        await expectSqlError(insert("orders", exitOrderRow(position, { attempt: 2 })), "unique", "orders_one_live_exit_per_position");
        await db.query(`UPDATE orders SET status = 'canceled', submitted_at = $2 WHERE order_id = $1`, [first.order_id, at(6)]);
        await expect(insert("orders", exitOrderRow(position, { attempt: 2 }))).resolves.toBeDefined();
      });

      it("reject a reused attempt number for the same position", async () => {
        const position = await insertPosition(optionPositionRow({ status: "closing", closing_since: at(5) }));
        const first = await insert("orders", exitOrderRow(position, { attempt: 1 }));
        await db.query(`UPDATE orders SET status = 'rejected', submitted_at = $2 WHERE order_id = $1`, [first.order_id, at(6)]);
        await expectSqlError(insert("orders", exitOrderRow(position, { attempt: 1 })), "unique", "orders_exit_attempt_unique");
      });

      it("reject an exit order that names another instrument than the held one", async () => {
        const position = await insertPosition(optionPositionRow());
        const other = occ(String(position.underlying), "C", 999);
        await expectSqlError(insert("orders", exitOrderRow(position, { symbol: other })), "foreignKey", "orders_position_fk");
      });

      it("reject an exit order placed by the other account", async () => {
        const position = await insertPosition(stockPositionRow({ account_id: LARGE }));
        await expectSqlError(insert("orders", exitOrderRow(position, { account_id: TINY, position_intent: null })), "foreignKey", "orders_position_fk");
      });

      it("reject an exit without a position", async () => {
        const position = await insertPosition(optionPositionRow());
        await expectSqlError(insert("orders", exitOrderRow(position, { position_id: null })), "check", "orders_exit_needs_position");
      });
    });
  });

  describe("fills", () => {
    async function filledEntry(): Promise<Row> {
      return insert("orders", entryOrderRow(await insertRec(), { qty: "3", status: "partially_filled", submitted_at: at(1), filled_qty: "1", filled_avg_price: "1.2" }));
    }
    function fillRow(order: Row, overrides: Row = {}): Row {
      return {
        fill_id: `fill-${next()}`, order_id: order.order_id, account_id: order.account_id, symbol: order.symbol,
        side: order.side, qty: "1", price: "1.2", filled_at: at(2), ...overrides,
      };
    }

    it("are idempotent by broker fill id", async () => {
      const order = await filledEntry();
      const row = fillRow(order);
      await insert("fills", row);
      await expectSqlError(insert("fills", row), "unique", "fills_pkey");
    });

    const mismatches: ReadonlyArray<readonly [string, (order: Row) => Row]> = [
      ["side (a sell fill on a buy order, seed failure 49)", (o) => ({ side: "sell", symbol: o.symbol })],
      ["symbol", (o) => ({ symbol: o.underlying })],
      ["account", () => ({ account_id: TINY })],
    ];
    it.each(mismatches)("reject a fill that disagrees with its order on %s", async (_label, overrides) => {
      const order = await filledEntry();
      await expectSqlError(insert("fills", fillRow(order, overrides(order))), "foreignKey", "fills_order_fk");
    });

    it.each([["qty", "0"], ["price", "0"], ["price", "-1"]])("reject %s %s", async (column, value) => {
      const order = await filledEntry();
      await expectSqlError(insert("fills", fillRow(order, { [column]: value })), "check");
    });
  });

  // ---- positions ----------------------------------------------------------------------------------
  describe("positions", () => {
    it("make a second open position for the same (account, instrument) impossible (seed failure 29)", async () => {
      const row = optionPositionRow();
      await insertPosition(row);
      await expectSqlError(insertPosition(row), "unique", "positions_one_live_per_account_symbol");
    });

    it("treat a closing position as live too", async () => {
      const row = optionPositionRow({ status: "closing", closing_since: at(3) });
      await insertPosition(row);
      await expectSqlError(insertPosition({ ...row, status: "open", closing_since: null }), "unique", "positions_one_live_per_account_symbol");
    });

    it("allow a new position in the same instrument once the previous one is closed", async () => {
      const row = stockPositionRow();
      const first = await insertPosition(row);
      await db.query(
        `UPDATE positions SET status = 'closed', closed_at = $2, close_reason = 'take_profit', exit_price = 101 WHERE position_id = $1`,
        [first.position_id, at(30)],
      );
      await expect(insertPosition({ ...row, opened_at: at(31) })).resolves.toBeDefined();
    });

    it("allow the other account to hold the same instrument", async () => {
      const row = optionPositionRow({ account_id: LARGE });
      await insertPosition(row);
      await expect(insertPosition({ ...row, account_id: TINY })).resolves.toBeDefined();
    });

    const optionFieldCases: ReadonlyArray<readonly [string, () => Row]> = [
      ["a CALL without expiry", () => optionPositionRow({ option_expiry: null })],
      ["a CALL without strike", () => optionPositionRow({ option_strike: null })],
      ["a CALL without right", () => optionPositionRow({ option_right: null })],
      ["a CALL whose right is put", () => optionPositionRow({ option_right: "put" })],
      ["a PUT whose right is call", () => {
        const row = optionPositionRow();
        return { ...row, instrument_type: "PUT", symbol: String(row.symbol).replace(/C(\d{8})$/, "P$1") };
      }],
      ["a STOCK with option fields", () => ({ ...stockPositionRow(), option_expiry: "2026-03-20", option_strike: "100", option_right: "call" })],
    ];
    it.each(optionFieldCases)("reject %s", async (_label, build) => {
      await expectSqlError(insertPosition(build()), "check", "positions_option_fields_iff_option");
    });

    it("accept a PUT with all option fields", async () => {
      const base = optionPositionRow();
      const row = { ...base, instrument_type: "PUT", option_right: "put", symbol: String(base.symbol).replace(/C(\d{8})$/, "P$1") };
      await expect(insertPosition(row)).resolves.toBeDefined();
    });

    const lifecycleCases: ReadonlyArray<readonly [string, () => Row, string]> = [
      ["an option with multiplier 1", () => optionPositionRow({ multiplier: 1 }), "positions_multiplier_matches_type"],
      ["a stock with multiplier 100", () => stockPositionRow({ multiplier: 100 }), "positions_multiplier_matches_type"],
      ["an option whose symbol is the underlying", () => {
        const row = optionPositionRow();
        return { ...row, symbol: row.underlying };
      }, "positions_option_symbol_is_occ"],
      ["a closing position without closing_since", () => optionPositionRow({ status: "closing" }), "positions_closing_has_since"],
      ["a closed position without closed_at", () => optionPositionRow({ status: "closed", close_reason: "manual" }), "positions_closed_iff_closed_at"],
      ["a closed position without a close reason", () => optionPositionRow({ status: "closed", closed_at: at(9) }), "positions_closed_has_reason"],
      ["an open position with closed_at", () => optionPositionRow({ closed_at: at(9) }), "positions_closed_iff_closed_at"],
    ];
    it.each(lifecycleCases)("reject %s", async (_label, build, constraint) => {
      await expectSqlError(insertPosition(build()), "check", constraint);
    });

    it("reject a position qty of zero", async () => {
      await expectSqlError(insertPosition(stockPositionRow({ qty: "0" })), "check");
    });

    it("link a position to at most one entry order", async () => {
      const order = await insert("orders", entryOrderRow(await insertRec()));
      const row = { ...optionPositionRow(), symbol: order.symbol, underlying: order.underlying, entry_order_id: order.order_id };
      await insertPosition(row);
      await expectSqlError(insertPosition({ ...row, account_id: TINY }), "unique");
    });
  });

  describe("position events and history", () => {
    it("reject an event whose account differs from the position's", async () => {
      const position = await insertPosition(optionPositionRow({ account_id: LARGE }));
      await insert("position_events", { position_id: position.position_id, account_id: LARGE, event_type: "exit_triggered" });
      await expectSqlError(insert("position_events", { position_id: position.position_id, account_id: TINY, event_type: "x" }), "foreignKey");
    });

    it("keep one history row per position", async () => {
      const position = await insertPosition(optionPositionRow());
      await insert("position_history", historyRow(position));
      await expectSqlError(insert("position_history", historyRow(position)), "unique");
    });

    it("reject a history row whose instrument differs from the position's", async () => {
      const position = await insertPosition(optionPositionRow());
      await expectSqlError(insert("position_history", historyRow(position, { symbol: position.underlying })), "foreignKey");
    });

    it("require fill-based exit prices except for phantom or manual closes (seed failure 50)", async () => {
      const tp = await insertPosition(optionPositionRow());
      await expectSqlError(insert("position_history", historyRow(tp, { exit_price_source: "last_mark" })), "check", "position_history_mark_exit_only_without_fill");
      const phantom = await insertPosition(optionPositionRow());
      await expect(insert("position_history", historyRow(phantom, { exit_price_source: "last_mark", exit_reason: "phantom_reconciliation" }))).resolves.toBeDefined();
    });

    it("reject a close before the open", async () => {
      const position = await insertPosition(optionPositionRow());
      await expectSqlError(insert("position_history", historyRow(position, { opened_at: at(10), closed_at: at(5) })), "check");
    });
  });

  // ---- money --------------------------------------------------------------------------------------
  describe("numeric money", () => {
    const values = ["0.1", "0.2", "0.30000000000000004", "123456789012.123456789", "0.0001", "-250.55"];
    it.each(values)("round-trips %s exactly", async (value) => {
      const position = await insertPosition(stockPositionRow({ realized_pnl: value }));
      const result = await db.query<{ v: string }>(`SELECT realized_pnl::text AS v FROM positions WHERE position_id = $1`, [position.position_id]);
      expect(result.rows[0]?.v).toBe(value);
    });

    it("adds 0.1 and 0.2 to exactly 0.3 in prices, quantities and P&L", async () => {
      const order = await insert("orders", entryOrderRow(await insertRec(), { qty: "0.1", limit_price: "0.2" }));
      const sum = await db.query<{ exact: boolean; v: string }>(
        `SELECT (qty + limit_price) = 0.3 AS exact, (qty + limit_price)::text AS v FROM orders WHERE order_id = $1`,
        [order.order_id],
      );
      expect(sum.rows[0]).toEqual({ exact: true, v: "0.3" });
      const account = LARGE;
      const a = await insertPosition(optionPositionRow({ account_id: account }));
      const b = await insertPosition(optionPositionRow({ account_id: account }));
      await insert("position_history", historyRow(a, { pnl_usd: "0.1" }));
      await insert("position_history", historyRow(b, { pnl_usd: "0.2" }));
      const total = await db.query<{ v: string }>(
        `SELECT sum(pnl_usd)::text AS v FROM position_history WHERE position_id IN ($1, $2)`,
        [a.position_id, b.position_id],
      );
      expect(total.rows[0]?.v).toBe("0.3");
    });
  });

  // ---- account state and risk ---------------------------------------------------------------------
  describe("account state and risk", () => {
    it("seed risk_state disabled with a reason for every account (fail closed)", async () => {
      const result = await db.query<{ account_id: string; trading_enabled: boolean; halted_reason: string | null }>(
        `SELECT account_id, trading_enabled, halted_reason FROM risk_state ORDER BY account_id`,
      );
      expect(result.rows.map((r) => r.account_id)).toEqual([...ACCOUNT_IDS].sort());
      for (const row of result.rows) {
        expect(row.trading_enabled).toBe(false);
        expect(row.halted_reason).toBeTruthy();
      }
    });

    it("reject enabling trading while a halt reason remains, and halting without one", async () => {
      await expectSqlError(db.query(`UPDATE risk_state SET trading_enabled = true WHERE account_id = $1`, [TINY]), "check", "risk_state_halt_explained");
      await expectSqlError(db.query(`UPDATE risk_state SET halted_reason = NULL WHERE account_id = $1`, [TINY]), "check", "risk_state_halt_explained");
    });

    it("reject a risk lock that ends before it starts", async () => {
      await expectSqlError(insert("risk_locks", { account_id: LARGE, reason: "loss streak", locked_at: at(10), locked_until: at(10) }), "check");
    });

    it("keep one snapshot per (account, at) and one row per broker activity", async () => {
      const snapshot = { account_id: TINY, at: at(next()), equity: "1000.01", cash: "500", buying_power: "500" };
      await insert("account_snapshots", snapshot);
      await expectSqlError(insert("account_snapshots", snapshot), "unique");
      const activity = { activity_id: `act-${next()}`, account_id: TINY, activity_type: "FILL", raw: "{}" };
      await insert("account_activities", activity);
      await expectSqlError(insert("account_activities", activity), "unique");
    });

    it("keep one implied-volatility observation per (symbol, day) and reject non-positive IV", async () => {
      const row = { symbol: freshTicker("V"), observed_on: "2026-03-02", implied_volatility: 0.35 };
      await insert("iv_history", row);
      await expectSqlError(insert("iv_history", row), "unique");
      await expectSqlError(insert("iv_history", { ...row, symbol: freshTicker("V"), implied_volatility: 0 }), "check");
    });
  });

  // ---- documentation in the schema ----------------------------------------------------------------
  it("names the single writer of every pipeline table in its comment", async () => {
    const result = await db.query<{ name: string; comment: string | null }>(
      `SELECT c.relname AS name, obj_description(c.oid, 'pg_class') AS comment
         FROM pg_class c WHERE c.relkind = 'r' AND c.relname = ANY ($1::text[]) AND pg_table_is_visible(c.oid)`,
      [[...PIPELINE_TABLES]],
    );
    expect(result.rows.map((r) => r.name).sort()).toEqual([...PIPELINE_TABLES].sort());
    for (const row of result.rows) expect(row.comment, row.name).toMatch(/^Writer/);
  });
}

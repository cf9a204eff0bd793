// The report's numbers on a database with known trades (rows written as their owning services would): equity
// from starting equity, realised history and bar marks; trades, exit reasons and gate rejections per account;
// the window; the CLI over stored data.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { etDateTime } from "@ops/core";
import type { Db } from "@ops/core";
import { freshPgliteDb } from "@ops/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readReportData } from "../report/read-report-data.js";
import type { AccountReport, ReportData } from "../report/report-data.js";
import { runReportCli } from "../report/run-report-cli.js";

const DAY = "2024-03-05";
const PREVIOUS_DAY = "2024-03-04";
const at = (hhmm: string, day = DAY): Date => etDateTime(day, hhmm);
const CALL = "ZZZ240308C00055000";
// Up, then down: the drawdown is non-trivial while the second stock position is open.
const CLOSES = [50, 51, 53, 54, 56, 55.5, 57, 55, 52, 53];

let db: Db;
let report: ReportData;
const account = (id: string): AccountReport => report.accounts.find((a) => a.account === id)!;

async function insertPosition(p: { account: string; symbol: string; type: "STOCK" | "CALL"; qty: number; entry: number; opened: Date; recId?: string }): Promise<string> {
  const option = p.type === "CALL";
  const { rows } = await db.query<{ position_id: unknown }>(
    `INSERT INTO positions (account_id, symbol, underlying, instrument_type, option_expiry, option_strike, option_right, qty, multiplier, avg_entry_price, opened_at, rec_id, strategy_type)
     VALUES ($1, $2, 'ZZZ', $3, $4, $5, $6, $7, $8, $9, $10, $11, 'day_trade') RETURNING position_id`,
    [p.account, p.symbol, p.type, option ? "2024-03-08" : null, option ? 55 : null, option ? "call" : null, p.qty, option ? 100 : 1, p.entry, p.opened, p.recId ?? null],
  );
  return String(rows[0]?.position_id);
}

async function closePosition(id: string, p: { account: string; symbol: string; qty: number; entry: number; exit: number; opened: Date; closed: Date; reason: string }): Promise<void> {
  const pnl = (p.exit - p.entry) * p.qty;
  await db.query(`UPDATE positions SET status = 'closed', closed_at = $2, close_reason = $3, exit_price = $4, realized_pnl = $5 WHERE position_id = $1`, [id, p.closed, p.reason, p.exit, pnl]);
  await db.query(
    `INSERT INTO position_history (position_id, account_id, symbol, underlying, instrument_type, strategy_type, qty, multiplier, entry_price, exit_price, pnl_usd, pnl_pct, opened_at, closed_at, holding_s, exit_reason)
     VALUES ($1, $2, $3, 'ZZZ', 'STOCK', 'day_trade', $4, 1, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [id, p.account, p.symbol, p.qty, p.entry, p.exit, pnl, ((p.exit - p.entry) / p.entry) * 100, p.opened, p.closed, (p.closed.getTime() - p.opened.getTime()) / 1000, p.reason],
  );
}

async function insertRec(minute: string, reason: Record<string, unknown>, seq: number): Promise<string> {
  const created = at(minute);
  const { rows } = await db.query<{ rec_id: unknown }>(
    `INSERT INTO recommendations (symbol, action, instrument_type, strategy_type, confidence, signal_ts, created_at, expires_at, reason)
     VALUES ('ZZZ', 'BUY_STOCK', 'STOCK', 'day_trade', 0.8, $1, $2, $3, $4) RETURNING rec_id`,
    [new Date(created.getTime() - 30_000 - seq), created, new Date(created.getTime() + 900_000), JSON.stringify(reason)],
  );
  return String(rows[0]?.rec_id);
}

beforeAll(async () => {
  db = await freshPgliteDb();
  for (const [i, close] of CLOSES.entries()) {
    await db.query(`INSERT INTO bars (symbol, ts, open, high, low, close, volume) VALUES ('ZZZ', $1, $2, $3, $4, $2, 100)`, [new Date(at("09:30").getTime() + i * 60_000), close, close + 1, close - 1]);
  }
  await db.query(`INSERT INTO bars (symbol, ts, open, high, low, close, volume) VALUES ('ZZZ', $1, 49, 49, 49, 49, 100)`, [at("15:59", PREVIOUS_DAY)]);

  // Closed the day before: counts into the base equity of DAY, and is a trade of PREVIOUS_DAY only.
  const old = await insertPosition({ account: "large-100k", symbol: "ZZZ", type: "STOCK", qty: 10, entry: 59, opened: at("15:00", PREVIOUS_DAY) });
  await closePosition(old, { account: "large-100k", symbol: "ZZZ", qty: 10, entry: 59, exit: 49, opened: at("15:00", PREVIOUS_DAY), closed: at("15:59", PREVIOUS_DAY), reason: "stop_loss" });

  const rec = await insertRec("09:31", { rule: "BULL_ENTRY", detail: "BULL <day> trade & </script> test" }, 1);
  const a = await insertPosition({ account: "large-100k", symbol: "ZZZ", type: "STOCK", qty: 10, entry: 50, opened: at("09:31"), recId: rec });
  await closePosition(a, { account: "large-100k", symbol: "ZZZ", qty: 10, entry: 50, exit: 54, opened: at("09:31"), closed: at("09:35"), reason: "take_profit" });
  await insertPosition({ account: "large-100k", symbol: "ZZZ", type: "STOCK", qty: 5, entry: 56, opened: at("09:35") });
  const call = await insertPosition({ account: "tiny-1k", symbol: CALL, type: "CALL", qty: 1, entry: 2, opened: at("09:32") });
  await db.query(`UPDATE positions SET last_mark_price = 2.5, last_mark_at = $2 WHERE position_id = $1`, [call, at("09:38")]);

  for (const [i, acct] of (["large-100k", "tiny-1k"] as const).entries()) {
    const skipped = await insertRec("09:33", { rule: "X" }, 10 + i);
    await db.query(`INSERT INTO recommendation_dispatches (rec_id, account_id, status, claimed_by, claimed_at, decided_at, skip_code) VALUES ($1, $2, 'skipped', 't', $3, $3, 'CONFIDENCE_TOO_LOW')`, [skipped, acct, at("09:33")]);
    await db.query(`INSERT INTO risk_gate_evaluations (rec_id, account_id, gate, passed, code, evaluated_at) VALUES ($1, $2, 'confidence', false, 'CONFIDENCE_TOO_LOW', $3), ($1, $2, 'trading_hours', true, NULL, $3)`, [skipped, acct, at("09:33")]);
  }
  await db.query(`INSERT INTO recommendation_dispatches (rec_id, account_id, status, claimed_by, claimed_at, decided_at) VALUES ($1, 'large-100k', 'ordered', 't', $2, $2)`, [rec, at("09:31")]);
  report = await readReportData(db, { now: new Date("2026-01-01T00:00:00Z") });
}, 60_000);

afterAll(async () => {
  await db?.close();
});

/** Close of the newest bar finished by t (bar ts + 1 min <= t). */
function closeAt(t: number): number {
  let close = Number.NaN;
  for (const [i, c] of CLOSES.entries()) if (at("09:30").getTime() + (i + 1) * 60_000 <= t) close = c;
  return close;
}

describe("replay report data", () => {
  it("defaults to the New York day of the newest bar and charts each finished bar minute of the session", () => {
    expect(report.window).toEqual({ from: etDateTime(DAY, "00:00").toISOString(), to: etDateTime("2024-03-06", "00:00").toISOString() });
    const expectedGrid = CLOSES.map((_, i) => at("09:31").getTime() + i * 60_000);
    for (const a of report.accounts) expect(a.equity.map((p) => p.atMs)).toEqual(expectedGrid);
  });

  it("derives stock equity from starting equity, earlier realised P&L, realised history and bar marks", () => {
    const large = account("large-100k");
    expect(large.startingEquityUsd).toBe(100_000);
    expect(large.baseEquityUsd).toBe(100_000 + (49 - 59) * 10);
    for (const p of large.equity) {
      const open1 = p.atMs >= at("09:31").getTime() && p.atMs < at("09:35").getTime() ? (closeAt(p.atMs) - 50) * 10 : 0;
      const realised = p.atMs >= at("09:35").getTime() ? (54 - 50) * 10 : 0;
      const open2 = p.atMs >= at("09:35").getTime() ? (closeAt(p.atMs) - 56) * 5 : 0;
      expect(p.equityUsd).toBeCloseTo(large.baseEquityUsd + realised + open1 + open2, 6);
    }
    let peak = -Infinity;
    for (const p of large.equity) {
      peak = Math.max(peak, p.equityUsd);
      expect(p.drawdownPct).toBeCloseTo(((p.equityUsd - peak) / peak) * 100, 3);
    }
    expect(large.maxDrawdownPct).toBe(Math.min(...large.equity.map((p) => p.drawdownPct)));
    expect(large.maxDrawdownPct).toBeLessThan(0);
    expect(large.realisedPnlUsd).toBe(40);
    expect(large.endEquityUsd).toBe(large.equity[large.equity.length - 1]!.equityUsd);
  });

  it("carries an open option at its entry price until its last mark", () => {
    const tiny = account("tiny-1k");
    for (const p of tiny.equity) expect(p.equityUsd).toBe(p.atMs >= at("09:38").getTime() ? 1_000 + (2.5 - 2) * 100 : 1_000);
    expect(tiny.trades).toEqual([expect.objectContaining({ symbol: CALL, instrumentType: "CALL", status: "open", exitAt: null, pnlUsd: 50, pnlKind: "marked" })]);
  });

  it("lists the window's trades with entry and exit, reasons and P&L, and counts exit reasons and gate rejections", () => {
    const large = account("large-100k");
    expect(large.trades.map((t) => [t.entryAt, t.exitAt, t.exitReason, t.pnlUsd, t.pnlKind])).toEqual([
      [at("09:31").toISOString(), at("09:35").toISOString(), "take_profit", 40, "realised"],
      [at("09:35").toISOString(), null, null, null, null],
    ]);
    expect(large.trades[0]).toMatchObject({ entryPrice: 50, exitPrice: 54, qty: 10, entryReason: "BULL <day> trade & </script> test", strategyType: "day_trade" });
    expect(large.exitReasons).toEqual([{ key: "take_profit", count: 1 }]);
    for (const a of report.accounts) expect(a.gateRejections).toEqual([{ gate: "confidence", code: "CONFIDENCE_TOO_LOW", count: 1 }]);
    expect(large.dispatchOutcomes).toEqual([{ key: "ordered", count: 1 }, { key: "skipped: CONFIDENCE_TOO_LOW", count: 1 }]);
  });

  it("counts bars and recommendations per minute, with quiet minutes as zeros", () => {
    expect(report.activity.map((m) => m.bars)).toEqual(CLOSES.map(() => 1));
    const recMinutes = report.activity.filter((m) => m.recommendations > 0).map((m) => [m.atMs, m.recommendations]);
    expect(recMinutes).toEqual([[at("09:31").getTime(), 1], [at("09:33").getTime(), 2]]);
  });

  it("an explicit window reports the earlier day's closed trade and exit reason", async () => {
    const earlier = await readReportData(db, { from: etDateTime(PREVIOUS_DAY, "00:00"), to: etDateTime(DAY, "00:00") });
    const large = earlier.accounts.find((a) => a.account === "large-100k")!;
    expect(large.baseEquityUsd).toBe(100_000);
    expect(large.trades.map((t) => t.exitReason)).toEqual(["stop_loss"]);
    expect(large.exitReasons).toEqual([{ key: "stop_loss", count: 1 }]);
    expect(large.realisedPnlUsd).toBe(-100);
  });
});

describe("pnpm report over stored data", () => {
  const run = async (argv: readonly string[]) => {
    let out = "";
    let err = "";
    const code = await runReportCli(argv, {
      stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env: {},
      openDatabase: async () => ({ db, close: async () => undefined }),
    });
    return { code, out, err };
  };

  it("writes one offline HTML file with the trades, the data escaped, and no external reference", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ops-report-cli-"));
    try {
      const file = join(dir, "nested", "r.html");
      const r = await run(["--", "--database", "pglite:/unused", "--out", file, "--from", DAY, "--to", DAY]);
      expect(r).toMatchObject({ code: 0, err: "" });
      expect(r.out).toContain(file);
      const html = readFileSync(file, "utf8");
      expect(html).toContain("BULL &lt;day&gt; trade &amp; &lt;/script&gt; test");
      // Only the page's own three closing script tags: the embedded JSON cannot end its element early.
      expect(html.match(/<\/script/gi)).toHaveLength(3);
      expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//i);
      expect(html.match(/<tr class="row">/g)?.length).toBeGreaterThanOrEqual(3 + 2 + 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses bad arguments with a usage error and a missing database with exit code 1", async () => {
    expect((await run(["--from", "yesterday"])).code).toBe(64);
    expect((await run(["--from", "2024-03-05", "--to", "2024-03-04"])).err).toMatch(/--to must be after --from/);
    let err = "";
    const code = await runReportCli(["--database", `pglite:${join(tmpdir(), "no-such-report-db")}`], { stdout: { write: () => undefined }, stderr: { write: (s: string) => (err += s) }, env: {} });
    expect(code).toBe(1);
    expect(err).toMatch(/no PGlite database/);
  });
});

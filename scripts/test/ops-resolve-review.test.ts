// `pnpm ops resolve-review`: a row under review (missing at the broker, no evidence of the close) takes
// no exits and keeps a close-all pending; the operator closes it at the price they read at the broker,
// booked like any close (manual, P&L ×100 for options, position_history with source 'operator'), and
// the position manager's next cycle completes the close-all.
import { afterEach, describe, expect, it } from "vitest";
// The position manager's own harness: its real cycle against the simulator over 127.0.0.1.
import { AAA_PUT, ACCOUNT, at, eventTypes, historyRow, positionRows, startHarness } from "../../services/position-manager/test/helpers/harness.js";
import type { Harness } from "../../services/position-manager/test/helpers/harness.js";
import { runOps } from "./helpers/ops-cli.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.db.query(`TRUNCATE close_requests, ops_audit_log`);
  await h?.db.query(`UPDATE risk_state SET trading_enabled = true, halted_reason = NULL, updated_by = 'test'`);
  h = undefined;
});

/** A put row the broker never held (seed 28's phantoms), flagged for review by a real cycle. */
async function flaggedPut(harness: Harness): Promise<string> {
  const inserted = await harness.db.query<{ position_id: unknown }>(
    `INSERT INTO positions (account_id, symbol, underlying, instrument_type, option_expiry, option_strike, option_right, qty,
       multiplier, avg_entry_price, opened_at, status, last_mark_price, last_mark_at, strategy_type, mfe_pct, mae_pct, entry_features)
     VALUES ($1, $2, 'AAA', 'PUT', '2024-03-15', 95, 'put', 2, 100, 2.0, $3, 'open', 2.4, $3, 'swing_trade', 21.5, -3.25, '{"rsi14": 41}')
     RETURNING position_id`,
    [ACCOUNT, AAA_PUT, at("09:45").toISOString()],
  );
  const id = String(inserted.rows[0]?.position_id);
  expect((await harness.cycle(at("10:02"))).phantoms_flagged).toBe(1);
  return id;
}

async function auditCount(harness: Harness): Promise<number> {
  return Number((await harness.db.query(`SELECT count(*)::int AS n FROM ops_audit_log`)).rows[0]?.n);
}

describe("pnpm ops resolve-review", () => {
  it("closes a row under review at the operator's price, books it like any close, and lets the pending close-all complete", async () => {
    h = await startHarness();
    const w = h;
    await w.enter({ symbol: "BBB", underlying: "BBB", instrumentType: "STOCK", qty: 10, limitPrice: 50.05 });
    const id = await flaggedPut(w);

    expect((await runOps(w.db, ["close-all", "--account", ACCOUNT, "--reason", "flatten", "--yes", "--now", at("10:02:30").toISOString()])).code).toBe(0);
    await w.cycle(at("10:03"));
    const flatButForReview = await w.cycle(at("10:04"));
    // BBB is closed through its exit; the row under review got no exit and keeps the request open.
    expect(flatButForReview).toMatchObject({ close_requests_pending: 1, close_requests_completed: 0 });
    expect((await positionRows(w.db)).map((p) => [p.symbol, p.status])).toEqual([[AAA_PUT, "open"], ["BBB", "closed"]]);
    expect(w.sim.broker.orders(ACCOUNT).filter((o) => o.symbol === AAA_PUT)).toEqual([]);

    const reviews = await runOps(w.db, ["reviews"]);
    expect(reviews.code).toBe(0);
    expect(reviews.out).toMatch(new RegExp(`1 position\\(s\\) under review \\(any account\\)[\\s\\S]*${ACCOUNT}\\s+${id}\\s+${AAA_PUT}\\s+2\\s+2`));
    expect((await runOps(w.db, ["reviews", "--account", "tiny-1k"])).out).toBe("no position under review (tiny-1k)\n");

    const questions: string[] = [];
    const resolved = await runOps(
      w.db,
      ["resolve-review", ACCOUNT, id, "--exit-price", "1.10", "--closed-at", at("10:00").toISOString(), "--reason", "expired worthless? no: sold by hand at 1.10 per broker log", "--actor", "erin", "--now", at("10:05").toISOString()],
      async (q) => (questions.push(q), id),
    );
    expect(resolved).toMatchObject({ code: 0, err: "" });
    expect(questions[0]).toMatch(new RegExp(`Close position ${id} of ${ACCOUNT} \\(${AAA_PUT} 2, entry 2(\\.0*)?, under review since .*\\) at 1\\.10`));
    expect(resolved.out).toMatch(/closed at 1\.10 \(operator price, reason manual\): realized P&L -180/);

    const [row] = await positionRows(w.db, "position_id = $1::bigint", [id]);
    expect(row).toMatchObject({ status: "closed", close_reason: "manual", closed_at: at("10:00") });
    expect(Number(row?.exit_price)).toBe(1.1);
    // (1.10 − 2.00) × 2 contracts × 100 shares each.
    expect(Number(row?.realized_pnl)).toBe(-180);
    const history = await historyRow(w.db, id);
    expect(history).toMatchObject({
      account_id: ACCOUNT, symbol: AAA_PUT, underlying: "AAA", instrument_type: "PUT", strategy_type: "swing_trade", multiplier: 100,
      exit_reason: "manual", exit_price_source: "operator", opened_at: at("09:45"), closed_at: at("10:00"), mfe_pct: 21.5, mae_pct: -3.25,
      entry_features: { rsi14: 41 },
    });
    expect([Number(history?.qty), Number(history?.entry_price), Number(history?.exit_price), Number(history?.pnl_usd)]).toEqual([2, 2, 1.1, -180]);
    expect(history?.pnl_pct).toBeCloseTo(-45, 10);
    expect(Number(history?.holding_s)).toBe(15 * 60);
    expect(await eventTypes(w.db, id)).toEqual(["phantom_review", "review_resolved"]);
    const audit = (await w.db.query(`SELECT actor, action, target, detail FROM ops_audit_log WHERE action = 'resolve-review'`)).rows;
    expect(audit).toMatchObject([
      { actor: "erin", target: `position:${id}`, detail: { account: ACCOUNT, symbol: AAA_PUT, exit_price: "1.10", exit_price_source: "operator", closed_at: at("10:00").toISOString() } },
    ]);
    expect(Number((audit[0]?.detail as { realized_pnl: string }).realized_pnl)).toBe(-180);

    const completed = await w.cycle(at("10:06"));
    expect(completed).toMatchObject({ close_requests_completed: 1 });
    expect((await w.db.query(`SELECT completed_at FROM close_requests`)).rows).toEqual([{ completed_at: at("10:06") }]);
    expect(w.sim.broker.orders(ACCOUNT).filter((o) => o.symbol === AAA_PUT)).toEqual([]);
    expect((await runOps(w.db, ["reviews"])).out).toBe("no position under review (any account)\n");
  });

  it("refuses a row not under review, another account's row, a closed row, a bad price or time, and writes nothing", async () => {
    h = await startHarness();
    const w = h;
    await w.enter({ symbol: "BBB", underlying: "BBB", instrumentType: "STOCK", qty: 10, limitPrice: 50.05 });
    const id = await flaggedPut(w);
    const [bbb] = await positionRows(w.db, "symbol = 'BBB'");
    const now = at("10:05").toISOString();
    const resolve = (args: readonly string[]) => runOps(w.db, ["resolve-review", ...args, "--reason", "checked broker", "--yes", "--now", now]);

    const cases: [readonly string[], RegExp][] = [
      [[ACCOUNT, String(bbb?.position_id), "--exit-price", "50"], /is not under review: the position manager owns its exits/],
      [["tiny-1k", id, "--exit-price", "1.10"], new RegExp(`position ${id} belongs to ${ACCOUNT}, not tiny-1k`)],
      [[ACCOUNT, "999999", "--exit-price", "1.10"], /no position 999999/],
      [[ACCOUNT, "12x", "--exit-price", "1.10"], /position id must be a number/],
      [[ACCOUNT, id, "--exit-price", "0"], /--exit-price must be a positive number/],
      [[ACCOUNT, id, "--exit-price=-1.10"], /--exit-price must be a positive number/],
      [[ACCOUNT, id, "--exit-price", "abc"], /--exit-price must be a positive number/],
      [[ACCOUNT, id, "--exit-price", "1e3"], /--exit-price must be a positive number/],
      [[ACCOUNT, id, "--exit-price", "1.10", "--closed-at", at("09:40").toISOString()], /is before the position opened/],
      [[ACCOUNT, id, "--exit-price", "1.10", "--closed-at", at("10:06").toISOString()], /is after now/],
    ];
    for (const [args, message] of cases) {
      const r = await resolve(args);
      expect({ args, code: r.code }).toEqual({ args, code: 1 });
      expect(r.err).toMatch(message);
    }
    const piped = await runOps(w.db, ["resolve-review", ACCOUNT, id, "--exit-price", "1.10", "--reason", "x"]);
    expect(piped).toMatchObject({ code: 1, err: "refused: resolve-review needs --yes when stdin is not a terminal\n" });
    const declined = await runOps(w.db, ["resolve-review", ACCOUNT, id, "--exit-price", "1.10", "--reason", "x"], async () => "y");
    expect(declined).toMatchObject({ code: 1, err: "refused: not confirmed; nothing was changed\n" });
    expect((await runOps(w.db, ["resolve-review", ACCOUNT, id, "--reason", "x", "--yes"])).code).toBe(64);
    expect((await runOps(w.db, ["resolve-review", ACCOUNT, id, "--exit-price", "1.10", "--yes"])).code).toBe(64);

    expect(await auditCount(w)).toBe(0);
    expect((await w.db.query(`SELECT * FROM position_history`)).rows).toEqual([]);
    expect((await positionRows(w.db, "position_id = $1::bigint", [id]))[0]).toMatchObject({ status: "open", close_reason: null });

    expect((await resolve([ACCOUNT, id, "--exit-price", "1.10"])).code).toBe(0);
    const again = await resolve([ACCOUNT, id, "--exit-price", "1.20"]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(new RegExp(`position ${id} \\(${AAA_PUT}\\) is already closed`));
    expect(await auditCount(w)).toBe(1);
    expect(Number((await historyRow(w.db, id))?.exit_price)).toBe(1.1);
  });
});

// `pnpm ops close-all` goes through the position manager's close path: the CLI only records a request
// (and halts the account); the account's position manager sends the exits like any other exit, so the
// positions close from their fills with reason 'manual' and a position_history row.
import { afterEach, describe, expect, it } from "vitest";
// The position manager's own harness: its real cycle against the simulator over 127.0.0.1.
import { AAA_CALL, ACCOUNT, at, exitOrders, historyRow, positionRows, startHarness } from "../../services/position-manager/test/helpers/harness.js";
import type { Harness } from "../../services/position-manager/test/helpers/harness.js";
import { runOps } from "./helpers/ops-cli.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.db.query(`TRUNCATE close_requests, ops_audit_log`);
  await h?.db.query(`UPDATE risk_state SET trading_enabled = true, halted_reason = NULL, updated_by = 'test'`);
  h = undefined;
});

async function twoOpenPositions(): Promise<Harness> {
  const harness = await startHarness();
  h = harness;
  await harness.enter({ symbol: "BBB", underlying: "BBB", instrumentType: "STOCK", qty: 10, limitPrice: 50.05 });
  await harness.enter({ symbol: AAA_CALL, underlying: "AAA", instrumentType: "CALL", qty: 2, limitPrice: 2.05 });
  await harness.loadBars(at("10:03"));
  await harness.cycle(at("10:03"));
  expect((await positionRows(harness.db)).map((p) => [p.symbol, p.status])).toEqual([["BBB", "open"], [AAA_CALL, "open"]]);
  return harness;
}

describe("pnpm ops close-all", () => {
  it("closes every position of the account through the position manager's exits, halts it, and completes the request", async () => {
    const w = await twoOpenPositions();
    const r = await runOps(w.db, ["close-all", "--account", ACCOUNT, "--reason", "broker incident", "--yes", "--actor", "erin", "--now", at("10:03:30").toISOString()]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/close-all #\d+ for large-100k: 2 live position\(s\)/);
    // Nothing is sent by the CLI itself.
    expect(w.sim.broker.orders(ACCOUNT).filter((o) => o.side === "sell")).toHaveLength(0);
    expect((await w.db.query(`SELECT trading_enabled, halted_reason FROM risk_state WHERE account_id = $1`, [ACCOUNT])).rows[0]).toMatchObject({
      trading_enabled: false, halted_reason: expect.stringMatching(/^close-all #\d+: broker incident$/),
    });
    expect((await runOps(w.db, ["resume", "--account", ACCOUNT, "--reason", "too early"])).code).toBe(1);

    const sent = await w.cycle(at("10:04"));
    expect(sent).toMatchObject({ close_requests_pending: 1, close_exits_submitted: 2, exits_submitted: 0 });
    const closing = await positionRows(w.db);
    expect(closing.map((p) => p.status)).toEqual(["closing", "closing"]);
    for (const p of closing) {
      const [exit] = await exitOrders(w.db, p.position_id);
      expect(exit).toMatchObject({ symbol: p.symbol, side: "sell", purpose: "exit" });
      expect(Number(exit?.qty)).toBe(Number(p.qty));
    }

    // The cycle that books the exit fills also sees the account flat and completes the request.
    const flat = await w.cycle(at("10:05"));
    expect(flat).toMatchObject({ positions_closed: 2, close_requests_completed: 1 });
    const closed = await positionRows(w.db);
    expect(closed.map((p) => [p.status, p.close_reason])).toEqual([["closed", "manual"], ["closed", "manual"]]);
    for (const p of closed) expect(await historyRow(w.db, p.position_id)).toMatchObject({ exit_reason: "manual", exit_price_source: "fills" });
    expect(w.sim.broker.positions(ACCOUNT, w.clock.now())).toEqual([]);

    expect((await w.db.query(`SELECT completed_at FROM close_requests`)).rows).toEqual([{ completed_at: at("10:05") }]);
    expect(await w.cycle(at("10:06"))).toMatchObject({ close_requests_pending: 0, close_requests_completed: 0, close_exits_submitted: 0 });
    expect((await w.db.query(`SELECT actor, action, target FROM ops_audit_log ORDER BY id`)).rows).toEqual([
      { actor: "erin", action: "halt", target: ACCOUNT },
      { actor: "erin", action: "close-all", target: ACCOUNT },
    ]);
    expect((await runOps(w.db, ["resume", "--account", ACCOUNT, "--reason", "flat again"])).code).toBe(0);
  });

  it("waits for the market to open before sending exits", async () => {
    const w = await twoOpenPositions();
    expect((await runOps(w.db, ["close-all", "--account", ACCOUNT, "--reason", "end of day", "--yes", "--now", at("16:10").toISOString()])).code).toBe(0);
    const closedMarket = await w.cycle(at("16:15"));
    expect(closedMarket).toMatchObject({ close_requests_pending: 1, close_exits_submitted: 0 });
    expect((await positionRows(w.db)).map((p) => p.status)).toEqual(["open", "open"]);
  });

  it("asks for the account id on a terminal, refuses without --yes otherwise, and refuses a second pending request", async () => {
    const w = await twoOpenPositions();
    const questions: string[] = [];
    const declined = await runOps(w.db, ["close-all", "--account", ACCOUNT, "--reason", "x"], async (q) => (questions.push(q), "y"));
    expect(declined).toMatchObject({ code: 1, err: "refused: not confirmed; nothing was changed\n" });
    expect(questions[0]).toMatch(/Close every position of large-100k \(AAA240315C00100000 2, BBB 10\) and halt it\?/);
    const piped = await runOps(w.db, ["close-all", "--account", ACCOUNT, "--reason", "x"]);
    expect(piped.err).toBe("refused: close-all needs --yes when stdin is not a terminal\n");
    expect((await w.db.query(`SELECT count(*)::int AS n FROM close_requests`)).rows).toEqual([{ n: 0 }]);

    expect((await runOps(w.db, ["close-all", "--account", ACCOUNT, "--reason", "x"], async () => ACCOUNT)).code).toBe(0);
    const second = await runOps(w.db, ["close-all", "--account", ACCOUNT, "--reason", "again", "--yes"]);
    expect(second.code).toBe(1);
    expect(second.err).toMatch(/already pending/);
  });
});

// The same SQL on real PostgreSQL 15 (the production database), and the process entry point run once
// as the e2e and ECS run it: config, per-account keys, simulator clock, lease, one cycle, exit code.
import type { Db } from "@ops/core";
import { describeWithPostgres, freshPostgresDb } from "@ops/core/testing";
import type { FreshPostgresDb } from "@ops/core/testing";
import { DEFAULT_SIM_ACCOUNTS } from "@ops/alpaca-sim";
import { afterAll, beforeAll, expect, it } from "vitest";
import { main } from "../src/main.js";
import { AAA_CALL, ACCOUNT, at, emptyTables, eventTypes, historyRow, positionRows, startHarness } from "./helpers/harness.js";
import { killMidCloseAndRestart, replayFlatDay } from "./helpers/scenarios.js";

describeWithPostgres("position manager on PostgreSQL", (url) => {
  let fresh: FreshPostgresDb;
  let db: Db;
  beforeAll(async () => {
    fresh = await freshPostgresDb(url);
    db = fresh.db;
  });
  afterAll(async () => {
    await fresh?.cleanup();
  });

  it("opens, exits and closes an option position from fills", async () => {
    const h = await startHarness({ db: await emptyTables(db) });
    await h.enter({ symbol: AAA_CALL, underlying: "AAA", instrumentType: "CALL", qty: 2, limitPrice: 2.05 });
    await h.cycle(at("10:02"));
    h.options.setMid(AAA_CALL, at("10:05"), 0.6);
    await h.cycle(at("10:05:30"));
    await h.cycle(at("10:06:30"));

    const [row] = await positionRows(db);
    expect(row).toMatchObject({ status: "closed", close_reason: "option_stop_loss" });
    expect(await historyRow(db, row?.position_id)).toMatchObject({ exit_reason: "option_stop_loss", exit_price_source: "fills" });
    expect(await eventTypes(db, row?.position_id)).toEqual(["opened", "exit_triggered", "closed"]);
  });

  it("adopts a broker-only holding and later closes it as a phantom with history", async () => {
    const h = await startHarness({ db: await emptyTables(db) });
    const placed = await h.broker.submitOrder({
      clientOrderId: "manual-pg-1", symbol: AAA_CALL, qty: 1, side: "buy", type: "market", timeInForce: "day", positionIntent: "buy_to_open",
    });
    expect(placed.kind).toBe("accepted");
    h.advanceTo(at("10:01"));
    await h.cycle(at("10:02"));
    h.sim.broker.closePosition(ACCOUNT, AAA_CALL, {}, h.clock.now());
    h.advanceTo(at("10:03"));
    await h.cycle(at("10:05"));

    const [row] = await positionRows(db);
    expect(row).toMatchObject({ status: "closed", close_reason: "phantom_reconciliation", strategy_type: null });
    expect(await historyRow(db, row?.position_id)).toMatchObject({ exit_price_source: "broker_activity" });
    expect(await eventTypes(db, row?.position_id)).toEqual(["adopted_from_broker", "phantom_closed"]);
  });

  it("replays a day that ends flat with realised P&L equal to the broker's cash change to the cent", async () => {
    await replayFlatDay(await emptyTables(db));
  });

  it("killed mid-close after the POST and restarted: one close order, no short, row closed at the fill", async () => {
    await killMidCloseAndRestart("after_post", await emptyTables(db));
  });

  it("runs one cycle from the process entry point with MODE=ONCE and exits 0", async () => {
    const h = await startHarness({ db: await emptyTables(db) });
    await h.enter({ symbol: AAA_CALL, underlying: "AAA", instrumentType: "CALL", qty: 1, limitPrice: 2.05 });
    const keys = DEFAULT_SIM_ACCOUNTS.find((a) => a.id === ACCOUNT);

    const code = await main({
      OPS_SERVICE: "position-manager",
      OPS_ACCOUNT: ACCOUNT,
      OPS_INSTANCE: "test-instance",
      MODE: "ONCE",
      OPS_LOOP_INTERVAL_S: "60",
      DATABASE_URL: fresh.url,
      LOG_LEVEL: "warn",
      OPS_CLOCK: "sim",
      OPS_ALPACA_TRADING_URL: h.sim.url,
      OPS_ALPACA_DATA_URL: h.sim.url,
      ALPACA_KEY_ID_LARGE_100K: keys?.keyId,
      ALPACA_SECRET_KEY_LARGE_100K: keys?.secretKey,
    });

    expect(code).toBe(0);
    const rows = await positionRows(db);
    expect(rows.map((r) => [r.symbol, r.status])).toEqual([[AAA_CALL, "open"]]);
    const beat = await db.query("SELECT service, account FROM service_heartbeats WHERE service = 'position-manager'");
    expect(beat.rows).toEqual([{ service: "position-manager", account: ACCOUNT }]);
  });
});

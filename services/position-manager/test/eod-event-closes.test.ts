// The two end-of-day closes the seed specified but never fed (spec §3.8 item 8): an option whose
// underlying reports earnings before the next session, and every option when the volatility source
// reads extreme. Both from the first window (14:30 ET) only, with the inputs read from our tables.
import { DEFAULT_VOLATILITY_LEVELS } from "@ops/core";
import type { Db, VolatilityConfig } from "@ops/core";
import { describe, expect, it } from "vitest";
import { AAA_CALL, at, emptyDb, positionRows, startHarness } from "./helpers/harness.js";
import type { Harness } from "./helpers/harness.js";

const VIXY: VolatilityConfig = {
  source: { kind: "close", symbol: "VIXY" },
  settings: { levels: DEFAULT_VOLATILITY_LEVELS, maxAgeSeconds: 300, realizedWindow: 60 },
};

/** A swing call bought at the 2.05 ask, marked at a 2.40 mid (+17 %): it passes every overnight criterion. */
async function holdWinningSwingCall(h: Harness): Promise<void> {
  await h.enter({ symbol: AAA_CALL, underlying: "AAA", instrumentType: "CALL", qty: 1, limitPrice: 2.05, strategy: "swing_trade" });
  h.options.setMid(AAA_CALL, at("10:05"), 2.4);
  await h.cycle(at("10:06"));
}

async function addEarnings(db: Db, date: string, time: string): Promise<void> {
  await db.query(`DELETE FROM earnings_events`);
  await db.query(`INSERT INTO earnings_events (symbol, report_date, report_time, source) VALUES ('AAA', $1::date, $2, 'test')`, [date, time]);
}

async function addVolatilityBar(db: Db, ts: Date, close: number): Promise<void> {
  await db.query(`DELETE FROM bars WHERE symbol = 'VIXY'`);
  await db.query(`INSERT INTO bars (symbol, ts, open, high, low, close, volume) VALUES ('VIXY', $1, $2, $2, $2, $2, 100)`, [ts.toISOString(), close]);
}

describe("position manager: end-of-day closes on earnings and an extreme volatility regime", () => {
  it("holds a winning swing call through the windows when nothing is reported and volatility is normal", async () => {
    const db = await emptyDb();
    await db.query(`DELETE FROM earnings_events`);
    const h = await startHarness({ db, volatility: VIXY });
    await holdWinningSwingCall(h);
    await addVolatilityBar(db, at("15:54"), 18);
    for (const time of ["14:30", "15:00", "15:30", "15:55"]) {
      const result = await h.cycle(at(time));
      expect(result.exits_submitted).toBe(0);
    }
    const [row] = await positionRows(db);
    expect(row?.status).toBe("open");
    const held = h.log.events("eod_decision").at(-1);
    expect(held).toMatchObject({ close: false, rule: "overnight_ok", volatility: "normal" });
  });

  it("closes the call as earnings_close at the first window when AAA reports after today's close — not before it", async () => {
    const db = await emptyDb();
    await addEarnings(db, "2024-03-05", "after_close");
    const h = await startHarness({ db });
    await holdWinningSwingCall(h);
    expect((await h.cycle(at("14:29"))).exits_submitted).toBe(0);
    expect((await h.cycle(at("14:30"))).exits_submitted).toBe(1);
    await h.cycle(at("14:31"));
    const [row] = await positionRows(db);
    expect(row).toMatchObject({ status: "closed", close_reason: "earnings_close" });
  });

  it("ignores a report already behind us (this morning, before the open)", async () => {
    const db = await emptyDb();
    await addEarnings(db, "2024-03-05", "before_open");
    const h = await startHarness({ db });
    await holdWinningSwingCall(h);
    expect((await h.cycle(at("14:30"))).exits_submitted).toBe(0);
  });

  it("closes every option as volatility_extreme at the first window when the source reads extreme (VIXY close 45 ≥ 40)", async () => {
    const db = await emptyDb();
    await db.query(`DELETE FROM earnings_events`);
    const h = await startHarness({ db, volatility: VIXY });
    await holdWinningSwingCall(h);
    await addVolatilityBar(db, at("14:28"), 45);
    expect((await h.cycle(at("14:30"))).exits_submitted).toBe(1);
    await h.cycle(at("14:31"));
    const [row] = await positionRows(db);
    expect(row).toMatchObject({ status: "closed", close_reason: "volatility_extreme" });
    expect(await db.query(`SELECT 1 FROM position_history WHERE exit_reason = 'volatility_extreme'`)).toMatchObject({ rowCount: 1 });
  });

  it("a stale source is no reading: it counts as elevated (a higher overnight bar), never as extreme", async () => {
    const db = await emptyDb();
    await db.query(`DELETE FROM earnings_events`);
    const h = await startHarness({ db, volatility: VIXY });
    await holdWinningSwingCall(h);
    await addVolatilityBar(db, at("13:00"), 45);
    expect((await h.cycle(at("14:30"))).exits_submitted).toBe(0);
    expect(h.log.events("eod.volatility_no_reading").length).toBeGreaterThan(0);
    // +17 % clears the elevated bar (10 % × 1.5 = 15 %), so it is still held at 15:30.
    expect((await h.cycle(at("15:30"))).exits_submitted).toBe(0);
    expect(h.log.events("eod_decision").at(-1)).toMatchObject({ volatility: "elevated" });
  });
});

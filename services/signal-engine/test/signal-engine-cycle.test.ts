import { randomUUID } from "node:crypto";
import { ManualClock } from "@ops/core";
import type { CycleContext, Db, Logger } from "@ops/core";
import { freshPgliteDb } from "@ops/core/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSignalEngineCycle } from "../src/index.js";
import type { SignalCycleConfig } from "../src/index.js";
import { captureLogger } from "@ops/core/testing";
import type { LogLine } from "@ops/core/testing";

// 11:00 ET on a Tuesday: outside the gap-fade window either way.
const NOW = new Date("2024-03-05T16:00:00Z");
const minutesAgo = (m: number): Date => new Date(NOW.getTime() - m * 60_000);
const CONFIG: SignalCycleConfig = {
  OPS_SIGNAL_ALLOW_STOCK: false,
  OPS_REC_TTL_S: 300,
  OPS_SIGNAL_COOLDOWN_MIN: 15,
  OPS_SIGNAL_SENTIMENT_WINDOW_MIN: 30,
  OPS_SIGNAL_MIN_NEWS_CONFIDENCE: 0.65,
  OPS_SIGNAL_MAX_FEATURE_AGE_S: 300,
  OPS_SIGNAL_GAP_FADE: false,
};

/** Price 1.5 % above a rising SMA20, normal volatility, 2.5× volume: a bullish breakout for calls. */
const BULLISH = { distance: 0.015, trend: 1, volRatio: 1.0, volumeRatio: 2.5 };
/** At the SMA with a flat trend: a direction for stock only, never for options. */
const STOCK_ONLY = { distance: 0.003, trend: 0, volRatio: 1.0, volumeRatio: 2.5 };

let db: Db;
beforeAll(async () => {
  db = await freshPgliteDb();
});
afterAll(async () => db.close());

let logger: Logger;
let lines: LogLine[];
beforeEach(async () => {
  await db.query("TRUNCATE watchlist, features, recommendations, classifications, news_articles CASCADE");
  ({ logger, lines } = captureLogger("signal-engine"));
});

async function watch(...symbols: string[]): Promise<void> {
  await db.query(
    `INSERT INTO watchlist (symbol, score, rank, in_watchlist)
     SELECT s, 0.8, n::int, true FROM unnest($1::text[]) WITH ORDINALITY AS u(s, n)`,
    [symbols],
  );
}

async function features(symbol: string, f: { distance: number; trend: number; volRatio: number; volumeRatio: number; ageMin?: number }): Promise<Date> {
  const ts = minutesAgo(f.ageMin ?? 2);
  const sma20 = 100;
  await db.query(
    `INSERT INTO features (symbol, ts, close, sma20, sma50, distance_sma20, trend_state, vol_ratio, volume_ratio)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [symbol, ts, sma20 * (1 + f.distance), sma20, sma20 - f.trend, f.distance, f.trend, f.volRatio, f.volumeRatio],
  );
  return ts;
}

let seq = 0;
async function news(symbol: string, label: "positive" | "negative", confidence: number, ageMin: number): Promise<void> {
  const a = await db.query<{ article_id: number }>(
    "INSERT INTO news_articles (dedupe_key, title, published_at, tickers) VALUES ($1, 'headline', $2, $3) RETURNING article_id",
    [`n${++seq}`, minutesAgo(ageMin), [symbol]],
  );
  await db.query(
    "INSERT INTO classifications (article_id, label, confidence, signed_score, model) VALUES ($1, $2, $3, $4, 'test')",
    [a.rows[0]?.article_id, label, confidence, label === "positive" ? confidence : -confidence],
  );
}

interface RecRow {
  rec_id: number; symbol: string; action: string; instrument_type: string; strategy_type: string; confidence: number;
  signal_ts: Date; created_at: Date; expires_at: Date;
  reason: Record<string, unknown>; features_snapshot: Record<string, unknown>; sentiment_snapshot: Record<string, unknown>;
}
const recs = async (): Promise<RecRow[]> => (await db.query<RecRow>("SELECT * FROM recommendations ORDER BY rec_id")).rows;
const ctx = (now = NOW): CycleContext => ({ now, cycleId: randomUUID(), logger, signal: new AbortController().signal });
const engine = (config: Partial<SignalCycleConfig> = {}) =>
  createSignalEngineCycle({ db, clock: new ManualClock(NOW), logger, config: { ...CONFIG, ...config } });

describe("signal engine cycle", () => {
  it("writes one BUY_CALL recommendation for a bullish setup, stamped with the features' ts, and notifies", async () => {
    await watch("AAA");
    const ts = await features("AAA", BULLISH);
    await news("AAA", "positive", 0.9, 10);
    await news("AAA", "positive", 0.6, 5); // not confident enough to count
    await news("AAA", "negative", 0.95, 45); // outside the 30-minute window
    const payloads: string[] = [];
    const unlisten = await db.listen("recommendations", (p) => payloads.push(p));

    const counts = await engine()(ctx());
    expect(counts).toMatchObject({ watchlist: 1, signals: 1, recommended: 1, duplicates: 0 });
    const [rec] = await recs();
    expect(rec).toMatchObject({ symbol: "AAA", action: "BUY_CALL", instrument_type: "CALL", strategy_type: "day_trade" });
    expect(rec?.signal_ts).toEqual(ts);
    expect(rec?.created_at).toEqual(NOW);
    expect(rec?.expires_at).toEqual(new Date(NOW.getTime() + 300_000));
    expect(rec?.confidence).toBeGreaterThanOrEqual(0.65);
    expect(rec?.confidence).toBeLessThanOrEqual(1);
    expect(rec?.reason).toMatchObject({ decision: "BUY", rule: "BULL_ENTRY", direction: "BULL" });
    expect(rec?.features_snapshot).toMatchObject({ v: 1, ts: ts.toISOString(), distance_sma20: 0.015, trend_state: 1, volume_ratio: 2.5 });
    expect(rec?.sentiment_snapshot).toMatchObject({ v: 1, count: 1, positive: 1, negative: 0, avg_signed_score: 0.9, direction: 1 });

    await new Promise((r) => setTimeout(r, 20));
    expect(payloads).toEqual([String(rec?.rec_id)]);
    await unlisten();
    const logged = lines.find((l) => l.event === "signal.recommended");
    expect(logged).toMatchObject({ symbol: "AAA", rec_id: rec?.rec_id, action: "BUY_CALL" });
  });

  it("never emits the same signal twice: the cooldown blocks a re-run, and without it the unique key does", async () => {
    await watch("AAA");
    await features("AAA", BULLISH);
    await engine()(ctx());
    const later = new Date(NOW.getTime() + 60_000);
    expect(await engine()(ctx(later))).toMatchObject({ cooldown: 1, recommended: 0 });
    // A restarted engine with no cooldown recomputes the same features: ON CONFLICT drops it.
    expect(await engine({ OPS_SIGNAL_COOLDOWN_MIN: 0 })(ctx(later))).toMatchObject({ signals: 1, recommended: 0, duplicates: 1 });
    expect(await recs()).toHaveLength(1);
  });

  it("counts HOLDs by code and logs them in one line per cycle", async () => {
    await watch("AAA", "BBB", "CCC", "DDD");
    await features("AAA", { ...BULLISH, ageMin: 20 }); // stale
    await features("BBB", { distance: 0.05, trend: 1, volRatio: 1, volumeRatio: 2.5 }); // stretched: no setup
    await features("CCC", { ...BULLISH, volumeRatio: 0.3 }); // volume too low
    // DDD has no features at all.
    const counts = await engine()(ctx());
    expect(counts).toMatchObject({
      watchlist: 4, recommended: 0, hold_stale_features: 1, hold_no_setup: 1, hold_volume_too_low: 1, hold_no_features: 1,
    });
    const holdLines = lines.filter((l) => l.event === "signal.holds");
    expect(holdLines).toHaveLength(1);
    expect(holdLines[0]?.holds).toEqual({ STALE_FEATURES: ["AAA"], NO_SETUP: ["BBB"], VOLUME_TOO_LOW: ["CCC"], NO_FEATURES: ["DDD"] });
    expect(await recs()).toEqual([]);
  });

  it("emits stock recommendations only when OPS_SIGNAL_ALLOW_STOCK is on", async () => {
    await watch("SSS");
    await features("SSS", STOCK_ONLY);
    expect(await engine()(ctx())).toMatchObject({ recommended: 0, hold_no_options_setup: 1 });
    expect(await engine({ OPS_SIGNAL_ALLOW_STOCK: true })(ctx())).toMatchObject({ recommended: 1 });
    const [rec] = await recs();
    expect(rec).toMatchObject({ action: "BUY_STOCK", instrument_type: "STOCK", strategy_type: "swing_trade" });
  });

  it("ignores symbols that are not (or no longer) in the watchlist", async () => {
    await db.query("INSERT INTO watchlist (symbol, score, rank, in_watchlist) VALUES ('AAA', 0.2, 31, false)");
    await features("AAA", BULLISH);
    expect(await engine()(ctx())).toMatchObject({ watchlist: 0, recommended: 0 });
  });

  it("fades an opening gap against the previous trading day's whole session when the gap fade is on", async () => {
    // Tuesday 09:45 ET; Monday's session rose 1 % and today opened 1 % above Monday's close.
    const now = new Date("2024-03-05T14:45:00Z");
    await watch("GAP");
    await db.query(
      `INSERT INTO bars (symbol, ts, open, high, low, close, volume) VALUES
         ('GAP', '2024-03-04T14:30:00Z', 100, 100.2, 99.9, 100.1, 1000),
         ('GAP', '2024-03-04T20:59:00Z', 100.9, 101.1, 100.8, 101, 1000),
         ('GAP', '2024-03-04T21:10:00Z', 90, 90, 90, 90, 10)`,
    );
    await db.query(
      `INSERT INTO features (symbol, ts, close, sma20, sma50, distance_sma20, trend_state, vol_ratio, volume_ratio)
       VALUES ('GAP', $1, 102.01, 102, 101.5, 0.0001, 1, 1.0, 1.0)`,
      [new Date(now.getTime() - 60_000)],
    );
    expect(await engine()(ctx(now))).toMatchObject({ recommended: 0 });
    expect(await engine({ OPS_SIGNAL_GAP_FADE: true, OPS_SIGNAL_COOLDOWN_MIN: 0 })(ctx(now))).toMatchObject({ recommended: 1 });
    const [rec] = await recs();
    expect(rec).toMatchObject({ symbol: "GAP", action: "BUY_PUT", strategy_type: "gap_fade" });
  });

  it("applies an indicator rule only when its switch is on, and stores its effect in the reasoning", async () => {
    await watch("AAA", "BBB");
    await features("AAA", BULLISH);
    await features("BBB", BULLISH);
    // Both overbought: a BULL entry into RSI 85 is damped by the RSI rule when it is on.
    await db.query("UPDATE features SET rsi14 = 85, macd_hist = 0.3");
    const plain = await engine({ OPS_SIGNAL_COOLDOWN_MIN: 0 })(ctx());
    const [off] = await recs();
    // A new features row time, so the unique (symbol, signal_ts, action) key lets the rerun write.
    await db.query("DELETE FROM recommendations");
    await db.query("UPDATE features SET ts = ts + interval '1 second'");
    const switched = await engine({ OPS_SIGNAL_COOLDOWN_MIN: 0, OPS_SIGNAL_USE_RSI: true })(ctx());
    const [on] = await recs();

    expect(plain).toMatchObject({ recommended: 2 });
    expect(off?.reason).not.toHaveProperty("indicators");
    expect(on?.reason).toMatchObject({ indicatorMultiplier: 0.8, indicators: { rsi: { value: 85, multiplier: 0.8 } } });
    expect(on?.confidence ?? 1).toBeLessThan(off?.confidence ?? 0);
    // A damped setup may fall to a swing trade or a HOLD; either way every symbol is accounted for.
    const held = Object.entries(switched).filter(([k]) => k.startsWith("hold_")).reduce((n, [, v]) => n + v, 0);
    expect((switched.recommended ?? 0) + held).toBe(2);
  });
});

import { describe, expect, it } from "vitest";
import { EARLY_CLOSE_DATE, EARLY_CLOSE_SESSION, REGULAR_SESSION, etTime } from "../testing/fixed-times.js";
import { applyOvernightExposureCap, decideEod, eodWindowAt, overnightCheck, thetaScore } from "./eod-engine.js";
import type { EodPosition } from "./eod-engine.js";
import { DEFAULT_EOD_RULES, eodRulesProblems } from "./eod-rules.js";
import type { EodRules } from "./eod-rules.js";

const LARGE = DEFAULT_EOD_RULES["large-100k"];
const TINY = DEFAULT_EOD_RULES["tiny-1k"];
const EQUITY = 100_000;

/** A swing call on FIXED_DATE (2026-02-10) that passes every overnight criterion of the large tier. */
function option(overrides: Partial<EodPosition> = {}): EodPosition {
  return {
    positionId: "1",
    strategyType: "swing_trade",
    expiration: "2026-02-20",
    qty: 2,
    multiplier: 100,
    mark: 2.5,
    pnlPct: 20,
    theta: -0.05,
    ...overrides,
  };
}

const ctxAt = (hhmm: string, equity = EQUITY) => ({ now: etTime(hhmm), session: REGULAR_SESSION, equity });

describe("eodWindowAt", () => {
  it.each([
    ["14:29", null],
    ["14:30", 0],
    ["14:59", 0],
    ["15:00", 1],
    ["15:30", 2],
    ["15:54", 2],
    ["15:55", 3],
  ])("at %s ET on a 16:00 close the latest window reached is %s", (hhmm, expected) => {
    expect(eodWindowAt(etTime(hhmm), REGULAR_SESSION, LARGE)).toBe(expected);
  });

  it.each([
    ["11:29", null],
    ["11:30", 0],
    ["12:00", 1],
    ["12:30", 2],
    ["12:55", 3],
  ])("on an early-close day (13:00) the windows shift with the calendar: %s ET → %s", (hhmm, expected) => {
    expect(eodWindowAt(etTime(hhmm, EARLY_CLOSE_DATE), EARLY_CLOSE_SESSION, LARGE)).toBe(expected);
  });

  it("reaches no window on a day without a session", () => {
    expect(eodWindowAt(etTime("15:58"), { isTradingDay: false, openAt: null, closeAt: null }, LARGE)).toBeNull();
  });
});

describe("decideEod", () => {
  it("seed 44 (14:30 mass close): options with real DTE and theta are NOT closed at 14:30 — only real losers or real risk are", () => {
    const book = [
      option({ positionId: "swing-winner" }),
      option({ positionId: "swing-flat", pnlPct: 0 }),
      option({ positionId: "day-flat", strategyType: "day_trade", pnlPct: 0 }),
      option({ positionId: "day-loser", strategyType: "day_trade", pnlPct: -25 }),
      option({ positionId: "unknown-theta", theta: null }),
    ];
    const closed = book.filter((p) => decideEod(p, ctxAt("14:30"), LARGE).close).map((p) => p.positionId);
    expect(closed).toEqual(["day-loser"]);
  });

  it("treats a missing theta as unknown: it never forces a close, even two days from expiry", () => {
    const nearExpiry = option({ expiration: "2026-02-12", theta: null, pnlPct: 30 });
    const decision = decideEod(nearExpiry, ctxAt("14:31"), LARGE);
    expect(decision.rule).not.toBe("theta_force_close");
    expect(decision.close).toBe(false);
  });

  it.each<[string, Partial<EodPosition>, string, boolean, string]>([
    // intraday: window thresholds −20 / −10 / 0, final window closes all
    ["day trade −15 % at 14:30", { strategyType: "day_trade", pnlPct: -15 }, "14:30", false, "intraday_ok"],
    ["day trade −15 % at 15:00", { strategyType: "day_trade", pnlPct: -15 }, "15:00", true, "intraday_window"],
    ["day trade −5 % at 15:00", { strategyType: "day_trade", pnlPct: -5 }, "15:00", false, "intraday_ok"],
    ["day trade −5 % at 15:30", { strategyType: "day_trade", pnlPct: -5 }, "15:30", true, "intraday_window"],
    ["day trade +40 % at 15:30", { strategyType: "day_trade", pnlPct: 40 }, "15:30", false, "intraday_ok"],
    ["day trade +40 % at 15:55", { strategyType: "day_trade", pnlPct: 40 }, "15:55", true, "intraday_final"],
    ["gap fade +5 % at 15:55", { strategyType: "gap_fade", pnlPct: 5 }, "15:55", true, "intraday_final"],
    // swing: window 0 holds; window 1 closes on > 1 failure; window 2 on any failure; final unless all pass
    ["swing failing dte+pnl at 14:30", { expiration: "2026-02-12", theta: -0.01, pnlPct: 0 }, "14:30", false, "overnight_criteria"],
    ["swing failing dte+pnl at 15:00", { expiration: "2026-02-12", theta: -0.01, pnlPct: 0 }, "15:00", true, "overnight_criteria"],
    ["swing failing pnl only at 15:00", { pnlPct: 5 }, "15:00", false, "overnight_criteria"],
    ["swing failing pnl only at 15:30", { pnlPct: 5 }, "15:30", true, "overnight_criteria"],
    ["swing failing notional only at 15:30", { qty: 30 }, "15:30", true, "overnight_criteria"],
    ["swing passing all at 15:55", {}, "15:55", false, "overnight_ok"],
    ["adopted (no strategy) passing all at 15:55", { strategyType: null }, "15:55", false, "overnight_ok"],
    ["adopted (no strategy) at +5 % at 15:55", { strategyType: null, pnlPct: 5 }, "15:55", true, "overnight_criteria"],
    // theta force close: DTE ≤ 2 and |theta|/mark > 0.05, whatever the strategy, from the first window
    ["swing 2 DTE, theta score 0.08, at 14:30", { expiration: "2026-02-12", theta: -0.2, pnlPct: 50 }, "14:30", true, "theta_force_close"],
    ["swing 3 DTE, theta score 0.08, at 14:30", { expiration: "2026-02-13", theta: -0.2, pnlPct: 50 }, "14:30", false, "overnight_ok"],
    ["anything before the first window", { strategyType: "day_trade", pnlPct: -50 }, "14:29", false, "before_windows"],
  ])("%s", (_name, overrides, hhmm, shouldClose, rule) => {
    const decision = decideEod(option(overrides), ctxAt(hhmm), LARGE);
    expect([decision.close, decision.rule]).toEqual([shouldClose, rule]);
    if (decision.close) expect(decision.detail).toContain(`eod_rule=${rule}`);
  });

  it("records closes under the table's exit reasons: eod_flat, day_trade_close, theta_decay_risk, expiration_risk", () => {
    expect(decideEod(option({ pnlPct: 5 }), ctxAt("15:30"), LARGE).reason).toBe("eod_flat");
    expect(decideEod(option({ strategyType: "day_trade" }), ctxAt("15:55"), LARGE).reason).toBe("day_trade_close");
    expect(decideEod(option({ expiration: "2026-02-11", theta: -0.5 }), ctxAt("14:30"), LARGE).reason).toBe("theta_decay_risk");
    expect(decideEod(option({ expiration: "2026-02-10" }), ctxAt("15:00"), LARGE).reason).toBe("expiration_risk");
  });

  it.each([
    ["14:59", false],
    ["15:00", true],
    ["15:14", true],
  ])("closes an expiring contract before Alpaca's ~15:15 liquidation: at %s ET close=%s", (hhmm, shouldClose) => {
    // A winning swing contract that would otherwise pass every overnight criterion but DTE.
    const expiring = option({ expiration: "2026-02-10", pnlPct: 60, theta: -0.01 });
    const decision = decideEod(expiring, ctxAt(hhmm), LARGE);
    expect(decision.close && decision.rule === "expiration_day").toBe(shouldClose);
  });

  it("moves the expiration-day cutoff with an early close (12:00 on a 13:00 close)", () => {
    const expiring = option({ expiration: EARLY_CLOSE_DATE, pnlPct: 60, theta: -0.01 });
    const ctx = (hhmm: string) => ({ now: etTime(hhmm, EARLY_CLOSE_DATE), session: EARLY_CLOSE_SESSION, equity: EQUITY });
    expect(decideEod(expiring, ctx("11:59"), LARGE).rule).not.toBe("expiration_day");
    expect(decideEod(expiring, ctx("12:00"), LARGE).rule).toBe("expiration_day");
  });
});

describe("overnightCheck", () => {
  it.each<[string, EodRules, Partial<EodPosition>, number, string[]]>([
    ["large tier, +12 %", LARGE, { pnlPct: 12 }, EQUITY, []],
    ["tiny tier needs +15 %", TINY, { pnlPct: 12 }, EQUITY, ["pnl"]],
    ["high theta raises the bar by 10 points", LARGE, { pnlPct: 12, theta: -0.2 }, EQUITY, ["pnl"]],
    ["notional uses the ×100 multiplier against real equity", LARGE, { qty: 2, mark: 2.5 }, 9_000, ["notional"]],
    ["two days to expiry fails dte", LARGE, { expiration: "2026-02-12", theta: -0.01 }, EQUITY, ["dte"]],
  ])("%s", (_name, rules, overrides, equity, failed) => {
    expect(overnightCheck(option(overrides), ctxAt("15:30", equity), rules).failed).toEqual(failed);
  });

  it("computes DTE from the expiry date and notional in dollars", () => {
    const check = overnightCheck(option({ qty: 3, mark: 1.5 }), ctxAt("15:30"), LARGE);
    expect(check.dte).toBe(10);
    expect(check.notionalUsd).toBeCloseTo(450, 9);
    expect(check.maxNotionalUsd).toBeCloseTo(5_000, 9);
  });
});

describe("thetaScore", () => {
  it("is |theta| per dollar of premium, and unknown without a theta or a mark", () => {
    expect(thetaScore(-0.1, 2)).toBeCloseTo(0.05, 12);
    expect(thetaScore(null, 2)).toBeNull();
    expect(thetaScore(-0.1, 0)).toBeNull();
  });
});

describe("applyOvernightExposureCap", () => {
  it("closes the least profitable holds first until the total is within the cap", () => {
    const holds = [
      { positionId: "a", notionalUsd: 2_000, pnlPct: 30 },
      { positionId: "b", notionalUsd: 2_000, pnlPct: 12 },
      { positionId: "c", notionalUsd: 2_000, pnlPct: 50 },
      { positionId: "d", notionalUsd: 500, pnlPct: 15 },
    ];
    const result = applyOvernightExposureCap(holds, 5_000);
    // 6,500 → closing the weakest (b, 2,000) brings it to 4,500: d (+15 %) is kept.
    expect(result.close).toEqual(["b"]);
    expect(result.keep).toEqual(["a", "c", "d"]);
    const kept = holds.filter((h) => result.keep.includes(h.positionId)).reduce((s, h) => s + h.notionalUsd, 0);
    expect(kept).toBeLessThanOrEqual(5_000);
  });

  it("keeps everything under the cap and closes everything with a zero cap", () => {
    const holds = [{ positionId: "a", notionalUsd: 150, pnlPct: 20 }];
    expect(applyOvernightExposureCap(holds, TINY.overnightExposureCapUsd)).toEqual({ keep: ["a"], close: [] });
    expect(applyOvernightExposureCap(holds, 0)).toEqual({ keep: [], close: ["a"] });
  });
});

describe("eodRulesProblems", () => {
  it("accepts the tier defaults and rejects out-of-order windows, a missing threshold or a cutoff after the liquidation", () => {
    expect(eodRulesProblems(LARGE)).toEqual([]);
    expect(eodRulesProblems(TINY)).toEqual([]);
    expect(eodRulesProblems({ ...LARGE, windowsMinutesBeforeClose: [60, 90, 30, 5] })).not.toEqual([]);
    expect(eodRulesProblems({ ...LARGE, intradayCloseBelowPnlPct: [-20, -10] })).not.toEqual([]);
    expect(eodRulesProblems({ ...LARGE, expirationDayExitMinutesBeforeClose: 30 })).not.toEqual([]);
  });
});

describe("decideEod: earnings and the volatility regime (seed §3.8 item 8, inputs that are real here)", () => {
  const earnings = { symbol: "AAA", reportDate: "2026-02-10", reportTime: "after_close" as const };

  it("closes an option whose underlying reports before the next session, from the first window only", () => {
    expect(decideEod(option({ earnings }), ctxAt("14:29"), LARGE)).toMatchObject({ close: false, rule: "before_windows" });
    expect(decideEod(option({ earnings }), ctxAt("14:30"), LARGE)).toMatchObject({ close: true, reason: "earnings_close", rule: "earnings" });
    expect(decideEod(option({ earnings: null }), ctxAt("14:30"), LARGE)).toMatchObject({ close: false, rule: "overnight_ok" });
    const ignoring: EodRules = { ...LARGE, closeBeforeEarnings: false };
    expect(decideEod(option({ earnings }), ctxAt("14:30"), ignoring)).toMatchObject({ close: false, rule: "overnight_ok" });
  });

  it.each([
    [undefined, false],
    ["normal", false],
    ["high", false],
    ["extreme", true],
    [null, false],
  ] as const)("regime %s → closes every option at the first window: %s", (volatility, closes) => {
    const decision = decideEod(option(), { ...ctxAt("14:30"), volatility }, LARGE);
    expect(decision.close).toBe(closes);
    if (closes) expect(decision).toMatchObject({ reason: "volatility_extreme", rule: "volatility_regime" });
  });

  it("raises the overnight P&L bar (elevated ×1.5, high ×2) and halves the notional limit when high", () => {
    // Large tier: bar 10 %, notional limit 5 % of $100,000 = $5,000; theta −0.05 on a 2.50 mark scores 0.02 (below 0.05).
    const at = (volatility: "normal" | "elevated" | "high" | null | undefined) => overnightCheck(option(), { ...ctxAt("15:00"), volatility }, LARGE);
    expect(at(undefined)).toMatchObject({ volatility: null, pnlBarPct: 10, maxNotionalUsd: 5_000 });
    expect(at("normal")).toMatchObject({ volatility: "normal", pnlBarPct: 10, maxNotionalUsd: 5_000 });
    expect(at("elevated")).toMatchObject({ volatility: "elevated", pnlBarPct: 15, maxNotionalUsd: 5_000 });
    expect(at("high")).toMatchObject({ volatility: "high", pnlBarPct: 20, maxNotionalUsd: 2_500 });
    // A configured source without a reading counts as elevated.
    expect(at(null)).toMatchObject({ volatility: "elevated", pnlBarPct: 15 });
  });

  it("a swing option at +18 % is carried in a normal regime and closed at the second window when volatility is high", () => {
    const winner = option({ pnlPct: 18 });
    expect(decideEod(winner, { ...ctxAt("15:30"), volatility: "normal" }, LARGE)).toMatchObject({ close: false, rule: "overnight_ok" });
    expect(decideEod(winner, { ...ctxAt("15:30"), volatility: "high" }, LARGE)).toMatchObject({ close: true, reason: "eod_flat", rule: "overnight_criteria" });
  });

  it("refuses volatility settings that would loosen the overnight criteria", () => {
    const loose: EodRules = { ...LARGE, volatility: { ...LARGE.volatility, overnightPnlBarMultiplier: { high: 0.5 }, overnightNotionalDivisor: { high: 0.5 } } };
    expect(eodRulesProblems(loose)).toEqual([
      expect.stringContaining("overnightPnlBarMultiplier.high"),
      expect.stringContaining("overnightNotionalDivisor.high"),
    ]);
  });
});

import { describe, expect, it } from "vitest";
import type { ExitReason } from "../domain/vocabulary.js";
import { makePosition } from "../testing/builders.js";
import {
  CLOSED_SESSION,
  EARLY_CLOSE_DATE,
  EARLY_CLOSE_SESSION,
  etTime,
  FIXED_DATE,
  FIXED_NOW,
  HOLIDAY_DATE,
  minutesAfter,
  REGULAR_SESSION,
  sessionOn,
} from "../testing/fixed-times.js";
import { decideExit } from "./decide-exit.js";
import type { ExitDecision } from "./decide-exit.js";
import type { Position } from "./position.js";

const ENTRY = 2.5;
const ctx = { session: REGULAR_SESSION };

/** Mark at a given premium P&L % on the default $2.50 entry. */
const at = (pct: number): number => ENTRY * (1 + pct / 100);

/** A swing call far from expiry, held one hour: only the premium and trailing rules can fire. */
function swingCall(overrides: Partial<Position> = {}): Position {
  return makePosition({
    strategyType: "swing_trade",
    symbol: "SPY260306C00600000",
    expiration: "2026-03-06",
    strike: 600,
    entryPrice: ENTRY,
    ...overrides,
  });
}

function dayCall(overrides: Partial<Position> = {}): Position {
  return makePosition({ strategyType: "day_trade", entryPrice: ENTRY, entryAt: etTime("10:00"), ...overrides });
}

function reasonOf(decision: ExitDecision): ExitReason | null {
  return decision.exit ? decision.reason : null;
}

describe("decideExit — options exit on premium only", () => {
  it.each([
    ["takes profit at +80 %", 80, "option_profit_target"],
    ["holds at +79 %", 79, null],
    ["stops out at −60 %", -60, "option_stop_loss"],
    ["holds at −59 %", -59, null],
  ] as const)("%s after the minimum hold", (_label, pct, reason) => {
    expect(reasonOf(decideExit(swingCall(), at(pct), FIXED_NOW, ctx))).toBe(reason);
  });

  it.each([
    ["does not take a +85 % profit in the first 30 minutes", 85, null],
    ["holds a −55 % loss in the first 30 minutes (only the bypass is open, the −60 % stop is not hit)", -55, null],
    ["stops a collapsing −65 % contract even inside the minimum hold", -65, "option_stop_loss"],
  ] as const)("%s (seed 38: options closed in 1–2 minutes)", (_label, pct, reason) => {
    const young = swingCall({ entryAt: minutesAfter(FIXED_NOW, -10) });
    expect(reasonOf(decideExit(young, at(pct), FIXED_NOW, ctx))).toBe(reason);
  });

  it("ignores underlying-level stop and target stored on an option row (one exit policy per instrument)", () => {
    const withUnderlyingLevels = swingCall({ stopPrice: 595, targetPrice: 610 });
    expect(decideExit(withUnderlyingLevels, at(4), FIXED_NOW, ctx).exit).toBe(false);
  });
});

describe("decideExit — trailing stop (seed 39: give back at most a quarter of the gain)", () => {
  it("closes a winner that peaked at +40 % near +30 %, not after giving it back to +3–5 %", () => {
    const peaked = swingCall({ peakPrice: at(40) });
    expect(decideExit(peaked, at(31), FIXED_NOW, ctx).exit).toBe(false);
    const decision = decideExit(peaked, at(29.5), FIXED_NOW, ctx);
    expect(decision).toMatchObject({ exit: true, reason: "trailing_stop", priority: 1 });
  });

  it("does not trail on noise below the +10 % arming gain", () => {
    const small = swingCall({ peakPrice: at(8) });
    expect(decideExit(small, at(1), FIXED_NOW, ctx).exit).toBe(false);
  });

  it("does not arm before the minimum hold", () => {
    const young = swingCall({ entryAt: minutesAfter(FIXED_NOW, -10), peakPrice: at(40) });
    expect(decideExit(young, at(20), FIXED_NOW, ctx).exit).toBe(false);
  });

  it("never loosens a trail once set", () => {
    const tight = swingCall({ peakPrice: at(40), trailingStopPrice: at(35) });
    const decision = decideExit(tight, at(34), FIXED_NOW, ctx);
    expect(decision).toMatchObject({ exit: true, reason: "trailing_stop" });
    expect(decision.updates.trailingStopPrice).toBe(at(35));
  });

  it("raises peak and trail as the mark makes new highs", () => {
    const decision = decideExit(swingCall({ peakPrice: at(20) }), at(50), FIXED_NOW, ctx);
    expect(decision.exit).toBe(false);
    expect(decision.updates.peakPrice).toBe(at(50));
    expect(decision.updates.trailingStopPrice).toBeCloseTo(at(37.5), 9);
  });
});

describe("decideExit — theta rule scaled to tenor (seed 41)", () => {
  it.each([
    ["DTE 1 below +10 %", "theta_decay_risk", "2026-02-11", 5],
    ["DTE 1 at +15 %", null, "2026-02-11", 15],
    ["DTE 2 below 0 %", "theta_decay_risk", "2026-02-12", -5],
    ["DTE 2 at +5 %", null, "2026-02-12", 5],
    ["a weekly at DTE 5 and −20 % (the seed's ≤ 7 DTE rule closed these)", null, "2026-02-15", -20],
  ] as const)("swing option: %s → %s", (_label, reason, expiration, pct) => {
    const position = swingCall({ expiration, symbol: `SPY${expiration.slice(2).replace(/-/g, "")}C00600000` });
    expect(reasonOf(decideExit(position, at(pct), FIXED_NOW, ctx))).toBe(reason);
  });

  it("reads the expiry from the OCC symbol when the row lacks it (seed 44: missing DTE read as 0)", () => {
    const noExpiry = swingCall({ expiration: null });
    expect(decideExit(noExpiry, at(5), FIXED_NOW, ctx).exit).toBe(false);
  });

  it.each(["14:30", "15:00", "15:30", "15:56"])(
    "does not close a healthy 3-week swing option at %s (seed 44: every option closed from 14:30)",
    (hhmm) => {
      expect(decideExit(swingCall(), at(5), etTime(hhmm), ctx).exit).toBe(false);
    },
  );
});

describe("decideExit — expiration_risk from the real expiry date", () => {
  const expiringTomorrow = swingCall({ expiration: "2026-02-11", symbol: "SPY260211C00600000" });

  it("holds a profitable option more than 24 h before its 16:00 ET expiry", () => {
    expect(decideExit(expiringTomorrow, at(20), etTime("15:30"), ctx).exit).toBe(false);
  });

  it("exits once the expiry is within 24 hours", () => {
    const now = etTime("10:00", "2026-02-11");
    const decision = decideExit(expiringTomorrow, at(20), now, { session: sessionOn("2026-02-11") });
    expect(decision).toMatchObject({ exit: true, reason: "expiration_risk", priority: 2 });
  });
});

describe("decideExit — intraday clock rules", () => {
  it.each([
    ["15:54", null],
    ["15:55", "day_trade_close"],
    ["15:59", "day_trade_close"],
  ] as const)("a day-trade option at %s ET → %s", (hhmm, reason) => {
    expect(reasonOf(decideExit(dayCall(), at(5), etTime(hhmm), ctx))).toBe(reason);
  });

  it("flattens 5 minutes before an early close (12:55 ET on a 13:00 close)", () => {
    const position = dayCall({ entryAt: etTime("09:40", EARLY_CLOSE_DATE), expiration: "2025-11-28", symbol: "SPY251128C00600000" });
    const early = { session: EARLY_CLOSE_SESSION };
    expect(decideExit(position, at(5), etTime("12:54", EARLY_CLOSE_DATE), early).exit).toBe(false);
    expect(reasonOf(decideExit(position, at(5), etTime("12:55", EARLY_CLOSE_DATE), early))).toBe("day_trade_close");
  });

  it("closes a day trade carried overnight at the next open", () => {
    const carried = dayCall({ entryAt: etTime("15:00", "2026-02-09") });
    expect(reasonOf(decideExit(carried, at(5), etTime("09:31"), ctx))).toBe("day_trade_close");
  });

  it.each([
    ["14:29", -25, null],
    ["14:30", -25, "eod_flat"],
    ["14:30", -15, null],
    ["15:00", -15, "eod_flat"],
    ["15:00", -5, null],
    ["15:30", -1, "eod_flat"],
    ["15:30", 2, null],
  ] as const)("de-risks day-trade options before the close: %s ET at %d %% → %s", (hhmm, pct, reason) => {
    expect(reasonOf(decideExit(dayCall(), at(pct), etTime(hhmm), ctx))).toBe(reason);
  });

  it("flattens a day-trade stock too", () => {
    const stock = makePosition({ instrumentType: "STOCK", strategyType: "day_trade", entryAt: etTime("10:00") });
    expect(reasonOf(decideExit(stock, 100.5, etTime("15:56"), ctx))).toBe("day_trade_close");
  });

  it("exempts day-trade options from the theta and expiry rules they are designed around (0–1 DTE)", () => {
    const zeroDte = dayCall({ expiration: FIXED_DATE, symbol: "SPY260210C00609000" });
    expect(decideExit(zeroDte, at(2), etTime("11:00"), ctx).exit).toBe(false);
  });
});

describe("decideExit — gap fade exits (seed 51: specified, never built)", () => {
  const gapPut = (overrides: Partial<Position> = {}): Position =>
    dayCall({ strategyType: "gap_fade", entryAt: etTime("09:45"), ...overrides });

  it.each([
    ["+40 %", "option_profit_target", 40, "10:30"],
    ["−30 %", "option_stop_loss", -30, "10:30"],
    ["+5 % after 90 minutes", "max_hold_time", 5, "11:15"],
    ["+5 % after 60 minutes", null, 5, "10:45"],
  ] as const)("%s → %s", (_label, reason, pct, hhmm) => {
    expect(reasonOf(decideExit(gapPut(), at(pct), etTime(hhmm), ctx))).toBe(reason);
  });
});

describe("decideExit — max hold", () => {
  it("closes a day trade after 360 minutes", () => {
    const decision = decideExit(dayCall({ entryAt: etTime("09:30") }), at(5), etTime("15:30"), ctx);
    expect(decision).toMatchObject({ exit: true, reason: "max_hold_time", priority: 3 });
  });

  it("honours a per-position max hold", () => {
    const position = swingCall({ maxHoldMinutes: 45 });
    expect(reasonOf(decideExit(position, at(5), FIXED_NOW, ctx))).toBe("max_hold_time");
  });
});

describe("decideExit — stocks use stop and target, nothing else", () => {
  const stock = (o: Partial<Position> = {}): Position => makePosition({ instrumentType: "STOCK", ...o });

  it.each([
    [97.9, "stop_loss"],
    [98, "stop_loss"],
    [98.1, null],
    [102.9, null],
    [103, "take_profit"],
  ] as const)("long at $100 (stop $98, target $103) marked $%d → %s", (mark, reason) => {
    expect(reasonOf(decideExit(stock(), mark, FIXED_NOW, ctx))).toBe(reason);
  });

  it("never closes a healthy stock just because it has no broker bracket orders (seed latent: missing_brackets)", () => {
    expect(decideExit(stock({ entryAt: minutesAfter(FIXED_NOW, -1) }), 100.2, FIXED_NOW, ctx).exit).toBe(false);
  });

  it("falls back to the policy's −2 % / +3 % without a stored stop and target", () => {
    const bare = stock({ stopPrice: null, targetPrice: null });
    expect(reasonOf(decideExit(bare, 97.99, FIXED_NOW, ctx))).toBe("stop_loss");
    expect(reasonOf(decideExit(bare, 103.01, FIXED_NOW, ctx))).toBe("take_profit");
  });

  it("inverts stop and target for a short", () => {
    const short = stock({ side: "short", stopPrice: 102, targetPrice: 97 });
    expect(reasonOf(decideExit(short, 102.5, FIXED_NOW, ctx))).toBe("stop_loss");
    expect(reasonOf(decideExit(short, 96.5, FIXED_NOW, ctx))).toBe("take_profit");
    expect(decideExit(short, 99, FIXED_NOW, ctx).updates.pnlPct).toBeCloseTo(1, 9);
  });
});

describe("decideExit — when nothing may be decided", () => {
  it.each([
    ["on a holiday", etTime("11:00", HOLIDAY_DATE), CLOSED_SESSION],
    ["before the open", etTime("09:00"), REGULAR_SESSION],
    ["after the close", etTime("16:30"), REGULAR_SESSION],
  ])("does not exit %s, even at −90 %%", (_label, now, session) => {
    const decision = decideExit(swingCall(), at(-90), now, { session });
    expect(decision).toMatchObject({ exit: false, hold: "market_closed" });
  });

  it.each([0, -1, Number.NaN])("does not exit without a usable mark (%d)", (mark) => {
    expect(decideExit(swingCall(), mark, FIXED_NOW, ctx)).toMatchObject({ exit: false, hold: "no_mark" });
  });

  it("does not re-trigger a position that is already closing", () => {
    expect(decideExit(swingCall({ status: "closing" }), at(-90), FIXED_NOW, ctx)).toMatchObject({
      exit: false,
      hold: "not_open",
    });
  });
});

describe("decideExit — priority and running stats", () => {
  it("acts on price protection before the clock and reports every trigger", () => {
    const decision = decideExit(dayCall(), at(85), etTime("15:56"), ctx);
    expect(decision).toMatchObject({ exit: true, reason: "option_profit_target", priority: 1 });
    if (decision.exit) expect(decision.triggers.map((t) => t.reason)).toEqual(["option_profit_target", "day_trade_close"]);
  });

  it.each([
    [10, 20, -5],
    [-10, 20, -10],
    [25, 25, -5],
  ])("at %d %% with MFE 20 / MAE −5 records MFE %d and MAE %d", (pct, mfe, mae) => {
    const decision = decideExit(swingCall({ mfePct: 20, maePct: -5 }), at(pct), FIXED_NOW, ctx);
    expect(decision.updates.mfePct).toBeCloseTo(mfe, 9);
    expect(decision.updates.maePct).toBeCloseTo(mae, 9);
  });
});

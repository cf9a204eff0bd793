import { describe, expect, it } from "vitest";
import { FIXED_NOW, minutesAfter } from "../testing/fixed-times.js";
import { DEFAULT_ACCOUNT_RISK } from "./account-risk-config.js";
import { evaluateProtections } from "./evaluate-protections.js";
import type { ClosedTrade, ProtectionHistory } from "./evaluate-protections.js";
import { liftLock } from "./risk-lock.js";
import type { AccountRiskStatus } from "./risk-mode.js";

const large = DEFAULT_ACCOUNT_RISK["large-100k"];
const tiny = DEFAULT_ACCOUNT_RISK["tiny-1k"];
const now = FIXED_NOW;
const nextOpen = minutesAfter(now, 23 * 60);
const active: AccountRiskStatus = { mode: "ACTIVE", reason: null, since: minutesAfter(now, -120), until: null, setBy: "ops" };

function history(overrides: Partial<ProtectionHistory> = {}): ProtectionHistory {
  return {
    accountId: "large-100k",
    status: active,
    closedTrades: [],
    realizedPnlTodayUsd: 0,
    unrealizedPnlUsd: 0,
    dayPeakEquityUsd: 100_000,
    equityUsd: 100_000,
    nextSessionOpenAt: nextOpen,
    locks: [],
    ...overrides,
  };
}

function trade(minutesAgo: number, overrides: Partial<ClosedTrade> = {}): ClosedTrade {
  return {
    accountId: "large-100k",
    underlying: "SPY",
    closedAt: minutesAfter(now, -minutesAgo),
    realizedPnlUsd: -50,
    exitReason: "stop_loss",
    ...overrides,
  };
}

describe("evaluateProtections: daily loss → REDUCING until the next session", () => {
  it.each([
    // realized, unrealized, expected mode ($500 limit on large-100k)
    [-300, -199.99, "ACTIVE"],
    [-300, -200, "REDUCING"],
    [-600, 150, "ACTIVE"],
    [100, -600, "REDUCING"],
  ] as const)("realized %d + unrealized %d → %s", (realized, unrealized, mode) => {
    const out = evaluateProtections(history({ realizedPnlTodayUsd: realized, unrealizedPnlUsd: unrealized }), now, large);
    expect(out.status.mode).toBe(mode);
    if (mode === "REDUCING") expect(out.status).toMatchObject({ until: nextOpen, setBy: "auto" });
  });

  it("uses the tiny account's own $100 limit", () => {
    const out = evaluateProtections(history({ accountId: "tiny-1k", realizedPnlTodayUsd: -100, dayPeakEquityUsd: 1_000, equityUsd: 900 }), now, tiny);
    expect(out.status.mode).toBe("REDUCING");
  });

  it("lapses an automatic REDUCING when the next session opens, not before", () => {
    const reducing: AccountRiskStatus = { mode: "REDUCING", reason: "loss", since: minutesAfter(now, -60), until: now, setBy: "auto" };
    expect(evaluateProtections(history({ status: reducing }), now, large).status.mode).toBe("ACTIVE");
    expect(evaluateProtections(history({ status: reducing }), minutesAfter(now, -1), large).status.mode).toBe("REDUCING");
  });

  it("keeps a REDUCING set by ops: it has no expiry", () => {
    const byOps: AccountRiskStatus = { mode: "REDUCING", reason: "ops", since: minutesAfter(now, -60), until: null, setBy: "ops" };
    const out = evaluateProtections(history({ status: byOps }), minutesAfter(now, 3 * 24 * 60), large);
    expect(out.status).toBe(byOps);
    expect(out.transitions).toEqual([]);
  });
});

describe("evaluateProtections: drawdown from the day's peak → HALTED", () => {
  it.each([
    // peak, equity, expected (large: 1.5 %)
    [102_000, 100_470.01, "ACTIVE"],
    [102_000, 100_470, "HALTED"],
    [100_000, 101_000, "ACTIVE"],
  ] as const)("peak %d, equity %d → %s", (peak, equity, mode) => {
    expect(evaluateProtections(history({ dayPeakEquityUsd: peak, equityUsd: equity }), now, large).status.mode).toBe(mode);
  });

  it("halts on drawdown even when the daily loss limit is hit too (the harder stop wins)", () => {
    const out = evaluateProtections(
      history({ realizedPnlTodayUsd: -1_600, dayPeakEquityUsd: 100_000, equityUsd: 98_400 }),
      now,
      large,
    );
    expect(out.status.mode).toBe("HALTED");
    expect(out.transitions.map((t) => t.event)).toEqual(["DRAWDOWN_LIMIT"]);
  });

  it("never resumes a HALTED account, whatever the numbers", () => {
    const halted: AccountRiskStatus = { mode: "HALTED", reason: "ops", since: now, until: null, setBy: "ops" };
    expect(evaluateProtections(history({ status: halted }), now, large).status).toBe(halted);
  });

  it("reports unusable equity instead of guessing", () => {
    const out = evaluateProtections(history({ equityUsd: Number.NaN }), now, large);
    expect(out.status.mode).toBe("ACTIVE");
    expect(out.problems).toHaveLength(1);
  });
});

describe("evaluateProtections: StoplossGuard and ticker locks", () => {
  it("locks the account after 3 stop-loss exits within 60 minutes, for 60 minutes from the last", () => {
    const trades = [trade(50, { underlying: "AAA" }), trade(30, { underlying: "BBB" }), trade(10, { underlying: "CCC", realizedPnlUsd: 5 })];
    const out = evaluateProtections(history({ closedTrades: trades }), now, large);
    expect(out.newLocks).toContainEqual({
      accountId: "large-100k",
      symbol: null,
      reason: "stoploss_guard",
      lockedAt: minutesAfter(now, -10),
      lockedUntil: minutesAfter(now, 50),
    });
  });

  it("does not count stops outside the window or other exit reasons", () => {
    const trades = [trade(61), trade(30), trade(10), trade(5, { exitReason: "take_profit" })];
    const out = evaluateProtections(history({ closedTrades: trades }), now, large);
    expect(out.newLocks.filter((l) => l.symbol === null)).toEqual([]);
  });

  it("locks an underlying for 30 minutes after a losing exit, and not after a win", () => {
    const trades = [trade(20, { underlying: "QQQ", exitReason: "time_exit" }), trade(5, { underlying: "IWM", realizedPnlUsd: 12 })];
    const out = evaluateProtections(history({ closedTrades: trades }), now, large);
    expect(out.newLocks).toEqual([
      { accountId: "large-100k", symbol: "QQQ", reason: "losing_exit", lockedAt: minutesAfter(now, -20), lockedUntil: minutesAfter(now, 10) },
    ]);
    expect(evaluateProtections(history({ closedTrades: trades }), minutesAfter(now, 10), large).newLocks).toEqual([]);
  });

  it("does not re-create a lock that exists, nor one ops lifted", () => {
    const trades = [trade(20, { underlying: "QQQ" })];
    const first = evaluateProtections(history({ closedTrades: trades }), now, large);
    const lifted = first.newLocks.map((l) => liftLock(l, now));
    const again = evaluateProtections(history({ closedTrades: trades, locks: lifted }), minutesAfter(now, 1), large);
    expect(again.newLocks).toEqual([]);
    expect(again.activeLocks).toEqual([]);
  });

  it("is deterministic: the same history gives the same outcome", () => {
    const h = history({ closedTrades: [trade(50), trade(30), trade(10)], realizedPnlTodayUsd: -700 });
    expect(evaluateProtections(h, now, large)).toEqual(evaluateProtections(h, now, large));
  });
});

describe("account isolation (seed 46)", () => {
  it("account A's stop-loss exits and losses lock A only, never B", () => {
    const aTrades = [trade(50), trade(30), trade(10)];
    const forA = evaluateProtections(history({ closedTrades: aTrades }), now, large);
    const forB = evaluateProtections(
      history({ accountId: "tiny-1k", closedTrades: aTrades, dayPeakEquityUsd: 1_000, equityUsd: 1_000 }),
      now,
      tiny,
    );
    expect(forA.activeLocks.length).toBeGreaterThan(0);
    expect(forB.newLocks).toEqual([]);
    expect(forB.activeLocks).toEqual([]);
    // A lock row of A handed to B's evaluation does not block B either.
    const withALocks = evaluateProtections(
      history({ accountId: "tiny-1k", locks: forA.newLocks, dayPeakEquityUsd: 1_000, equityUsd: 1_000 }),
      now,
      tiny,
    );
    expect(withALocks.activeLocks).toEqual([]);
  });
});

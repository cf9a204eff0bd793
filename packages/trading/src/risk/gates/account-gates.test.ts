import { describe, expect, it } from "vitest";
import { makeGateInput, makePosition } from "../../testing/builders.js";
import { FIXED_NOW, minutesAfter } from "../../testing/fixed-times.js";
import { DEFAULT_ACCOUNT_RISK } from "../account-risk-config.js";
import type { AccountPosition } from "../gate-input.js";
import { checkDailyLossLimit } from "./check-daily-loss-limit.js";
import { checkDuplicatePosition } from "./check-duplicate-position.js";
import { checkLossStreak } from "./check-loss-streak.js";
import { checkMaxExposure } from "./check-max-exposure.js";
import { checkMaxPositions } from "./check-max-positions.js";
import { checkTickerCooldown } from "./check-ticker-cooldown.js";
import { checkTickerDailyLimit } from "./check-ticker-daily-limit.js";
import { checkTradingEnabled } from "./check-trading-enabled.js";

const large = DEFAULT_ACCOUNT_RISK["large-100k"];
const tiny = DEFAULT_ACCOUNT_RISK["tiny-1k"];

function option(symbol: string, underlying: string, qty = 1, entryPrice = 2): AccountPosition {
  return makePosition({ symbol, underlying, qty, entryPrice });
}

function openOptions(count: number): AccountPosition[] {
  return Array.from({ length: count }, (_, i) => option(`T${i}260220C00100000`, `T${i}`));
}

describe("trading_enabled (kill switch)", () => {
  it.each([
    ["a missing risk_state row", null, "RISK_STATE_MISSING"],
    ["trading disabled by the operator", { tradingEnabled: false, halted: false, haltReason: "ops" }, "TRADING_DISABLED"],
    ["an automatic halt", { tradingEnabled: true, halted: true, haltReason: "drawdown" }, "TRADING_HALTED"],
  ] as const)("denies on %s", (_label, riskState, code) => {
    expect(checkTradingEnabled(makeGateInput({ riskState }), large)).toMatchObject({ ok: false, code });
  });

  it("allows entries when enabled and not halted", () => {
    expect(checkTradingEnabled(makeGateInput(), large)).toEqual({ ok: true, value: "ACTIVE", threshold: "ACTIVE" });
  });
});

describe("daily_loss_limit (seed 45: the limit read a hard-coded 0)", () => {
  it.each([
    ["realized loss reaches the limit", false, -500, 0],
    ["realized plus unrealized loss reaches the limit", false, -300, -200],
    ["loss is just under the limit", true, -499.99, 0],
    ["the day is profitable", true, 250, -100],
  ])("large-100k: %s → ok=%s", (_label, ok, realized, unrealized) => {
    const input = makeGateInput({ account: { realizedPnlTodayUsd: realized, unrealizedPnlUsd: unrealized } });
    expect(checkDailyLossLimit(input, large).ok).toBe(ok);
  });

  it("uses the tiny account's own $100 limit", () => {
    const input = makeGateInput({ accountId: "tiny-1k", account: { realizedPnlTodayUsd: -100 } });
    expect(checkDailyLossLimit(input, tiny)).toMatchObject({ ok: false, code: "DAILY_LOSS_LIMIT" });
    expect(checkDailyLossLimit(input, large).ok).toBe(true);
  });

  it("fails closed when P&L is not a number", () => {
    const input = makeGateInput({ account: { realizedPnlTodayUsd: Number.NaN } });
    expect(checkDailyLossLimit(input, large)).toMatchObject({ ok: false, code: "INVALID_INPUT" });
  });
});

describe("loss_streak", () => {
  it.each([
    [0, true],
    [2, true],
    [3, false],
    [7, false],
  ])("with %i consecutive losses → ok=%s", (lossStreak, ok) => {
    expect(checkLossStreak(makeGateInput({ account: { lossStreak } }), large).ok).toBe(ok);
  });
});

describe("max_positions (seed 31: counted with real rows of this account)", () => {
  it.each([
    ["large-100k", 4, true, large],
    ["large-100k", 5, false, large],
    ["tiny-1k", 1, true, tiny],
    ["tiny-1k", 2, false, tiny],
  ] as const)("%s with %i live positions → ok=%s", (_id, count, ok, cfg) => {
    const result = checkMaxPositions(makeGateInput({ account: { positions: openOptions(count) } }), cfg);
    expect(result.ok).toBe(ok);
    if (!ok) expect(result).toMatchObject({ code: "MAX_POSITIONS" });
  });

  it("denies when open positions reach the account limit, counting closing rows too", () => {
    const positions = [
      ...openOptions(4),
      { ...option("Z260220C00100000", "Z"), status: "closing" as const },
    ];
    expect(checkMaxPositions(makeGateInput({ account: { positions } }), large)).toMatchObject({
      ok: false,
      code: "MAX_POSITIONS",
    });
  });

  it("ignores closed rows", () => {
    const positions = openOptions(5).map((p) => ({ ...p, status: "closed" as const }));
    expect(checkMaxPositions(makeGateInput({ account: { positions } }), large).ok).toBe(true);
  });

  it("lets a SELL_STOCK that reduces a held long through even at the limit", () => {
    const long = makePosition({ instrumentType: "STOCK", underlying: "F", symbol: "F", qty: 10, entryPrice: 12 });
    const input = makeGateInput({
      accountId: "tiny-1k",
      rec: { symbol: "F", action: "SELL_STOCK", instrumentType: "STOCK" },
      account: { positions: [long, ...openOptions(1)] },
    });
    expect(checkMaxPositions(input, tiny).ok).toBe(true);
  });
});

describe("max_exposure (seed 45: options exposure includes the ×100 multiplier)", () => {
  it("counts an option contract at premium × 100", () => {
    // 2 contracts at $25.00 = $5,000 committed, over the $1,500 cap; without ×100 it would read $50.
    const positions = [option("SPY260220C00600000", "SPY", 2, 25)];
    const input = makeGateInput({ accountId: "tiny-1k", account: { positions } });
    expect(checkMaxExposure(input, tiny)).toMatchObject({ ok: false, code: "MAX_EXPOSURE" });
  });

  it.each([
    ["under the cap", true, 9_999],
    ["at the cap", false, 10_000],
    ["over the cap", false, 12_000],
  ])("large-100k exposure %s → ok=%s", (_label, ok, usd) => {
    // One stock position worth exactly `usd`.
    const stock = makePosition({ instrumentType: "STOCK", symbol: "IBM", underlying: "IBM", qty: 1, entryPrice: usd });
    expect(checkMaxExposure(makeGateInput({ account: { positions: [stock] } }), large).ok).toBe(ok);
  });

  it("fails closed on an option row carrying multiplier 1", () => {
    const broken = { ...option("SPY260220C00600000", "SPY"), multiplier: 1 };
    expect(checkMaxExposure(makeGateInput({ account: { positions: [broken] } }), large)).toMatchObject({
      ok: false,
      code: "INVALID_INPUT",
    });
  });
});

describe("duplicate_position (seed 45: the gate never received positions)", () => {
  it("denies a second call on an underlying already held as a call", () => {
    const input = makeGateInput({ account: { positions: [option("SPY260220C00600000", "SPY")] } });
    expect(checkDuplicatePosition(input, large)).toMatchObject({ ok: false, code: "DUPLICATE_POSITION" });
  });

  it("denies while the held position is still closing", () => {
    const closing = { ...option("SPY260220C00600000", "SPY"), status: "closing" as const };
    expect(checkDuplicatePosition(makeGateInput({ account: { positions: [closing] } }), large).ok).toBe(false);
  });

  it.each([
    ["a call on another underlying", option("QQQ260220C00500000", "QQQ")],
    ["a put on the same underlying", { ...option("SPY260220P00600000", "SPY"), instrumentType: "PUT" as const }],
    ["a closed call on the same underlying", { ...option("SPY260220C00600000", "SPY"), status: "closed" as const }],
  ])("allows a call when the account holds %s", (_label, held) => {
    expect(checkDuplicatePosition(makeGateInput({ account: { positions: [held] } }), large).ok).toBe(true);
  });
});

describe("ticker_daily_limit and ticker_cooldown (seed 46: counted per account)", () => {
  it.each([
    [0, true],
    [1, true],
    [2, false],
  ])("with %i entries today in the symbol → ok=%s", (tradesTodayForSymbol, ok) => {
    expect(checkTickerDailyLimit(makeGateInput({ account: { tradesTodayForSymbol } }), large).ok).toBe(ok);
  });

  it.each([
    ["no earlier entry", true, null],
    ["an entry 5 minutes ago", false, minutesAfter(FIXED_NOW, -5)],
    ["an entry 14.9 minutes ago", false, minutesAfter(FIXED_NOW, -14.9)],
    ["an entry exactly 15 minutes ago", true, minutesAfter(FIXED_NOW, -15)],
    ["an entry an hour ago", true, minutesAfter(FIXED_NOW, -60)],
  ])("cooldown with %s → ok=%s", (_label, ok, lastEntryAtForSymbol) => {
    expect(checkTickerCooldown(makeGateInput({ account: { lastEntryAtForSymbol } }), large).ok).toBe(ok);
  });

  it("fails closed on an unreadable last-entry time (the seed let it pass)", () => {
    const input = makeGateInput({ account: { lastEntryAtForSymbol: new Date(Number.NaN) } });
    expect(checkTickerCooldown(input, large)).toMatchObject({ ok: false, code: "INVALID_INPUT" });
  });
});

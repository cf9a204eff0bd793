import { describe, expect, it } from "vitest";
import { makeGateInput, makePosition } from "../../testing/builders.js";
import { FIXED_NOW, minutesAfter, secondsBefore } from "../../testing/fixed-times.js";
import { DEFAULT_ACCOUNT_RISK } from "../account-risk-config.js";
import { evaluateGates } from "../evaluate-gates.js";
import type { RiskLock } from "../risk-lock.js";
import { checkLocks } from "./check-locks.js";
import { checkPositionManagerAlive } from "./check-position-manager-alive.js";
import { checkTradingEnabled } from "./check-trading-enabled.js";
import { checkVolatilityRegime } from "./check-volatility-regime.js";

const large = DEFAULT_ACCOUNT_RISK["large-100k"];
const tiny = DEFAULT_ACCOUNT_RISK["tiny-1k"];
const enabled = { tradingEnabled: true, halted: false, haltReason: null } as const;

describe("trading_enabled with risk modes", () => {
  it("denies every entry in HALTED even if the enabled flag says otherwise", () => {
    const out = checkTradingEnabled(makeGateInput({ riskState: { ...enabled, mode: "HALTED" } }), large);
    expect(out).toMatchObject({ ok: false, code: "TRADING_HALTED", value: "HALTED", threshold: "ACTIVE" });
  });

  it("denies entries in REDUCING", () => {
    const out = checkTradingEnabled(makeGateInput({ riskState: { ...enabled, mode: "REDUCING", haltReason: "daily loss" } }), large);
    expect(out).toMatchObject({ ok: false, code: "TRADING_REDUCING", value: "REDUCING" });
  });

  it("lets REDUCING sell a held long (it only shrinks risk)", () => {
    const input = makeGateInput({
      accountId: "tiny-1k",
      riskState: { ...enabled, mode: "REDUCING" },
      rec: { action: "SELL_STOCK", instrumentType: "STOCK", symbol: "SPY" },
      account: { positions: [makePosition({ instrumentType: "STOCK", underlying: "SPY" })] },
    });
    expect(checkTradingEnabled(input, tiny).ok).toBe(true);
  });
});

describe("position_manager_alive", () => {
  it.each([
    [60, true],
    [180, true],
    [181, false],
  ] as const)("heartbeat %i s old → pass=%s (max 180 s)", (age, ok) => {
    const out = checkPositionManagerAlive(makeGateInput({ positionManagerHeartbeatAt: secondsBefore(FIXED_NOW, age) }), large);
    expect(out).toMatchObject({ ok, value: age, threshold: 180 });
  });

  it("denies when no position manager ever beat for this account", () => {
    expect(checkPositionManagerAlive(makeGateInput({ positionManagerHeartbeatAt: null }), large)).toMatchObject({
      ok: false,
      code: "POSITION_MANAGER_DOWN",
    });
  });

  it("passes flagged when the caller does not supply a heartbeat yet", () => {
    expect(checkPositionManagerAlive(makeGateInput(), large)).toMatchObject({ ok: true, flag: "not_supplied" });
  });
});

describe("volatility_regime", () => {
  const reading = (regime: "normal" | "high" | "extreme") => ({ regime, level: 0, source: "VIXY bars", asOf: FIXED_NOW });

  it.each([
    ["normal", true],
    ["high", true],
    ["extreme", false],
  ] as const)("regime %s → pass=%s (seed: block only at extreme)", (regime, ok) => {
    expect(checkVolatilityRegime(makeGateInput({ volatility: reading(regime) }), large)).toMatchObject({ ok, value: regime, threshold: "extreme" });
  });

  it("passes without a reading but says so", () => {
    const evaluation = evaluateGates(makeGateInput({ volatility: null }), large);
    expect(evaluation.passed).toBe(true);
    expect(evaluation.flagged).toContainEqual(expect.objectContaining({ gate: "volatility_regime", flag: "no_reading" }));
  });
});

describe("risk_locks", () => {
  const lock = (overrides: Partial<RiskLock>): RiskLock => ({
    accountId: "large-100k",
    symbol: null,
    reason: "stoploss_guard",
    lockedAt: minutesAfter(FIXED_NOW, -10),
    lockedUntil: minutesAfter(FIXED_NOW, 10),
    ...overrides,
  });

  it("an active account lock blocks every symbol", () => {
    expect(checkLocks(makeGateInput({ locks: [lock({})] }), large)).toMatchObject({ ok: false, code: "ACCOUNT_LOCKED" });
  });

  it("a ticker lock blocks that underlying only", () => {
    const locks = [lock({ symbol: "SPY", reason: "losing_exit" })];
    expect(checkLocks(makeGateInput({ locks }), large)).toMatchObject({ ok: false, code: "SYMBOL_LOCKED" });
    expect(checkLocks(makeGateInput({ locks, rec: { symbol: "QQQ" } }), large).ok).toBe(true);
  });

  it("expired locks and other accounts' locks block nothing", () => {
    const locks = [lock({ lockedUntil: FIXED_NOW }), lock({ accountId: "tiny-1k" })];
    expect(checkLocks(makeGateInput({ locks }), large).ok).toBe(true);
  });
});

describe("every gate result carries its value and threshold", () => {
  it("has both keys on every result, passes and denials alike", () => {
    const inputs = [
      makeGateInput(),
      makeGateInput({ riskState: null, newestBar: null, rec: { confidence: 0.1, action: "BUY_STOCK" }, account: { lossStreak: 5 } }),
    ];
    for (const input of inputs) {
      for (const r of evaluateGates(input, large).results) {
        expect(Object.keys(r)).toEqual(expect.arrayContaining(["value", "threshold"]));
      }
    }
  });

  it("reports the numbers the decision was made on", () => {
    const { results } = evaluateGates(makeGateInput({ account: { realizedPnlTodayUsd: -120, unrealizedPnlUsd: 20 } }), large);
    expect(results.find((r) => r.gate === "daily_loss_limit")).toMatchObject({ ok: true, value: -100, threshold: -500 });
    expect(results.find((r) => r.gate === "confidence")).toMatchObject({ value: 0.72, threshold: 0.6 });
  });
});

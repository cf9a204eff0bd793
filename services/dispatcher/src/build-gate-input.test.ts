import { evaluateGates, DEFAULT_ACCOUNT_RISK } from "@ops/trading";
import { describe, expect, it } from "vitest";
import { buildGateInput } from "./build-gate-input.js";
import type { RiskLock, VolatilityReading } from "@ops/trading";
import type { AccountFacts, ClaimedRec } from "./queries.js";

const NOW = new Date("2024-03-05T15:30:00Z"); // 10:30 ET
const SESSION = { isTradingDay: true, openAt: new Date("2024-03-05T14:30:00Z"), closeAt: new Date("2024-03-05T21:00:00Z") };
const REC: ClaimedRec = {
  recId: "1", symbol: "AAA", action: "BUY_CALL", instrumentType: "CALL", strategyType: "day_trade", confidence: 0.8,
  createdAt: new Date(NOW.getTime() - 30_000), expiresAt: new Date(NOW.getTime() + 600_000),
};
const FACTS: AccountFacts = {
  positions: [],
  realizedPnlTodayUsd: 0,
  unrealizedPnlUsd: 0,
  lossStreakToday: 0,
  entriesBySymbol: new Map(),
  riskState: { tradingEnabled: true, haltedReason: null, day: "2024-03-05", lossStreak: 0, mode: "ACTIVE", modeReason: null },
  locks: [],
  positionManagerHeartbeatAgeMs: 30_000,
};
const lock = (symbol: string | null, reason: string): RiskLock => ({
  accountId: "large-100k", symbol, reason, lockedAt: new Date(NOW.getTime() - 600_000), lockedUntil: new Date(NOW.getTime() + 600_000),
});
const SYMBOL = { barTs: new Date(NOW.getTime() - 60_000), lastPrice: 100, featuresTs: new Date(NOW.getTime() - 60_000), atr14: 0.5, recentVol: 0.002 };

const evaluate = (facts: Partial<AccountFacts>, proposedExposureUsd?: number) =>
  evaluateGates(
    buildGateInput({
      account: "large-100k", now: NOW, today: "2024-03-05", rec: REC, session: SESSION, facts: { ...FACTS, ...facts }, symbol: SYMBOL,
      ...(proposedExposureUsd !== undefined ? { proposedExposureUsd } : {}),
    }),
    DEFAULT_ACCOUNT_RISK["large-100k"],
  );
const gateCodes = (facts: Partial<AccountFacts>, proposedExposureUsd?: number) => evaluate(facts, proposedExposureUsd).denials.map((d) => d.code);
const gate = (name: string, facts: Partial<AccountFacts>) => evaluate(facts).results.find((r) => r.gate === name);
const maxHeartbeatAgeS = DEFAULT_ACCOUNT_RISK["large-100k"].maxPositionManagerHeartbeatAgeSeconds;
const maxExposureUsd = DEFAULT_ACCOUNT_RISK["large-100k"].maxExposureUsd;

describe("buildGateInput", () => {
  it("passes every gate for a clean account with fresh data; locks and the heartbeat are supplied, not skipped", () => {
    const evaluation = evaluate({});
    expect(evaluation.denials).toEqual([]);
    const notSupplied = evaluation.flagged.filter((f) => f.flag === "not_supplied").map((f) => f.gate);
    expect(notSupplied).not.toContain("risk_locks");
    expect(notSupplied).not.toContain("position_manager_alive");
  });

  it("an active lock on the symbol or the account denies the entry; a lock on another symbol does not", () => {
    expect(gateCodes({ locks: [lock("AAA", "cooldown after stop")] })).toEqual(["SYMBOL_LOCKED"]);
    expect(gateCodes({ locks: [lock("BBB", "cooldown after stop")] })).toEqual([]);
    expect(gateCodes({ locks: [lock(null, "manual pause")] })).toEqual(["ACCOUNT_LOCKED"]);
  });

  it("the stored mode decides: REDUCING denies a new entry, HALTED denies everything", () => {
    const reducing = { ...FACTS.riskState!, mode: "REDUCING" as const, modeReason: "daily loss limit" };
    expect(gateCodes({ riskState: reducing })).toEqual(["TRADING_REDUCING"]);
    expect(gate("trading_enabled", { riskState: reducing })).toMatchObject({ value: "REDUCING", threshold: "ACTIVE" });
    expect(gateCodes({ riskState: { ...reducing, mode: "HALTED", tradingEnabled: false, haltedReason: "ops" } })).toEqual(["TRADING_DISABLED"]);
  });

  it("the position manager gate fails closed: no heartbeat ever, or one older than the limit, denies", () => {
    expect(gateCodes({ positionManagerHeartbeatAgeMs: null })).toEqual(["POSITION_MANAGER_DOWN"]);
    expect(gateCodes({ positionManagerHeartbeatAgeMs: (maxHeartbeatAgeS + 1) * 1000 })).toEqual(["POSITION_MANAGER_DOWN"]);
    expect(gate("position_manager_alive", { positionManagerHeartbeatAgeMs: 42_000 })).toMatchObject({ ok: true, value: 42, threshold: maxHeartbeatAgeS });
  });

  it("a known entry notional that would cross the exposure cap is denied", () => {
    expect(gateCodes({}, maxExposureUsd / 2)).toEqual([]);
    expect(gateCodes({}, maxExposureUsd + 1)).toEqual(["MAX_EXPOSURE"]);
  });

  it("counts the position manager's loss streak only when it is today's", () => {
    const stale = { tradingEnabled: true, haltedReason: null, day: "2024-03-04", lossStreak: 5, mode: "ACTIVE" as const, modeReason: null };
    expect(gateCodes({ riskState: stale })).toEqual([]);
    expect(gateCodes({ riskState: { ...stale, day: "2024-03-05" } })).toEqual(["LOSS_STREAK"]);
    expect(gateCodes({ lossStreakToday: 3 })).toEqual(["LOSS_STREAK"]);
  });

  it("hands the cycle's volatility reading to the gate: absent = not_supplied, null = no_reading, extreme denies", () => {
    const withVolatility = (volatility: VolatilityReading | null | undefined) =>
      evaluateGates(
        buildGateInput({
          account: "large-100k", now: NOW, today: "2024-03-05", rec: REC, session: SESSION, facts: FACTS, symbol: SYMBOL,
          ...(volatility !== undefined ? { volatility } : {}),
        }),
        DEFAULT_ACCOUNT_RISK["large-100k"],
      ).results.find((r) => r.gate === "volatility_regime");
    const reading = (regime: VolatilityReading["regime"]): VolatilityReading => ({ regime, level: 42, source: "close:VIXY", asOf: NOW });
    expect(withVolatility(undefined)).toMatchObject({ ok: true, flag: "not_supplied" });
    expect(withVolatility(null)).toMatchObject({ ok: true, flag: "no_reading" });
    expect(withVolatility(reading("high"))).toMatchObject({ ok: true, value: "high" });
    expect(withVolatility(reading("extreme"))).toMatchObject({ ok: false, code: "VOLATILITY_REGIME", value: "extreme", threshold: "extreme" });
  });

  it("a missing risk_state row fails closed", () => {
    expect(gateCodes({ riskState: null })).toEqual(["RISK_STATE_MISSING"]);
  });

  it("an option held on the same underlying counts with its ×100 multiplier", () => {
    const held = { symbol: "BBB240306C00050000", underlying: "BBB", instrumentType: "CALL" as const, side: "long" as const, qty: 10, multiplier: 100, entryPrice: 10, status: "open" as const };
    expect(gateCodes({ positions: [held] })).toEqual(["MAX_EXPOSURE"]);
  });
});

import { evaluateGates, DEFAULT_ACCOUNT_RISK } from "@ops/trading";
import { describe, expect, it } from "vitest";
import { buildGateInput } from "./build-gate-input.js";
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
  riskState: { tradingEnabled: true, haltedReason: null, day: "2024-03-05", lossStreak: 0 },
  locks: [],
};
const SYMBOL = { barTs: new Date(NOW.getTime() - 60_000), lastPrice: 100, featuresTs: new Date(NOW.getTime() - 60_000), atr14: 0.5, recentVol: 0.002 };

const gateCodes = (facts: Partial<AccountFacts>) =>
  evaluateGates(
    buildGateInput({ account: "large-100k", now: NOW, today: "2024-03-05", rec: REC, session: SESSION, facts: { ...FACTS, ...facts }, symbol: SYMBOL }),
    DEFAULT_ACCOUNT_RISK["large-100k"],
  ).denials.map((d) => d.code);

describe("buildGateInput", () => {
  it("passes every gate for a clean account with fresh data", () => {
    expect(gateCodes({})).toEqual([]);
  });

  it("an active lock on the symbol halts the entry; a lock on another symbol does not", () => {
    expect(gateCodes({ locks: [{ symbol: "AAA", reason: "cooldown after stop" }] })).toEqual(["TRADING_HALTED"]);
    expect(gateCodes({ locks: [{ symbol: "BBB", reason: "cooldown after stop" }] })).toEqual([]);
    expect(gateCodes({ locks: [{ symbol: null, reason: "manual pause" }] })).toEqual(["TRADING_HALTED"]);
  });

  it("counts the position manager's loss streak only when it is today's", () => {
    const stale = { tradingEnabled: true, haltedReason: null, day: "2024-03-04", lossStreak: 5 };
    expect(gateCodes({ riskState: stale })).toEqual([]);
    expect(gateCodes({ riskState: { ...stale, day: "2024-03-05" } })).toEqual(["LOSS_STREAK"]);
    expect(gateCodes({ lossStreakToday: 3 })).toEqual(["LOSS_STREAK"]);
  });

  it("a missing risk_state row fails closed", () => {
    expect(gateCodes({ riskState: null })).toEqual(["RISK_STATE_MISSING"]);
  });

  it("an option held on the same underlying counts with its ×100 multiplier", () => {
    const held = { symbol: "BBB240306C00050000", underlying: "BBB", instrumentType: "CALL" as const, side: "long" as const, qty: 10, multiplier: 100, entryPrice: 10, status: "open" as const };
    expect(gateCodes({ positions: [held] })).toEqual(["MAX_EXPOSURE"]);
  });
});

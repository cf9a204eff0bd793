// Pure: the gate input for one recommendation from this account's real rows (seed 31, 45, 46).
import type { AccountId, GateInput, MarketSession, RiskState } from "@ops/trading";
import type { AccountFacts, ClaimedRec, SymbolFacts } from "./queries.js";

export interface GateInputParts {
  readonly account: AccountId;
  readonly now: Date;
  /** New York date of now, "YYYY-MM-DD". */
  readonly today: string;
  readonly rec: ClaimedRec;
  readonly session: MarketSession;
  readonly facts: AccountFacts;
  readonly symbol: SymbolFacts | undefined;
}

export function buildGateInput(parts: GateInputParts): GateInput {
  const { account, now, today, rec, session, facts, symbol } = parts;
  const entries = facts.entriesBySymbol.get(rec.symbol);
  // The position manager's streak counts only when it is today's; today's closes are counted here too.
  const storedStreak = facts.riskState !== null && facts.riskState.day === today ? facts.riskState.lossStreak : 0;
  return {
    accountId: account,
    now,
    rec: {
      symbol: rec.symbol,
      action: rec.action,
      instrumentType: rec.instrumentType,
      strategyType: rec.strategyType,
      confidence: rec.confidence,
      createdAt: rec.createdAt,
    },
    session,
    newestBar: symbol?.barTs ? { symbol: rec.symbol, ts: symbol.barTs } : null,
    featuresSourceBarTs: symbol?.featuresTs ?? null,
    account: {
      positions: facts.positions,
      realizedPnlTodayUsd: facts.realizedPnlTodayUsd,
      unrealizedPnlUsd: facts.unrealizedPnlUsd,
      lossStreak: Math.max(storedStreak, facts.lossStreakToday),
      tradesTodayForSymbol: entries?.today ?? 0,
      lastEntryAtForSymbol: entries?.lastAt ?? null,
    },
    riskState: riskStateFor(facts, rec.symbol),
  };
}

/** An active lock on the account or on this symbol halts the entry like an operator halt would. */
function riskStateFor(facts: AccountFacts, symbol: string): RiskState | null {
  const row = facts.riskState;
  if (row === null) return null;
  const lock = facts.locks.find((l) => l.symbol === null || l.symbol === symbol);
  return {
    tradingEnabled: row.tradingEnabled,
    halted: lock !== undefined,
    haltReason: lock !== undefined ? `lock${lock.symbol === null ? "" : ` on ${lock.symbol}`}: ${lock.reason}` : row.haltedReason,
  };
}

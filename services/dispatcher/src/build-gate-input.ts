// Pure: the gate input for one recommendation from this account's real rows (seed 31, 45, 46).
import type { AccountId, GateInput, MarketSession, RiskState, VolatilityReading } from "@ops/trading";
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
  /** Notional the planned entry adds (qty × limit × multiplier); only known once the entry is sized. */
  readonly proposedExposureUsd?: number;
  /**
   * The cycle's volatility reading: undefined = no source configured (the gate passes flagged
   * not_supplied), null = configured but no usable reading (passes flagged no_reading).
   */
  readonly volatility?: VolatilityReading | null;
}

export function buildGateInput(parts: GateInputParts): GateInput {
  const { account, now, today, rec, session, facts, symbol, proposedExposureUsd, volatility } = parts;
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
    riskState: riskStateFor(facts),
    locks: facts.locks,
    // Fail closed: a missing heartbeat is null (deny), never undefined (the gate's "not wired" pass).
    positionManagerHeartbeatAt:
      facts.positionManagerHeartbeatAgeMs === null ? null : new Date(now.getTime() - facts.positionManagerHeartbeatAgeMs),
    ...(proposedExposureUsd !== undefined ? { proposedExposureUsd } : {}),
    ...(volatility !== undefined ? { volatility } : {}),
  };
}

/** Locks are the risk_locks gate's business now; the mode and the switch come from the row as stored. */
function riskStateFor(facts: AccountFacts): RiskState | null {
  const row = facts.riskState;
  if (row === null) return null;
  return {
    tradingEnabled: row.tradingEnabled,
    halted: false,
    haltReason: row.haltedReason ?? row.modeReason,
    mode: row.mode,
  };
}

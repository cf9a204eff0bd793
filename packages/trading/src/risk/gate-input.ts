import type { AccountId, InstrumentType, PositionSide, PositionStatus } from "../domain/vocabulary.js";
import type { MarketSession } from "./market-session.js";
import type { RiskLock } from "./risk-lock.js";
import type { RiskMode } from "./risk-mode.js";
import type { VolatilityReading } from "./volatility-regime.js";

/**
 * The recommendation as the gates see it. Action and strategy are plain strings on purpose: the gates
 * are where an unknown value is caught and denied, instead of being trusted because a type said so.
 */
export interface RecForGates {
  readonly symbol: string;
  readonly action: string;
  readonly instrumentType: string;
  readonly strategyType: string;
  readonly confidence: number;
  readonly createdAt: Date;
}

/** One open (or closing) position row of THIS account. */
export interface AccountPosition {
  /** Instrument id: the OCC symbol for options, the ticker for stock. */
  readonly symbol: string;
  readonly underlying: string;
  readonly instrumentType: InstrumentType;
  readonly side: PositionSide;
  readonly qty: number;
  /** Shares per unit: 100 for standard equity options, 1 for stock (seed 45 forgot the ×100). */
  readonly multiplier: number;
  readonly entryPrice: number;
  readonly status: PositionStatus;
}

/** Facts about one account, read from real rows filtered by this account's id (seed 31, 46). */
export interface AccountState {
  /** Rows with status open or closing; closed rows are ignored if passed. */
  readonly positions: readonly AccountPosition[];
  /** Realized P&L of today's closed trades, from fills (negative = loss). */
  readonly realizedPnlTodayUsd: number;
  /** Unrealized P&L of open positions at current marks; counts toward the daily loss limit. */
  readonly unrealizedPnlUsd: number;
  /** Consecutive losing closed trades, newest first, stopping at the first win. */
  readonly lossStreak: number;
  /** Real (broker-accepted) entries today for this account and this symbol's underlying. */
  readonly tradesTodayForSymbol: number;
  /** Newest real entry time for this account and this symbol, or null. */
  readonly lastEntryAtForSymbol: Date | null;
}

/** The account's risk_state row. A missing row means "not enabled". */
export interface RiskState {
  /** Operator kill switch. */
  readonly tradingEnabled: boolean;
  /** Automatic halt (e.g. set by a monitor); blocks entries while true. */
  readonly halted: boolean;
  readonly haltReason: string | null;
  /**
   * ACTIVE / REDUCING / HALTED (risk-mode.ts). Absent = a row without the mode column: the two flags
   * above decide alone. HALTED and REDUCING block every entry whatever the flags say.
   */
  readonly mode?: RiskMode;
}

export interface BarStamp {
  readonly symbol: string;
  /** Bar start (Alpaca convention). */
  readonly ts: Date;
}

export interface GateInput {
  readonly accountId: AccountId;
  readonly now: Date;
  readonly rec: RecForGates;
  readonly session: MarketSession;
  /** Newest bar of the rec's symbol, or null when there is none. */
  readonly newestBar: BarStamp | null;
  /** Start time of the newest bar the features were computed from (seed 18: not computed_at). */
  readonly featuresSourceBarTs: Date | null;
  readonly account: AccountState;
  readonly riskState: RiskState | null;
  /**
   * Newest heartbeat of THIS account's position manager; null = none ever (deny: nothing would watch
   * the exits). Absent = the caller does not supply it yet: passes, flagged `not_supplied`.
   */
  readonly positionManagerHeartbeatAt?: Date | null;
  /** From the configured volatility source; null = no reading (passes, flagged). Absent = not wired. */
  readonly volatility?: VolatilityReading | null;
  /** The account's risk_locks rows (active or not; the gate checks the time and the account). */
  readonly locks?: readonly RiskLock[];
  /**
   * Notional the entry would add (qty × price × multiplier). When given, the exposure gate denies an
   * entry that would cross the cap, not only one made after it was crossed.
   */
  readonly proposedExposureUsd?: number;
}

import type {
  AccountId,
  InstrumentType,
  PositionSide,
  PositionStatus,
  StrategyType,
} from "../domain/vocabulary.js";

/** A held position as the exit logic sees it (one row of the positions table). */
export interface Position {
  readonly id: string;
  readonly accountId: AccountId;
  /** Instrument id: the OCC symbol for options, the ticker for stock. Orders and marks key on this. */
  readonly symbol: string;
  readonly underlying: string;
  readonly instrumentType: InstrumentType;
  readonly strategyType: StrategyType;
  readonly side: PositionSide;
  /** Shares or contracts held, > 0. */
  readonly qty: number;
  /** 100 for standard options, 1 for stock. */
  readonly multiplier: number;
  /** Fill price per share (per-share premium for options). */
  readonly entryPrice: number;
  readonly entryAt: Date;
  /** Options only: "YYYY-MM-DD". */
  readonly expiration: string | null;
  readonly strike: number | null;
  /** Stocks only: protective stop and target in share price; null falls back to policy percentages. */
  readonly stopPrice: number | null;
  readonly targetPrice: number | null;
  /** Overrides the strategy's default maximum hold. */
  readonly maxHoldMinutes: number | null;
  /** Best mark seen since entry (highest for long, lowest for short). */
  readonly peakPrice: number | null;
  readonly trailingStopPrice: number | null;
  /** Best and worst unrealized P&L seen, in percent of entry. */
  readonly mfePct: number | null;
  readonly maePct: number | null;
  readonly status: PositionStatus;
}

import type { Bar } from "../domain/bar.js";
import type { AccountId } from "../domain/vocabulary.js";
import type { Position } from "../exits/position.js";
import type { OptionSnapshot } from "../options/option-snapshot.js";
import type { AccountState, GateInput, RecForGates } from "../risk/gate-input.js";
import { FIXED_NOW, minutesAfter, REGULAR_SESSION, secondsBefore } from "./fixed-times.js";

export function makeBar(overrides: Partial<Bar> = {}): Bar {
  return {
    symbol: "SPY",
    ts: secondsBefore(FIXED_NOW, 60),
    open: 600,
    high: 600.8,
    low: 599.6,
    close: 600.5,
    volume: 250_000,
    ...overrides,
  };
}

/** A feature row shaped like the features table; `sourceBarTs` is the newest bar it was computed from. */
export interface FeatureRowFixture {
  readonly symbol: string;
  readonly sourceBarTs: Date;
  readonly computedAt: Date;
  readonly close: number;
  readonly sma20: number;
  readonly sma50: number;
  readonly distanceSma20: number;
  readonly trendState: -1 | 0 | 1;
  readonly volRatio: number;
  readonly volumeRatio: number | null;
}

export function makeFeatures(overrides: Partial<FeatureRowFixture> = {}): FeatureRowFixture {
  return {
    symbol: "SPY",
    sourceBarTs: secondsBefore(FIXED_NOW, 60),
    computedAt: secondsBefore(FIXED_NOW, 45),
    close: 600.5,
    sma20: 596,
    sma50: 590,
    distanceSma20: (600.5 - 596) / 596,
    trendState: 1,
    volRatio: 1.1,
    volumeRatio: 2.2,
    ...overrides,
  };
}

export interface RecFixture extends RecForGates {
  readonly id: string;
}

export function makeRec(overrides: Partial<RecFixture> = {}): RecFixture {
  return {
    id: "1",
    symbol: "SPY",
    action: "BUY_CALL",
    instrumentType: "CALL",
    strategyType: "day_trade",
    confidence: 0.72,
    createdAt: secondsBefore(FIXED_NOW, 30),
    ...overrides,
  };
}

/** An open position; defaults to one SPY call day trade, or 10 shares when `instrumentType: "STOCK"`. */
export function makePosition(overrides: Partial<Position> = {}): Position {
  const isStock = overrides.instrumentType === "STOCK";
  const base: Position = isStock
    ? {
        id: "pos-1",
        accountId: "tiny-1k",
        symbol: overrides.underlying ?? "SPY",
        underlying: "SPY",
        instrumentType: "STOCK",
        strategyType: "swing_trade",
        side: "long",
        qty: 10,
        multiplier: 1,
        entryPrice: 100,
        entryAt: minutesAfter(FIXED_NOW, -60),
        expiration: null,
        strike: null,
        stopPrice: 98,
        targetPrice: 103,
        maxHoldMinutes: null,
        peakPrice: null,
        trailingStopPrice: null,
        mfePct: null,
        maePct: null,
        status: "open",
      }
    : {
        id: "pos-1",
        accountId: "large-100k",
        symbol: "SPY260211C00609000",
        underlying: "SPY",
        instrumentType: "CALL",
        strategyType: "day_trade",
        side: "long",
        qty: 3,
        multiplier: 100,
        entryPrice: 2.5,
        entryAt: minutesAfter(FIXED_NOW, -60),
        expiration: "2026-02-11",
        strike: 609,
        stopPrice: null,
        targetPrice: null,
        maxHoldMinutes: null,
        peakPrice: null,
        trailingStopPrice: null,
        mfePct: null,
        maePct: null,
        status: "open",
      };
  return { ...base, ...overrides };
}

export function makeAccountState(overrides: Partial<AccountState> = {}): AccountState {
  return {
    positions: [],
    realizedPnlTodayUsd: 0,
    unrealizedPnlUsd: 0,
    lossStreak: 0,
    tradesTodayForSymbol: 0,
    lastEntryAtForSymbol: null,
    ...overrides,
  };
}

export interface GateInputOverrides extends Partial<Omit<GateInput, "rec" | "account">> {
  readonly rec?: Partial<RecForGates>;
  readonly account?: Partial<AccountState>;
}

/** A gate input that passes every gate of large-100k at FIXED_NOW; override one thing per test. */
export function makeGateInput(overrides: GateInputOverrides = {}): GateInput {
  const { rec, account, ...rest } = overrides;
  const now = rest.now ?? FIXED_NOW;
  const accountId: AccountId = rest.accountId ?? "large-100k";
  const builtRec = makeRec({ createdAt: secondsBefore(now, 30), ...rec });
  return {
    accountId,
    now,
    rec: builtRec,
    session: REGULAR_SESSION,
    newestBar: { symbol: builtRec.symbol, ts: secondsBefore(now, 60) },
    featuresSourceBarTs: secondsBefore(now, 60),
    riskState: { tradingEnabled: true, halted: false, haltReason: null },
    ...rest,
    account: makeAccountState(account),
  };
}

/** A liquid, near-the-money SPY call snapshot; override fields to make it worse. */
export function makeOptionSnapshot(overrides: Partial<OptionSnapshot> = {}): OptionSnapshot {
  return {
    symbol: "SPY260211C00609000",
    expiration: "2026-02-11",
    type: "call",
    strike: 609,
    bid: 2.45,
    ask: 2.55,
    delta: 0.4,
    theta: -0.35,
    iv: 0.18,
    dailyVolume: 5_000,
    ...overrides,
  };
}

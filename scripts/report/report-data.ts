// What a replay report shows, as plain data: read from the tables by read-report-data.ts, rendered by
// render-report-html.ts. Times are epoch milliseconds (charts) or ISO strings (tables).
import type { AccountId } from "@ops/trading";
import type { EquityPoint } from "./equity-curve.js";

export interface ReportWindow {
  readonly from: Date;
  readonly to: Date;
}

export interface TradeRow {
  readonly positionId: string;
  readonly symbol: string;
  readonly underlying: string;
  readonly instrumentType: string;
  readonly strategyType: string | null;
  readonly qty: number;
  readonly multiplier: number;
  readonly entryAt: string;
  readonly entryPrice: number;
  /** The signal engine's reason for the recommendation behind the entry. */
  readonly entryReason: string | null;
  readonly status: string;
  readonly exitAt: string | null;
  readonly exitPrice: number | null;
  readonly exitReason: string | null;
  readonly pnlUsd: number | null;
  /** "realised" from position_history, "marked" for a position still open (last mark), null when unknown. */
  readonly pnlKind: "realised" | "marked" | null;
}

export interface CountRow {
  readonly key: string;
  readonly count: number;
}

export interface GateRejectionRow {
  readonly gate: string;
  readonly code: string;
  readonly count: number;
}

export interface AccountReport {
  readonly account: AccountId;
  readonly startingEquityUsd: number;
  /** Starting equity plus P&L realised before the window opened. */
  readonly baseEquityUsd: number;
  readonly equity: readonly EquityPoint[];
  /** Broker equity from account_snapshots, carried forward onto the equity grid (null before the first). */
  readonly brokerEquity: readonly (number | null)[];
  readonly realisedPnlUsd: number;
  readonly endEquityUsd: number;
  readonly maxDrawdownPct: number;
  readonly trades: readonly TradeRow[];
  readonly dispatchOutcomes: readonly CountRow[];
  readonly gateRejections: readonly GateRejectionRow[];
  readonly exitReasons: readonly CountRow[];
}

export interface ActivityMinute {
  readonly atMs: number;
  readonly bars: number;
  readonly recommendations: number;
  readonly orders: number;
  readonly fills: number;
}

export interface ReportData {
  readonly title: string;
  readonly generatedAt: string;
  readonly window: { readonly from: string; readonly to: string };
  readonly accounts: readonly AccountReport[];
  readonly activity: readonly ActivityMinute[];
}

import type { ExitReason, InstrumentType } from "../domain/vocabulary.js";
import { roundToTick } from "../sizing/round-to-tick.js";

/**
 * Bounded close escalation for exits that can afford to wait a moment: attempt 1 is a limit at the
 * mid, attempt 2 a limit at the bid, every later attempt a market order. Protective exits (stops,
 * trailing, expiry, end-of-day, manual) go at market on the first attempt: a stop never waits.
 */
export interface CloseEscalationRules {
  /** Exit reasons that may start with limit orders; everything else is sent at market. */
  readonly patientReasons: readonly ExitReason[];
  /** A limit exit still working after this many seconds is canceled and re-priced. */
  readonly limitTimeoutS: number;
}

export const DEFAULT_CLOSE_ESCALATION: CloseEscalationRules = {
  patientReasons: ["option_profit_target", "take_profit", "max_hold_time"],
  limitTimeoutS: 90,
};

export const CLOSE_STEPS = ["limit_mid", "limit_bid", "market"] as const;
export type CloseStep = (typeof CLOSE_STEPS)[number];

export type CloseOrderPlan =
  | { readonly orderType: "market"; readonly step: "market"; readonly why: string }
  | { readonly orderType: "limit"; readonly step: "limit_mid" | "limit_bid"; readonly limitPrice: number; readonly why: string };

export interface CloseOrderInput {
  /** The attempt number this order will get (1 = first). */
  readonly attempt: number;
  readonly reason: ExitReason;
  readonly instrumentType: InstrumentType;
  /** The held contract's live quote; null (or one-sided) means market. */
  readonly quote: { readonly bid: number; readonly ask: number } | null;
}

export function closeOrderPlan(input: CloseOrderInput, rules: CloseEscalationRules = DEFAULT_CLOSE_ESCALATION): CloseOrderPlan {
  const market = (why: string): CloseOrderPlan => ({ orderType: "market", step: "market", why });
  if (!rules.patientReasons.includes(input.reason)) return market(`reason ${input.reason} does not wait`);
  if (input.instrumentType === "STOCK") return market("stocks close at market");
  const quote = input.quote;
  if (quote === null || !(quote.bid > 0 && quote.ask >= quote.bid)) return market("no two-sided quote");
  if (input.attempt >= 3) return market(`attempt ${input.attempt}: escalated to market`);
  if (input.attempt === 2) {
    return { orderType: "limit", step: "limit_bid", limitPrice: roundToTick(quote.bid, input.instrumentType, "down"), why: "attempt 2: re-priced to the bid" };
  }
  // Rounded down: a sell at or below the mid is the more marketable side of the grid.
  const mid = (quote.bid + quote.ask) / 2;
  return { orderType: "limit", step: "limit_mid", limitPrice: roundToTick(mid, input.instrumentType, "down"), why: "attempt 1: limit at the mid" };
}

import { describe, expect, it } from "vitest";
import type { ExitReason } from "../domain/vocabulary.js";
import { DEFAULT_CLOSE_ESCALATION, closeOrderPlan } from "./close-escalation.js";

const quote = { bid: 3.9, ask: 4.3 };

describe("closeOrderPlan", () => {
  it.each<[number, string, number | null]>([
    [1, "limit_mid", 4.1],
    [2, "limit_bid", 3.9],
    [3, "market", null],
    [7, "market", null],
  ])("a take-profit close on attempt %s is %s", (attempt, step, price) => {
    const plan = closeOrderPlan({ attempt, reason: "option_profit_target", instrumentType: "CALL", quote });
    expect(plan.step).toBe(step);
    expect(plan.orderType === "limit" ? plan.limitPrice : null).toBe(price);
  });

  it.each<ExitReason>(["option_stop_loss", "stop_loss", "trailing_stop", "expiration_risk", "eod_flat", "day_trade_close", "theta_decay_risk", "manual"])(
    "a protective %s exit goes at market on the first attempt",
    (reason) => {
      expect(closeOrderPlan({ attempt: 1, reason, instrumentType: "PUT", quote }).orderType).toBe("market");
    },
  );

  it("falls back to market without a two-sided quote, and for stocks", () => {
    expect(closeOrderPlan({ attempt: 1, reason: "option_profit_target", instrumentType: "CALL", quote: null }).orderType).toBe("market");
    expect(closeOrderPlan({ attempt: 1, reason: "option_profit_target", instrumentType: "CALL", quote: { bid: 0, ask: 0.1 } }).orderType).toBe("market");
    expect(closeOrderPlan({ attempt: 1, reason: "take_profit", instrumentType: "STOCK", quote }).orderType).toBe("market");
  });

  it("keeps limit prices on the option tick grid, rounded toward the marketable side (seed 20)", () => {
    const plan = closeOrderPlan({ attempt: 1, reason: "option_profit_target", instrumentType: "CALL", quote: { bid: 1.02, ask: 1.13 } });
    expect(plan).toMatchObject({ orderType: "limit", limitPrice: 1.05 });
    const bid = closeOrderPlan({ attempt: 2, reason: "option_profit_target", instrumentType: "CALL", quote: { bid: 1.04, ask: 1.13 } });
    expect(bid).toMatchObject({ orderType: "limit", limitPrice: 1 });
  });

  it("is bounded: no attempt beyond the second is ever a limit", () => {
    for (let attempt = 3; attempt < 50; attempt++) {
      expect(closeOrderPlan({ attempt, reason: "option_profit_target", instrumentType: "CALL", quote }, DEFAULT_CLOSE_ESCALATION).orderType).toBe("market");
    }
  });
});

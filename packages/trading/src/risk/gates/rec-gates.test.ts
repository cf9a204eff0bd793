import { describe, expect, it } from "vitest";
import { makeGateInput, makePosition } from "../../testing/builders.js";
import { DEFAULT_ACCOUNT_RISK } from "../account-risk-config.js";
import { checkActionAllowed } from "./check-action-allowed.js";
import { checkConfidence } from "./check-confidence.js";
import { checkSellStockPosition } from "./check-sell-stock-position.js";

const large = DEFAULT_ACCOUNT_RISK["large-100k"];
const tiny = DEFAULT_ACCOUNT_RISK["tiny-1k"];

describe("confidence (per strategy)", () => {
  it.each([
    ["day_trade", "BUY_CALL", "CALL", large.minConfidence.options.day_trade],
    ["swing_trade", "BUY_PUT", "PUT", large.minConfidence.options.swing_trade],
    ["conservative", "BUY_CALL", "CALL", large.minConfidence.options.conservative],
    ["gap_fade", "BUY_PUT", "PUT", large.minConfidence.options.gap_fade],
    ["swing_trade", "BUY_STOCK", "STOCK", large.minConfidence.stock],
  ])("%s %s: allows at the threshold and denies just below it", (strategyType, action, instrumentType, min) => {
    const at = makeGateInput({ rec: { strategyType, action, instrumentType, confidence: min } });
    const below = makeGateInput({ rec: { strategyType, action, instrumentType, confidence: min - 0.001 } });
    expect(checkConfidence(at, large).ok).toBe(true);
    expect(checkConfidence(below, large)).toMatchObject({ ok: false, code: "CONFIDENCE_TOO_LOW" });
  });

  it("holds day trades to a stricter floor than conservative entries", () => {
    expect(large.minConfidence.options.day_trade).toBeGreaterThan(large.minConfidence.options.conservative);
  });

  it.each([
    ["an unknown strategy", { strategyType: "yolo" }, "UNKNOWN_STRATEGY"],
    ["a NaN confidence", { confidence: Number.NaN }, "INVALID_INPUT"],
    ["a confidence above 1", { confidence: 1.5 }, "INVALID_INPUT"],
  ])("denies %s", (_label, rec, code) => {
    expect(checkConfidence(makeGateInput({ rec }), large)).toMatchObject({ ok: false, code });
  });
});

describe("action_allowed (seed 19: one canonical action vocabulary)", () => {
  it.each([
    ["large-100k", "BUY_CALL", true, "CALL", large],
    ["large-100k", "BUY_PUT", true, "PUT", large],
    ["large-100k", "BUY_STOCK", false, "STOCK", large],
    ["large-100k", "SELL_STOCK", false, "STOCK", large],
    ["tiny-1k", "BUY_STOCK", true, "STOCK", tiny],
    ["tiny-1k", "SELL_STOCK", true, "STOCK", tiny],
    ["tiny-1k", "BUY_PUT", true, "PUT", tiny],
  ] as const)("%s %s → ok=%s", (_id, action, ok, instrumentType, cfg) => {
    const result = checkActionAllowed(makeGateInput({ accountId: cfg.accountId, rec: { action, instrumentType } }), cfg);
    expect(result.ok).toBe(ok);
    if (!ok) expect(result).toMatchObject({ code: "ACTION_NOT_ALLOWED" });
  });

  it.each(["CALL", "BUY", "buy_call", "SHORT", ""])("denies the non-canonical action %j as unknown", (action) => {
    expect(checkActionAllowed(makeGateInput({ rec: { action } }), large)).toMatchObject({
      ok: false,
      code: "UNKNOWN_ACTION",
    });
  });

  it("denies an action whose instrument type disagrees", () => {
    const input = makeGateInput({ rec: { action: "BUY_CALL", instrumentType: "PUT" } });
    expect(checkActionAllowed(input, large)).toMatchObject({ ok: false, code: "ACTION_INSTRUMENT_MISMATCH" });
  });
});

describe("sell_stock_position", () => {
  const sellF = { symbol: "F", action: "SELL_STOCK", instrumentType: "STOCK" };
  const longF = makePosition({ instrumentType: "STOCK", symbol: "F", underlying: "F" });

  it("denies SELL_STOCK without an open long when shorting is not allowed", () => {
    const input = makeGateInput({ accountId: "tiny-1k", rec: sellF });
    expect(checkSellStockPosition(input, tiny)).toMatchObject({ ok: false, code: "NO_LONG_POSITION" });
  });

  it("allows SELL_STOCK against an open long", () => {
    const input = makeGateInput({ accountId: "tiny-1k", rec: sellF, account: { positions: [longF] } });
    expect(checkSellStockPosition(input, tiny).ok).toBe(true);
  });

  it("does not count a closed long", () => {
    const closed = { ...longF, status: "closed" as const };
    const input = makeGateInput({ accountId: "tiny-1k", rec: sellF, account: { positions: [closed] } });
    expect(checkSellStockPosition(input, tiny).ok).toBe(false);
  });

  it("allows SELL_STOCK without a long only when the account may short", () => {
    const input = makeGateInput({ accountId: "tiny-1k", rec: sellF });
    expect(checkSellStockPosition(input, { ...tiny, allowShorting: true }).ok).toBe(true);
  });

  it("ignores every other action", () => {
    expect(checkSellStockPosition(makeGateInput(), tiny).ok).toBe(true);
  });
});

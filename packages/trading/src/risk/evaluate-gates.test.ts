import { describe, expect, it } from "vitest";
import { makeGateInput, makePosition } from "../testing/builders.js";
import { etTime } from "../testing/fixed-times.js";
import { DEFAULT_ACCOUNT_RISK, riskConfigFor } from "./account-risk-config.js";
import { DENY_CODES } from "./deny-codes.js";
import { evaluateGates, GATE_NAMES, REPRICE_GATE_NAMES } from "./evaluate-gates.js";

const large = DEFAULT_ACCOUNT_RISK["large-100k"];

describe("evaluateGates", () => {
  it("passes a fresh, allowed, confident rec on an idle account and reports every gate", () => {
    const evaluation = evaluateGates(makeGateInput(), large);
    expect(evaluation.passed).toBe(true);
    expect(evaluation.results.map((r) => r.gate)).toEqual([...GATE_NAMES]);
    expect(evaluation.denials).toEqual([]);
  });

  it("evaluates every gate without short-circuiting and returns all denials", () => {
    const input = makeGateInput({
      now: etTime("15:30"),
      riskState: { tradingEnabled: false, halted: false, haltReason: "maintenance" },
      newestBar: null,
      rec: { confidence: 0.1 },
      account: { tradesTodayForSymbol: 2 },
    });
    const { passed, denials } = evaluateGates(input, large);
    expect(passed).toBe(false);
    expect(denials.map((d) => d.gate)).toEqual([
      "trading_enabled",
      "trading_hours",
      "no_data",
      "bar_freshness",
      "ticker_daily_limit",
      "confidence",
    ]);
  });

  it("a re-price runs only the account-state gates: stale data and low confidence no longer count, a halt still does", () => {
    const input = makeGateInput({
      now: etTime("15:30"),
      riskState: { tradingEnabled: false, halted: false, haltReason: "maintenance" },
      newestBar: null,
      rec: { confidence: 0.1 },
      account: { tradesTodayForSymbol: 2 },
    });
    const { passed, results, denials } = evaluateGates(input, large, REPRICE_GATE_NAMES);
    expect(passed).toBe(false);
    expect(results.map((r) => r.gate)).toEqual([...REPRICE_GATE_NAMES]);
    expect(denials.map((d) => d.gate)).toEqual(["trading_enabled", "trading_hours"]);
    expect(evaluateGates(makeGateInput({ newestBar: null, rec: { confidence: 0.1 } }), large, REPRICE_GATE_NAMES).passed).toBe(true);
  });

  it("denies everything for an account without a config (safest default)", () => {
    const evaluation = evaluateGates(makeGateInput(), riskConfigFor("large-default"));
    expect(evaluation.passed).toBe(false);
    expect(evaluation.denials).toEqual([
      expect.objectContaining({ gate: "account_config", code: "ACCOUNT_NOT_CONFIGURED" }),
    ]);
  });

  it("denies when the config belongs to a different account (seed 31/35)", () => {
    const evaluation = evaluateGates(makeGateInput({ accountId: "tiny-1k" }), large);
    expect(evaluation.denials[0]).toMatchObject({ gate: "account_config", code: "CONFIG_ACCOUNT_MISMATCH" });
  });

  it("turns a gate that throws into a denial instead of a pass", () => {
    // A cooldown timestamp object that throws on read simulates a broken row mapper.
    const hostile = Object.create(Date.prototype, {
      getTime: {
        value: () => {
          throw new Error("boom");
        },
      },
    }) as Date;
    const evaluation = evaluateGates(makeGateInput({ account: { lastEntryAtForSymbol: hostile } }), large);
    expect(evaluation.passed).toBe(false);
    expect(evaluation.denials).toEqual([expect.objectContaining({ gate: "ticker_cooldown", code: "INVALID_INPUT" })]);
  });

  it("stores denials with stable codes and key=value context", () => {
    const positions = Array.from({ length: 5 }, (_, i) =>
      makePosition({ symbol: `X${i}260220C00050000`, underlying: `X${i}`, qty: 1, entryPrice: 1 }),
    );
    const { denials } = evaluateGates(makeGateInput({ account: { positions } }), large);
    expect(denials).toEqual([
      { gate: "max_positions", ok: false, code: "MAX_POSITIONS", detail: "open_positions=5 max=5", value: 5, threshold: 5 },
    ]);
    for (const d of denials) expect(DENY_CODES).toContain(d.code);
  });
});

describe("DEFAULT_ACCOUNT_RISK (§3.10)", () => {
  it.each([
    ["large-100k", 5, 10_000, 500, ["BUY_CALL", "BUY_PUT"]],
    ["tiny-1k", 2, 1_500, 100, ["BUY_CALL", "BUY_PUT", "BUY_STOCK", "SELL_STOCK"]],
  ] as const)("%s: %i positions, $%i exposure, $%i daily loss, actions %j", (id, positions, exposure, loss, actions) => {
    const cfg = riskConfigFor(id);
    expect(cfg).toMatchObject({
      accountId: id,
      maxOpenPositions: positions,
      maxExposureUsd: exposure,
      maxDailyLossUsd: loss,
      allowShorting: false,
    });
    expect([...(cfg?.allowedActions ?? [])].sort()).toEqual([...actions].sort());
  });

  it.each(["large", "tiny", "large-default", "", "__proto__"])("has no config for %j", (id) => {
    expect(riskConfigFor(id)).toBeUndefined();
  });

  it("never allows stock on the options-only large account (seed 11)", () => {
    expect(large.allowedActions).not.toContain("BUY_STOCK");
  });
});

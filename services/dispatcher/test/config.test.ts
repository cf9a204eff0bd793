// Per-account configuration: OPS_ACCOUNT is required, risk values come from this account's env or this
// account's documented defaults (never the other account's), junk is refused, (the per-account Alpaca keys are tested in @ops/broker-alpaca's from-env test).
import { ConfigError } from "@ops/core";
import { DEFAULT_ACCOUNT_RISK } from "@ops/trading";
import { describe, expect, it } from "vitest";
import { loadDispatcherConfig, riskProblemsForEquity } from "../src/index.js";

const BASE = { DATABASE_URL: "pglite:memory" };

function configError(env: Record<string, string>): string {
  try {
    loadDispatcherConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("dispatcher config", () => {
  it("refuses to start without OPS_ACCOUNT", () => {
    expect(configError(BASE)).toMatch(/OPS_ACCOUNT/);
  });

  it("reads the volatility source (default none) and refuses a bad one, naming the variable", () => {
    expect(loadDispatcherConfig({ ...BASE, OPS_ACCOUNT: "tiny-1k" }).settings.volatility.source).toEqual({ kind: "none" });
    const loaded = loadDispatcherConfig({ ...BASE, OPS_ACCOUNT: "tiny-1k", OPS_VOLATILITY_SOURCE: "realized:SPY", OPS_VOLATILITY_LEVELS: "10,14,20,28" });
    expect(loaded.settings.volatility).toMatchObject({
      source: { kind: "realized", symbol: "SPY" },
      settings: { levels: { complacentBelow: 10, normalBelow: 14, elevatedBelow: 20, highBelow: 28 }, maxAgeSeconds: 300, realizedWindow: 60 },
    });
    expect(configError({ ...BASE, OPS_ACCOUNT: "tiny-1k", OPS_VOLATILITY_SOURCE: "vix" })).toMatch(/OPS_VOLATILITY_SOURCE/);
  });

  it("uses the tiny account's own documented limits when no OPS_RISK_* is set", () => {
    const loaded = loadDispatcherConfig({ ...BASE, OPS_ACCOUNT: "tiny-1k" });
    expect(loaded.settings.risk).toEqual(DEFAULT_ACCOUNT_RISK["tiny-1k"]);
    expect(loaded.settings.sizing.accountId).toBe("tiny-1k");
    expect(Object.values(loaded.riskSources).every((s) => s === "account_default")).toBe(true);
  });

  it("applies an OPS_RISK_* override to this account only and keeps the rest of this account's limits", () => {
    const loaded = loadDispatcherConfig({ ...BASE, OPS_ACCOUNT: "tiny-1k", OPS_RISK_MAX_EXPOSURE_USD: "800", OPS_RISK_ALLOWED_ACTIONS: "BUY_CALL" });
    expect(loaded.settings.risk.maxExposureUsd).toBe(800);
    expect(loaded.settings.risk.allowedActions).toEqual(["BUY_CALL"]);
    expect(loaded.settings.risk.maxOpenPositions).toBe(DEFAULT_ACCOUNT_RISK["tiny-1k"].maxOpenPositions);
    expect(loaded.settings.risk.maxOpenPositions).not.toBe(DEFAULT_ACCOUNT_RISK["large-100k"].maxOpenPositions);
    expect(loaded.riskSources.maxExposureUsd).toBe("env");
  });

  it.each([
    [{ OPS_RISK_MAX_OPEN_POSITIONS: "abc" }, /OPS_RISK_MAX_OPEN_POSITIONS/],
    [{ OPS_RISK_MAX_OPEN_POSITIONS: "2.5" }, /OPS_RISK_MAX_OPEN_POSITIONS/],
    [{ OPS_RISK_ALLOWED_ACTIONS: "BUY_CALL,CALL" }, /OPS_RISK_ALLOWED_ACTIONS.*CALL/],
    [{ OPS_RISK_MAX_DAILY_LOSS_USD: "20000" }, /OPS_RISK_MAX_DAILY_LOSS_USD/],
    [{ OPS_ACCOUNT: "large" }, /OPS_ACCOUNT/],
  ])("refuses bad input %o", (env, message) => {
    expect(configError({ ...BASE, OPS_ACCOUNT: "large-100k", ...env })).toMatch(message);
  });

  it("refuses limits larger than the account itself (seed 35)", () => {
    const loaded = loadDispatcherConfig({ ...BASE, OPS_ACCOUNT: "tiny-1k", OPS_RISK_MAX_EXPOSURE_USD: "10000" });
    expect(riskProblemsForEquity(loaded.settings.risk, 1000)).toEqual([expect.stringMatching(/OPS_RISK_MAX_EXPOSURE_USD.*tiny-1k/)]);
    expect(riskProblemsForEquity(DEFAULT_ACCOUNT_RISK["tiny-1k"], 1000)).toEqual([]);
    expect(riskProblemsForEquity(DEFAULT_ACCOUNT_RISK["large-100k"], 100_000)).toEqual([]);
  });

  it("cancels unfilled entries after 2 minutes and re-prices them twice (mid, half-way, ask) by default; bounds and the crash hook are validated", () => {
    const defaults = loadDispatcherConfig({ ...BASE, OPS_ACCOUNT: "large-100k" });
    expect(defaults.settings).toMatchObject({ entryTimeoutS: 120, entryRepriceSteps: 2, entryRepriceStep: 0.5, optionLimitOffset: 0 });
    expect(defaults.env.OPS_TEST_CRASH_AT).toBeUndefined();
    const tuned = loadDispatcherConfig({ ...BASE, OPS_ACCOUNT: "large-100k", OPS_ENTRY_TIMEOUT_S: "90", OPS_ENTRY_REPRICE_STEPS: "2", OPS_ENTRY_REPRICE_STEP: "0.25" });
    expect(tuned.settings).toMatchObject({ entryTimeoutS: 90, entryRepriceSteps: 2, entryRepriceStep: 0.25 });
    expect(configError({ ...BASE, OPS_ACCOUNT: "large-100k", OPS_ENTRY_REPRICE_STEPS: "9" })).toMatch(/OPS_ENTRY_REPRICE_STEPS/);
    expect(configError({ ...BASE, OPS_ACCOUNT: "large-100k", OPS_OPTION_LIMIT_OFFSET: "1.5" })).toMatch(/OPS_OPTION_LIMIT_OFFSET/);
    expect(configError({ ...BASE, OPS_ACCOUNT: "large-100k", OPS_TEST_CRASH_AT: "somewhere" })).toMatch(/OPS_TEST_CRASH_AT/);
  });
});

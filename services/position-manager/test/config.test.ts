import { ConfigError, loadConfig } from "@ops/core";
import { describe, expect, it } from "vitest";
import { positionManagerConfigSchema, positionManagerSettings } from "../src/config.js";

const BASE = { OPS_SERVICE: "position-manager", OPS_LOOP_INTERVAL_S: "60", DATABASE_URL: "pglite:memory" };

describe("position-manager config", () => {
  it("refuses to start without the account it owns exits for (seed 34)", () => {
    expect(() => loadConfig(positionManagerConfigSchema, BASE)).toThrow(ConfigError);
    expect(() => loadConfig(positionManagerConfigSchema, { ...BASE, OPS_ACCOUNT: "large" })).toThrow(/OPS_ACCOUNT/);
  });

  it("accepts one account and fills only operational defaults", () => {
    const config = loadConfig(positionManagerConfigSchema, { ...BASE, OPS_ACCOUNT: "tiny-1k" });
    expect(config).toMatchObject({ OPS_ACCOUNT: "tiny-1k", OPS_CLOCK: "wall", MODE: "LOOP" });
    expect(config.OPS_PM_CLOSING_TIMEOUT_S).toBeGreaterThan(0);
  });

  it("gives the protections the account's own daily loss limit unless the dispatcher's variable overrides it", () => {
    const tiny = positionManagerSettings(loadConfig(positionManagerConfigSchema, { ...BASE, OPS_ACCOUNT: "tiny-1k" }));
    expect(tiny.protections).toMatchObject({ accountId: "tiny-1k", maxDailyLossUsd: 100 });
    expect(tiny.volatility.source).toEqual({ kind: "none" });
    const large = positionManagerSettings(
      loadConfig(positionManagerConfigSchema, { ...BASE, OPS_ACCOUNT: "large-100k", OPS_RISK_MAX_DAILY_LOSS_USD: "250", OPS_VOLATILITY_SOURCE: "close:VIXY" }),
    );
    expect(large.protections).toMatchObject({ accountId: "large-100k", maxDailyLossUsd: 250 });
    expect(large.volatility.source).toEqual({ kind: "close", symbol: "VIXY" });
  });

  it("names a bad protection or volatility variable at start", () => {
    expect(() => loadConfig(positionManagerConfigSchema, { ...BASE, OPS_ACCOUNT: "tiny-1k", OPS_RISK_MAX_DAILY_LOSS_USD: "-5" })).toThrow(/OPS_RISK_MAX_DAILY_LOSS_USD/);
    expect(() => loadConfig(positionManagerConfigSchema, { ...BASE, OPS_ACCOUNT: "tiny-1k", OPS_VOLATILITY_SOURCE: "vix" })).toThrow(/OPS_VOLATILITY_SOURCE/);
  });
});

import { ConfigError, TransientError, isFatalError } from "@ops/core";
import { describe, expect, it } from "vitest";
import { AuthError, BrokerConfigError, BrokerContractError, BrokerTransientError, loadBrokerConfig } from "../src/index.js";

describe("broker errors in the core error family", () => {
  it("makes transient broker failures core TransientErrors that the loop retries", () => {
    const error = new BrokerTransientError("HTTP 503", 503, { retryAfterMs: 1_000 });
    expect(error).toBeInstanceOf(TransientError);
    expect(isFatalError(error)).toBe(false);
    expect(error.name).toBe("BrokerTransientError");
  });

  it("makes auth and contract failures fatal when nobody handles them (restart re-reads secrets)", () => {
    expect(isFatalError(new AuthError("401", 401))).toBe(true);
    expect(isFatalError(new BrokerContractError("bad payload"))).toBe(true);
  });

  it("reports configuration problems as a core ConfigError naming each variable", () => {
    let caught: unknown;
    try {
      loadBrokerConfig({ OPS_ALLOW_LIVE_TRADING: "maybe", OPS_ALPACA_TRADING_URL: "https://api.alpaca.markets" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BrokerConfigError);
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).issues.map((i) => i.variable).sort()).toEqual(["OPS_ALLOW_LIVE_TRADING", "OPS_ALPACA_TRADING_URL"]);
  });
});

// Every service builds its broker from the environment through brokerFromEnv: per-account key names, no fallback
// to another account's keys (seed failure 12), and the paper-only guard applied to the configured host.
import { ConfigError, WallClock, createSecretSource } from "@ops/core";
import { describe, expect, it } from "vitest";
import { alpacaSecretNames, brokerFromEnv, clockFromEnv } from "../src/index.js";

describe("brokerFromEnv", () => {
  it("names a distinct pair of secrets per account", () => {
    expect(alpacaSecretNames("large-100k")).toEqual({ keyId: "ALPACA_KEY_ID_LARGE_100K", secretKey: "ALPACA_SECRET_KEY_LARGE_100K" });
    expect(alpacaSecretNames("tiny-1k")).toEqual({ keyId: "ALPACA_KEY_ID_TINY_1K", secretKey: "ALPACA_SECRET_KEY_TINY_1K" });
  });

  it("refuses the tiny account when only the large account's keys exist", async () => {
    const env = { ALPACA_KEY_ID_LARGE_100K: "large-key-id", ALPACA_SECRET_KEY_LARGE_100K: "large-secret-value" };
    await expect(brokerFromEnv("tiny-1k", env, createSecretSource({ env }))).rejects.toThrow(/ALPACA_(KEY_ID|SECRET_KEY)_TINY_1K/);
    await expect(brokerFromEnv("tiny-1k", env, createSecretSource({ env }))).rejects.toBeInstanceOf(ConfigError);
    const broker = await brokerFromEnv("large-100k", env, createSecretSource({ env }));
    expect(broker.account).toBe("large-100k");
  });

  it("refuses a live trading host unless live trading is explicitly allowed", async () => {
    const env = {
      ALPACA_KEY_ID_LARGE_100K: "large-key-id", ALPACA_SECRET_KEY_LARGE_100K: "large-secret-value",
      OPS_ALPACA_TRADING_URL: "https://api.alpaca.markets",
    };
    await expect(brokerFromEnv("large-100k", env)).rejects.toThrow(/OPS_ALLOW_LIVE_TRADING/);
  });

  it("keeps the wall clock outside replays and never builds a broker for it", async () => {
    let built = false;
    const clock = await clockFromEnv("wall", async () => {
      built = true;
      throw new Error("not needed");
    });
    expect(clock).toBeInstanceOf(WallClock);
    expect(built).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError } from "../errors.js";
import { loadConfig } from "./load-config.js";
import { loadVolatilityConfig, parseVolatilityLevels, parseVolatilitySource, volatilityConfigFrom, volatilityEnv } from "./volatility-env.js";

const schema = z.object({ ...volatilityEnv });
const load = (env: Record<string, string>) => volatilityConfigFrom(loadConfig(schema, env));

describe("parseVolatilitySource", () => {
  it.each([
    ["none", { kind: "none" }],
    [" NONE ", { kind: "none" }],
    ["close:VIXY", { kind: "close", symbol: "VIXY" }],
    ["realized:SPY", { kind: "realized", symbol: "SPY" }],
    ["Realized:spy", { kind: "realized", symbol: "SPY" }],
    ["close:BRK.B", { kind: "close", symbol: "BRK.B" }],
  ])("reads %j", (raw, expected) => {
    expect(parseVolatilitySource(raw)).toEqual(expected);
  });

  it.each(["", "vix", "close", "close:", "realized:", "implied:SPY", "close:SPY QQQ", "close:1SPY", "close:TOOLONGSYMBOL"])(
    "rejects %j",
    (raw) => {
      expect(parseVolatilitySource(raw)).toBeUndefined();
    },
  );
});

describe("parseVolatilityLevels", () => {
  it.each([
    ["15,20,30,40", [15, 20, 30, 40]],
    [" 12.5 , 18 ,25, 33.3", [12.5, 18, 25, 33.3]],
  ])("reads %j", (raw, [a, b, c, d]) => {
    expect(parseVolatilityLevels(raw)).toEqual({ complacentBelow: a, normalBelow: b, elevatedBelow: c, highBelow: d });
  });

  it.each([
    ["three numbers", "15,20,30"],
    ["five numbers", "15,20,30,40,50"],
    ["not ascending", "15,30,20,40"],
    ["equal neighbours", "15,20,20,40"],
    ["zero", "0,20,30,40"],
    ["negative", "-5,20,30,40"],
    ["junk", "15,20,abc,40"],
    ["empty item", "15,,30,40"],
  ])("rejects %s (%j)", (_label, raw) => {
    expect(parseVolatilityLevels(raw)).toBeUndefined();
  });
});

describe("volatilityEnv through loadConfig", () => {
  it("defaults: no source, the seed's VIX levels, 300 s, 60 returns", () => {
    expect(load({})).toEqual({
      source: { kind: "none" },
      settings: {
        levels: { complacentBelow: 15, normalBelow: 20, elevatedBelow: 30, highBelow: 40 },
        maxAgeSeconds: 300,
        realizedWindow: 60,
      },
    });
  });

  it("reads every variable", () => {
    expect(
      load({
        OPS_VOLATILITY_SOURCE: "close:VIXY",
        OPS_VOLATILITY_LEVELS: "10,14,20,28",
        OPS_VOLATILITY_MAX_AGE_S: "600",
        OPS_VOLATILITY_REALIZED_WINDOW: "30",
      }),
    ).toEqual({
      source: { kind: "close", symbol: "VIXY" },
      settings: {
        levels: { complacentBelow: 10, normalBelow: 14, elevatedBelow: 20, highBelow: 28 },
        maxAgeSeconds: 600,
        realizedWindow: 30,
      },
    });
  });

  it.each([
    ["OPS_VOLATILITY_SOURCE", "vix"],
    ["OPS_VOLATILITY_LEVELS", "40,30,20,15"],
    ["OPS_VOLATILITY_MAX_AGE_S", "0"],
    ["OPS_VOLATILITY_REALIZED_WINDOW", "1"],
    ["OPS_VOLATILITY_REALIZED_WINDOW", "2.5"],
  ])("a bad %s (%j) fails naming the variable", (variable, value) => {
    let thrown: unknown;
    try {
      load({ [variable]: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).message).toContain(`${variable}:`);
  });

  it("loadVolatilityConfig reads the fragment alone, ignoring other variables, and fails the same way", () => {
    expect(loadVolatilityConfig({ OPS_VOLATILITY_SOURCE: "close:VIXY", DATABASE_URL: "x" }).source).toEqual({ kind: "close", symbol: "VIXY" });
    expect(() => loadVolatilityConfig({ OPS_VOLATILITY_LEVELS: "1,2" })).toThrow(/OPS_VOLATILITY_LEVELS:/);
  });
});

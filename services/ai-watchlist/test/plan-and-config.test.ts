import { ConfigError } from "@ops/core";
import { describe, expect, it } from "vitest";
import { loadAiWatchlistConfig, planUniverseSync } from "../src/index.js";
import type { UniverseRow } from "../src/index.js";

const row = (symbol: string, status: UniverseRow["status"], confidence: number | null = null): UniverseRow =>
  ({ symbol, status, confidence, sector: null, catalyst: null, reason: null });

describe("planUniverseSync", () => {
  it("inserts new candidates, re-activates inactive ones and deactivates dropped active ones", () => {
    const plan = planUniverseSync(
      [row("AAPL", "active"), row("MSFT", "inactive"), row("SPY", "active"), row("IBM", "inactive")],
      [{ symbol: "AAPL" }, { symbol: "MSFT" }, { symbol: "NVDA" }],
    );
    expect(plan.upserts.map((c) => c.symbol)).toEqual(["MSFT", "NVDA"]);
    expect(plan.deactivate).toEqual(["SPY"]);
    expect(plan.unchanged).toBe(1);
    expect(plan.blocked).toEqual([]);
  });

  it("leaves blocked rows alone whether or not they are candidates", () => {
    const plan = planUniverseSync([row("GME", "blocked"), row("AMC", "blocked")], [{ symbol: "GME" }]);
    expect(plan).toEqual({ upserts: [], deactivate: [], blocked: ["GME"], unchanged: 0 });
  });

  it("updates an active row whose details changed (an AI source re-scoring a symbol)", () => {
    const plan = planUniverseSync([row("AAPL", "active", 0.7)], [{ symbol: "AAPL", confidence: 0.9 }]);
    expect(plan.upserts).toEqual([{ symbol: "AAPL", confidence: 0.9 }]);
  });

  it("is idempotent: the plan against its own result is empty", () => {
    const candidates = [{ symbol: "AAPL" }, { symbol: "NVDA" }];
    const applied = [row("AAPL", "active"), row("NVDA", "active"), row("SPY", "inactive")];
    expect(planUniverseSync(applied, candidates)).toEqual({ upserts: [], deactivate: [], blocked: [], unchanged: 2 });
  });
});

describe("ai-watchlist config", () => {
  const base = { DATABASE_URL: "pglite:memory" };

  it("requires OPS_UNIVERSE_SYMBOLS when there is no Bedrock model, naming the variable", () => {
    expect(() => loadAiWatchlistConfig(base)).toThrow(ConfigError);
    expect(() => loadAiWatchlistConfig(base)).toThrow(/OPS_UNIVERSE_SYMBOLS/);
  });

  it("upper-cases and deduplicates the configured symbols and rejects non-tickers", () => {
    const config = loadAiWatchlistConfig({ ...base, OPS_UNIVERSE_SYMBOLS: "aapl, MSFT,,AAPL ,brk.b" });
    expect(config.OPS_UNIVERSE_SYMBOLS).toEqual(["AAPL", "MSFT", "BRK.B"]);
    expect(() => loadAiWatchlistConfig({ ...base, OPS_UNIVERSE_SYMBOLS: "AAPL,$$$" })).toThrow(/not ticker symbols: \$\$\$/);
  });

  it("Bedrock mode needs no symbol list, takes model settings from config and rejects a bad due time", () => {
    const config = loadAiWatchlistConfig({ ...base, OPS_BEDROCK_MODEL_ID: "m", OPS_AI_TEMPERATURE: "0.2", OPS_AI_WEEKDAY: "mon", OPS_AI_TIME: "07:30" });
    expect(config).toMatchObject({ OPS_AI_TEMPERATURE: 0.2, OPS_AI_MAX_TOKENS: 4000, OPS_AI_WEEKDAY: "mon", OPS_AI_TIME: "07:30" });
    expect(() => loadAiWatchlistConfig({ ...base, OPS_BEDROCK_MODEL_ID: "m", OPS_AI_TIME: "25:00" })).toThrow(/OPS_AI_TIME/);
    expect(() => loadAiWatchlistConfig({ ...base, OPS_BEDROCK_MODEL_ID: "m", OPS_AI_TEMPERATURE: "3" })).toThrow(/OPS_AI_TEMPERATURE/);
  });

  it("has safe defaults: wall clock, hourly checks, service name", () => {
    const config = loadAiWatchlistConfig({ ...base, OPS_UNIVERSE_SYMBOLS: "SPY" });
    expect(config).toMatchObject({ OPS_SERVICE: "ai-watchlist", OPS_CLOCK: "wall", OPS_LOOP_INTERVAL_S: 3600, MODE: "LOOP" });
    expect(config.OPS_BEDROCK_MODEL_ID).toBeUndefined();
  });
});

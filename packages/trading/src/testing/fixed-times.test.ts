import { describe, expect, it } from "vitest";
import { evaluateGates } from "../risk/evaluate-gates.js";
import { DEFAULT_ACCOUNT_RISK } from "../risk/account-risk-config.js";
import { makeGateInput, makePosition } from "./builders.js";
import { EARLY_CLOSE_SESSION, etTime, FIXED_NOW, REGULAR_SESSION, SUMMER_DATE } from "./fixed-times.js";

describe("fixed test clock", () => {
  it("places the regular session at 09:30–16:00 New York time in winter and summer", () => {
    expect(REGULAR_SESSION.openAt?.toISOString()).toBe("2026-02-10T14:30:00.000Z");
    expect(REGULAR_SESSION.closeAt?.toISOString()).toBe("2026-02-10T21:00:00.000Z");
    expect(etTime("09:30", SUMMER_DATE).toISOString()).toBe("2026-07-15T13:30:00.000Z");
    expect(EARLY_CLOSE_SESSION.closeAt?.toISOString()).toBe("2025-11-28T18:00:00.000Z");
    expect(FIXED_NOW.toISOString()).toBe("2026-02-10T15:30:00.000Z");
  });

  it("builds a default gate input that every large-100k gate passes, so each test changes one thing", () => {
    expect(evaluateGates(makeGateInput(), DEFAULT_ACCOUNT_RISK["large-100k"]).passed).toBe(true);
  });

  it("builds option positions keyed by OCC symbol and stock positions keyed by ticker", () => {
    expect(makePosition()).toMatchObject({ symbol: "SPY260211C00609000", underlying: "SPY", multiplier: 100 });
    expect(makePosition({ instrumentType: "STOCK" })).toMatchObject({ symbol: "SPY", underlying: "SPY", multiplier: 1 });
  });
});

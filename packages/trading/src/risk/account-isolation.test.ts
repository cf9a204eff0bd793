import { describe, expect, it } from "vitest";
import { makeGateInput } from "../testing/builders.js";
import { etTime, FIXED_NOW, minutesAfter } from "../testing/fixed-times.js";
import { DEFAULT_ACCOUNT_RISK } from "./account-risk-config.js";
import { evaluateGates } from "./evaluate-gates.js";
import { symbolEntryFacts } from "./symbol-entry-facts.js";
import type { EntryRecord } from "./symbol-entry-facts.js";

const dayStart = etTime("00:00");

describe("account A's trades do not consume account B's limits (seed 46)", () => {
  // Two SPY entries by large-100k, the last 5 minutes ago: its daily limit (2) and cooldown (15 min) are used up.
  const entries: EntryRecord[] = [
    { accountId: "large-100k", underlying: "SPY", enteredAt: minutesAfter(FIXED_NOW, -60) },
    { accountId: "large-100k", underlying: "SPY", enteredAt: minutesAfter(FIXED_NOW, -5) },
  ];

  const gateFor = (accountId: "large-100k" | "tiny-1k") => {
    const facts = symbolEntryFacts(entries, accountId, "SPY", dayStart, FIXED_NOW);
    const evaluation = evaluateGates(makeGateInput({ accountId, account: facts }), DEFAULT_ACCOUNT_RISK[accountId]);
    return { facts, denied: evaluation.denials.map((d) => d.gate) };
  };

  it("blocks account A on its own daily count and cooldown", () => {
    const a = gateFor("large-100k");
    expect(a.facts).toEqual({ tradesTodayForSymbol: 2, lastEntryAtForSymbol: minutesAfter(FIXED_NOW, -5) });
    expect(a.denied).toEqual(["ticker_daily_limit", "ticker_cooldown"]);
  });

  it("leaves account B's count at zero and its cooldown free", () => {
    const b = gateFor("tiny-1k");
    expect(b.facts).toEqual({ tradesTodayForSymbol: 0, lastEntryAtForSymbol: null });
    expect(b.denied).not.toContain("ticker_daily_limit");
    expect(b.denied).not.toContain("ticker_cooldown");
  });

  it("counts yesterday's entries for the cooldown but not for today's limit", () => {
    const late = [{ accountId: "tiny-1k", underlying: "SPY", enteredAt: minutesAfter(dayStart, -3) }] as const;
    expect(symbolEntryFacts(late, "tiny-1k", "SPY", dayStart, FIXED_NOW)).toEqual({
      tradesTodayForSymbol: 0,
      lastEntryAtForSymbol: minutesAfter(dayStart, -3),
    });
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ACTIONS, ACCOUNT_IDS, STRATEGY_TYPES } from "../domain/vocabulary.js";
import { easternDate, easternWeekday } from "../options/eastern-time.js";
import { makeGateInput, makePosition } from "../testing/builders.js";
import { CLOSED_SESSION, FIXED_NOW, minutesAfter, secondsBefore, sessionOn } from "../testing/fixed-times.js";
import { DEFAULT_ACCOUNT_RISK } from "./account-risk-config.js";
import { evaluateGates } from "./evaluate-gates.js";
import { accountExposureUsd } from "./exposure.js";
import type { AccountPosition, GateInput, RiskState } from "./gate-input.js";
import { isMarketOpen } from "./market-session.js";

const RUNS = { numRuns: 300 };
const YEAR_2026 = { min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 31) };

/** A rec that every other gate would pass, made `now`, so only the clock decides. */
function inputAt(now: Date, strategyType: string, accountIndex: number): GateInput {
  const weekday = easternWeekday(now);
  const session = weekday === "Sat" || weekday === "Sun" ? CLOSED_SESSION : sessionOn(easternDate(now));
  return makeGateInput({
    accountId: ACCOUNT_IDS[accountIndex % ACCOUNT_IDS.length],
    now,
    session,
    rec: { createdAt: secondsBefore(now, 30), strategyType },
    newestBar: { symbol: "SPY", ts: secondsBefore(now, 60) },
    featuresSourceBarTs: secondsBefore(now, 60),
  });
}

const haltedStates: fc.Arbitrary<RiskState> = fc.oneof(
  fc.record({ tradingEnabled: fc.boolean(), halted: fc.boolean(), haltReason: fc.constant("test"), mode: fc.constant("HALTED" as const) }),
  fc.record({ tradingEnabled: fc.constant(false), halted: fc.boolean(), haltReason: fc.constant("off") }),
  fc.record({ tradingEnabled: fc.boolean(), halted: fc.constant(true), haltReason: fc.constant("auto") }),
);

describe("evaluateGates properties", () => {
  it("never passes a rec outside regular trading hours", () => {
    fc.assert(
      fc.property(fc.integer(YEAR_2026), fc.constantFrom(...STRATEGY_TYPES), fc.nat(), (t, strategy, acct) => {
        const input = inputAt(new Date(t), strategy, acct);
        const cfg = DEFAULT_ACCOUNT_RISK[input.accountId];
        if (evaluateGates(input, cfg).passed) {
          expect(isMarketOpen(input.session, input.now)).toBe(true);
          expect(["Sat", "Sun"]).not.toContain(easternWeekday(input.now));
        }
      }),
      RUNS,
    );
  });

  it("passes recs at some times (the property above is not vacuous)", () => {
    const passing = [...Array(7 * 24 * 4).keys()].filter((q) => evaluateGates(inputAt(minutesAfter(FIXED_NOW, q * 15), "swing_trade", 0), DEFAULT_ACCOUNT_RISK["large-100k"]).passed);
    expect(passing.length).toBeGreaterThan(0);
  });

  it("never passes anything for a HALTED or disabled account", () => {
    fc.assert(
      fc.property(
        haltedStates,
        fc.constantFrom(...ACTIONS),
        fc.constantFrom("STOCK", "CALL", "PUT"),
        fc.constantFrom(...STRATEGY_TYPES),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        (riskState, action, instrumentType, strategyType, confidence, holdsLong) => {
          const input = makeGateInput({
            accountId: "tiny-1k",
            riskState,
            rec: { action, instrumentType, strategyType, confidence },
            account: { positions: holdsLong ? [makePosition({ instrumentType: "STOCK", underlying: "SPY" })] : [] },
          });
          expect(evaluateGates(input, DEFAULT_ACCOUNT_RISK["tiny-1k"]).passed).toBe(false);
        },
      ),
      RUNS,
    );
  });

  it("keeps exposure at or under the cap over any sequence of gated fills and closes", () => {
    const step = fc.record({
      kind: fc.constantFrom("fill", "fill", "fill", "close"),
      option: fc.boolean(),
      qty: fc.integer({ min: 1, max: 40 }),
      price: fc.double({ min: 0.05, max: 600, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.constantFrom(...ACCOUNT_IDS), fc.array(step, { maxLength: 30 }), (accountId, steps) => {
        const cfg = DEFAULT_ACCOUNT_RISK[accountId];
        let positions: AccountPosition[] = [];
        steps.forEach((s, i) => {
          if (s.kind === "close") {
            positions = positions.slice(1);
            return;
          }
          const multiplier = s.option ? 100 : 1;
          const underlying = `S${i}`;
          const input = makeGateInput({
            accountId,
            rec: { symbol: underlying, action: s.option ? "BUY_CALL" : "BUY_STOCK", instrumentType: s.option ? "CALL" : "STOCK" },
            newestBar: { symbol: underlying, ts: secondsBefore(FIXED_NOW, 60) },
            account: { positions },
            proposedExposureUsd: s.qty * s.price * multiplier,
          });
          const { results } = evaluateGates(input, cfg);
          if (results.find((r) => r.gate === "max_exposure")?.ok === true) {
            positions = [
              ...positions,
              makePosition({
                symbol: underlying,
                underlying,
                instrumentType: s.option ? "CALL" : "STOCK",
                qty: s.qty,
                entryPrice: s.price,
                multiplier,
              }),
            ];
          }
          expect(accountExposureUsd(positions)).toBeLessThanOrEqual(cfg.maxExposureUsd);
        });
      }),
      RUNS,
    );
  });

  it("gives the same result for the same input, and for an equal copy of it", () => {
    fc.assert(
      fc.property(
        fc.integer(YEAR_2026),
        fc.constantFrom(...STRATEGY_TYPES),
        fc.nat(),
        fc.double({ min: -1_000, max: 1_000, noNaN: true }),
        fc.integer({ min: 0, max: 5 }),
        (t, strategy, acct, pnl, trades) => {
          const base = inputAt(new Date(t), strategy, acct);
          const input = { ...base, account: { ...base.account, realizedPnlTodayUsd: pnl, tradesTodayForSymbol: trades } };
          const cfg = DEFAULT_ACCOUNT_RISK[input.accountId];
          const first = evaluateGates(input, cfg);
          expect(evaluateGates(input, cfg)).toEqual(first);
          expect(evaluateGates(structuredClone(input), cfg)).toEqual(first);
        },
      ),
      RUNS,
    );
  });
});

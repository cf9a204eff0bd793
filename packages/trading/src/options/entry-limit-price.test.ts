import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { roundToTick } from "../sizing/round-to-tick.js";
import { optionEntryLimit } from "./entry-limit-price.js";

describe("optionEntryLimit", () => {
  it("prices the first attempt at the mid on the tick when there is no offset", () => {
    expect(optionEntryLimit({ bid: 2.1, ask: 2.2 }, { offset: 0, step: 0, stepFraction: 0.5 })).toBe(2.15);
  });

  it("moves each re-price step toward the ask and stops at the ask", () => {
    const q = { bid: 2.0, ask: 2.4 };
    const prices = [0, 1, 2, 3].map((step) => optionEntryLimit(q, { offset: 0, step, stepFraction: 0.5 }));
    expect(prices).toEqual([2.2, 2.3, 2.4, 2.4]);
  });

  it("returns null for a one-sided or crossed quote", () => {
    expect(optionEntryLimit({ bid: 0, ask: 1.2 }, { offset: 0, step: 0, stepFraction: 0.5 })).toBeNull();
    expect(optionEntryLimit({ bid: 1.3, ask: 1.2 }, { offset: 0, step: 0, stepFraction: 0.5 })).toBeNull();
  });

  it("is always on the tick, never below the mid's tick and never above the ask", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }), fc.integer({ min: 0, max: 40 }), fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 5 }), fc.double({ min: 0, max: 1, noNaN: true }),
        (bidTicks, spreadTicks, offset, step, stepFraction) => {
          const bid = Number((bidTicks * 0.05).toFixed(2));
          const ask = Number((bid + spreadTicks * 0.05).toFixed(2));
          const price = optionEntryLimit({ bid, ask }, { offset, step, stepFraction });
          expect(price).not.toBeNull();
          const p = price as number;
          expect(roundToTick(p, "option")).toBe(p);
          expect(p).toBeLessThanOrEqual(roundToTick(ask, "option", "up"));
          expect(p).toBeGreaterThanOrEqual(roundToTick((bid + ask) / 2, "option", "down"));
        },
      ),
    );
  });
});

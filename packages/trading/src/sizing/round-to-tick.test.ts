import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { roundToTick, tickSize } from "./round-to-tick.js";

function onGrid(price: number, tick: number): boolean {
  const ticks = price / tick;
  return Math.abs(ticks - Math.round(ticks)) < 1e-6;
}

describe("roundToTick (seed 20: sub-penny prices were rejected)", () => {
  it.each([
    ["stock", 123.456, "nearest", 123.46],
    ["stock", 123.454, "nearest", 123.45],
    ["stock", 0.51237, "nearest", 0.5124],
    ["stock", 100.0049, "down", 100],
    ["stock", 100.0001, "up", 100.01],
    ["option", 1.23, "nearest", 1.25],
    ["option", 1.22, "nearest", 1.2],
    ["option", 2.99, "nearest", 3],
    ["option", 3.04, "nearest", 3],
    ["option", 3.06, "nearest", 3.1],
    ["option", 7.77, "down", 7.7],
    ["option", 2.51, "up", 2.55],
    ["CALL", 0.03, "nearest", 0.05],
    ["PUT", 12.34, "nearest", 12.3],
    ["STOCK", 45.678, "nearest", 45.68],
  ] as const)("%s %d rounded %s → %d", (instrument, price, mode, expected) => {
    expect(roundToTick(price, instrument, mode)).toBe(expected);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])("rejects the non-price %d", (price) => {
    expect(() => roundToTick(price, "stock")).toThrow(RangeError);
  });

  it("property: results sit on the tick grid of their own price and stay within one tick", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 5_000, noNaN: true }),
        fc.constantFrom("stock" as const, "option" as const),
        fc.constantFrom("nearest" as const, "down" as const, "up" as const),
        (price, cls, mode) => {
          const rounded = roundToTick(price, cls, mode);
          expect(rounded).toBeGreaterThan(0);
          expect(onGrid(rounded, tickSize(rounded, cls))).toBe(true);
          expect(Math.abs(rounded - price)).toBeLessThanOrEqual(Math.max(tickSize(price, cls), tickSize(rounded, cls)) + 1e-9);
          if (mode === "down" && rounded > tickSize(price, cls)) expect(rounded).toBeLessThanOrEqual(price + 1e-9);
          if (mode === "up") expect(rounded).toBeGreaterThanOrEqual(price - 1e-9);
        },
      ),
    );
  });
});

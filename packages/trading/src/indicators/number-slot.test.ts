import { describe, expect, it } from "vitest";
import { NumberSlot } from "./number-slot.js";

describe("NumberSlot", () => {
  it("starts empty", () => {
    const slot = new NumberSlot();
    expect(slot.has).toBe(false);
    expect(slot.value).toBeUndefined();
  });

  it("holds the last number set, including 0 and NaN", () => {
    const slot = new NumberSlot();
    slot.set(1.5);
    slot.set(0);
    expect(slot.has).toBe(true);
    expect(slot.value).toBe(0);
    expect(slot.raw).toBe(0);
    slot.set(Number.NaN);
    expect(slot.value).toBeNaN();
  });

  it("reads undefined after clear, and holds a number set again afterwards", () => {
    const slot = new NumberSlot();
    slot.set(2.25);
    slot.clear();
    expect(slot.has).toBe(false);
    expect(slot.value).toBeUndefined();
    slot.set(-3.5);
    expect(slot.value).toBe(-3.5);
  });

  it("assign sets a number and clears on undefined", () => {
    const slot = new NumberSlot();
    slot.assign(7.5);
    expect(slot.value).toBe(7.5);
    slot.assign(undefined);
    expect(slot.has).toBe(false);
    expect(slot.value).toBeUndefined();
  });

  it("copyFrom copies presence and value, and the copy is independent", () => {
    const source = new NumberSlot();
    source.set(4.75);
    const copy = new NumberSlot();
    copy.copyFrom(source);
    source.set(9.5);
    expect(copy.value).toBe(4.75);

    source.clear();
    copy.copyFrom(source);
    expect(copy.has).toBe(false);
    expect(copy.value).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { RollingWindow } from "./rolling-window.js";

describe("RollingWindow", () => {
  it("returns nothing evicted until full, then evicts the oldest value first", () => {
    const w = new RollingWindow(3);
    expect([1, 2, 3].map((x) => w.push(x))).toEqual([undefined, undefined, undefined]);
    expect(w.full).toBe(true);
    expect(w.push(4)).toBe(1);
    expect(w.push(5)).toBe(2);
  });

  it("indexes from oldest to newest across the wrap point", () => {
    const w = new RollingWindow(3);
    [1, 2, 3, 4, 5].forEach((x) => w.push(x));
    expect([0, 1, 2].map((i) => w.at(i))).toEqual([3, 4, 5]);
    expect(w.last()).toBe(5);
    expect(() => w.at(3)).toThrow(RangeError);
  });

  it("reports a lap completion exactly when the write position returns to the start", () => {
    const w = new RollingWindow(2);
    const laps = [1, 2, 3, 4, 5].map((x) => {
      w.push(x);
      return w.wrapped;
    });
    expect(laps).toEqual([false, true, false, true, false]);
  });

  it.each([0, -1, 1.5, Number.NaN])("rejects capacity %s", (capacity) => {
    expect(() => new RollingWindow(capacity)).toThrow(RangeError);
  });
});

import { describe, expect, it } from "vitest";
import { backoffDelayMs, defaultMaxBackoffMs } from "./backoff.js";

describe("backoffDelayMs", () => {
  it("doubles the wait with each consecutive failure, starting at one interval", () => {
    const waits = [1, 2, 3, 4].map((failures) => backoffDelayMs(failures, 1_000, 60_000));
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it("never exceeds the cap", () => {
    for (let failures = 1; failures < 100; failures++) {
      expect(backoffDelayMs(failures, 1_000, 60_000)).toBeLessThanOrEqual(60_000);
    }
    expect(backoffDelayMs(99, 1_000, 60_000)).toBe(60_000);
  });

  it("waits one interval when nothing failed", () => {
    expect(backoffDelayMs(0, 5_000, 60_000)).toBe(5_000);
  });

  it("defaults the cap to five minutes, or the interval when that is longer", () => {
    expect(defaultMaxBackoffMs(60_000)).toBe(300_000);
    expect(defaultMaxBackoffMs(900_000)).toBe(900_000);
  });
});

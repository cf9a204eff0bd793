import { describe, expect, it } from "vitest";
import { adaptiveDayThreshold } from "./adaptive-day-threshold.js";

describe("adaptiveDayThreshold", () => {
  it.each([
    [0.5, 0.65],
    [1.2, 0.65],
    [1.3, 0.675],
    [1.4, 0.7],
    [1.6, 0.75],
    [3, 0.75],
  ])("vol_ratio %f needs %f for a day trade", (vr, threshold) => {
    expect(adaptiveDayThreshold(vr)).toBeCloseTo(threshold, 12);
  });
});

import { describe, expect, it } from "vitest";
import { volumeMultiplier } from "./volume-multiplier.js";

describe("volumeMultiplier (seed §3.6 volume table)", () => {
  it.each([
    [null, 0.5],
    [Number.NaN, 0.5],
    [0, 0],
    [0.4999, 0],
    [0.5, 0.3],
    [1.4999, 0.3],
    [1.5, 0.8],
    [1.9999, 0.8],
    [2.0, 1.15],
    [2.9999, 1.15],
    [3.0, 1.25],
    [4.9999, 1.25],
    [5.0, 1.35],
    [250, 1.35],
    [Number.POSITIVE_INFINITY, 1.35],
  ])("volume_ratio %s → ×%f", (ratio, multiplier) => {
    expect(volumeMultiplier(ratio).multiplier).toBe(multiplier);
  });
});

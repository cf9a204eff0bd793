import { describe, expect, it } from "vitest";
import { momentumMultiplier } from "./momentum-multiplier.js";

describe("momentumMultiplier", () => {
  it.each([
    [2.5, 0.01, true, 1.25, "urgent"],
    [2.5, -0.012, true, 1.25, "urgent"],
    [2.5, 0.01, false, 1.1, "strong"],
    [2.49, 0.01, true, 1.1, "strong"],
    [2.5, 0.0099, true, 1.1, "strong"],
    [2.0, 0.008, false, 1.1, "strong"],
    [1.99, 0.015, true, 1, "none"],
    [2.0, 0.0079, true, 1, "none"],
    [null, 0.015, true, 1, "none"],
  ] as const)("volume_ratio %s, distance %f, options %s → ×%f (%s)", (vr, d, options, multiplier, tier) => {
    expect(momentumMultiplier(vr, d, options)).toEqual({ multiplier, tier });
  });
});

import { describe, expect, it } from "vitest";
import { classifyDirection } from "./classify-direction.js";
import type { Direction } from "./signal-types.js";

describe("classifyDirection (seed §3.6 direction table, first match wins)", () => {
  it.each<[number, number, Direction, boolean, string]>([
    // d, trend, direction, optionsAllowed, why
    [0.007, 1, "BULL", true, "above SMA20 in an uptrend"],
    [0, 1, "BULL", true, "at SMA20 in an uptrend"],
    [0.005, 1, "BULL", true, "exactly at the +0.5 % tolerance in an uptrend"],
    [0.019, 1, "BULL", true, "just short of stretched in an uptrend"],
    [0.007, 0, "BULL", false, "above SMA20 without a trend: stock only"],
    [0, 0, "BULL", false, "at SMA20 without a trend: the bullish row matches first"],
    [-0.007, -1, "BEAR", true, "below SMA20 in a downtrend"],
    [0, -1, "BEAR", true, "at SMA20 in a downtrend"],
    [-0.005, -1, "BEAR", true, "exactly at the −0.5 % tolerance in a downtrend"],
    [-0.007, 0, "BEAR", false, "below SMA20 without a trend: stock only"],
    [-0.0051, 0, "BEAR", false, "just below the tolerance without a trend"],
  ])("d=%f trend=%i → %s, options %s (%s)", (d, trend, direction, optionsAllowed, _why) => {
    expect(classifyDirection(d, trend)).toEqual({ direction, optionsAllowed });
  });

  it.each<[number, number, string]>([
    [0.007, -1, "above SMA20 against a downtrend"],
    [-0.007, 1, "below SMA20 against an uptrend"],
    [0.02, 1, "stretched 2 % above"],
    [-0.02, -1, "stretched 2 % below"],
    [0.05, 0, "far above"],
    [0.0051, -1, "just above the tolerance in a downtrend"],
  ])("d=%f trend=%i → no setup (%s)", (d, trend, _why) => {
    expect(classifyDirection(d, trend)).toBeNull();
  });
});

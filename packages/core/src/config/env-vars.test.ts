import { describe, expect, it } from "vitest";
import { parseStrictBoolean, parseStrictNumber } from "./env-vars.js";

describe("parseStrictNumber", () => {
  it.each([
    ["42", 42],
    [" 42 ", 42],
    ["-1.5", -1.5],
    ["0.25", 0.25],
    [".5", 0.5],
    ["1e3", 1000],
    ["+7", 7],
  ])("reads %j as %d", (raw, expected) => {
    expect(parseStrictNumber(raw)).toBe(expected);
  });

  it.each(["abc", "", " ", "12abc", "1,000", "0x10", "Infinity", "NaN", "1e", "--1", "1 2"])(
    "rejects %j instead of returning NaN or a partial number",
    (raw) => {
      expect(parseStrictNumber(raw)).toBeUndefined();
    },
  );
});

describe("parseStrictBoolean", () => {
  it.each(["true", "TRUE", "1", "yes", "on", " True "])("reads %j as true", (raw) => {
    expect(parseStrictBoolean(raw)).toBe(true);
  });
  it.each(["false", "0", "no", "off", "FALSE"])("reads %j as false", (raw) => {
    expect(parseStrictBoolean(raw)).toBe(false);
  });
  it.each(["", "maybe", "2", "truee", "y"])("rejects %j", (raw) => {
    expect(parseStrictBoolean(raw)).toBeUndefined();
  });
});

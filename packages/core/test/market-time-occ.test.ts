import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  OccSymbolError, formatOccSymbol, isOccSymbol, parseOccSymbol, tryParseOccSymbol, type OccContract,
} from "../src/index.js";
import { sharedDataPath } from "./market-time-fixtures.js";

describe("parseOccSymbol", () => {
  it("reads root, expiration, right and strike (QCOM260206C00150000)", () => {
    expect(parseOccSymbol("QCOM260206C00150000")).toEqual({
      underlying: "QCOM", expiration: "2026-02-06", right: "call", strike: 150,
    });
  });

  it("reads puts, one-letter roots, fractional strikes and roots with digits", () => {
    expect(parseOccSymbol("F240119P00012500")).toEqual({ underlying: "F", expiration: "2024-01-19", right: "put", strike: 12.5 });
    expect(parseOccSymbol("SPY240104C00470000").strike).toBe(470);
    expect(parseOccSymbol("AAPL1140621C00500000")).toMatchObject({ underlying: "AAPL1", expiration: "2014-06-21" });
    expect(parseOccSymbol("XYZ250117C01234567").strike).toBe(1234.567);
  });

  it("accepts the space-padded 21-character OCC form", () => {
    expect(parseOccSymbol("QCOM  260206C00150000")).toEqual(parseOccSymbol("QCOM260206C00150000"));
  });

  it("parses every contract symbol in a real yfinance chain snapshot and agrees with its strike and type", () => {
    const lines = readFileSync(sharedDataPath("options", "yfinance_chains_2024-07-31.csv"), "utf8").trim().split("\n");
    const header = lines[0]!.split(",");
    const col = (name: string): number => header.indexOf(name);
    const [symbolCol, strikeCol, typeCol] = [col("contractSymbol"), col("strike"), col("optionType")];
    expect(Math.min(symbolCol, strikeCol, typeCol)).toBeGreaterThanOrEqual(0);
    const rows = lines.slice(1).map((l) => l.split(","));
    expect(rows.length).toBeGreaterThan(3000);
    for (const row of rows) {
      const symbol = row[symbolCol]!;
      const parsed = parseOccSymbol(symbol);
      expect(parsed.strike).toBe(Number(row[strikeCol]));
      expect(parsed.right).toBe(row[typeCol]!.toLowerCase().startsWith("c") ? "call" : "put");
      expect(parsed.expiration >= "2024-07-31").toBe(true);
      expect(formatOccSymbol(parsed)).toBe(symbol);
    }
  });

  it.each([
    ["", "too short"],
    ["AAPL", "too short"],
    ["260206C00150000", "too short"],
    ["TOOLONG260206C00150000", "root longer than 6"],
    ["qcom260206C00150000", "upper-case"],
    ["QC.M260206C00150000", "upper-case"],
    ["QCOM260206X00150000", "expected YYMMDD"],
    ["QCOM260206C0015000", "expected YYMMDD"], // one strike digit short: read from the right, the tail no longer lines up
    ["QCOM261306C00150000", "not a calendar date"],
    ["QCOM260230C00150000", "not a calendar date"],
    ["QCOM260206C00000000", "strike is zero"],
    ["QCOM260206C0015000A", "expected YYMMDD"],
  ])("rejects %j (%s)", (input, reason) => {
    expect(() => parseOccSymbol(input)).toThrow(OccSymbolError);
    expect(() => parseOccSymbol(input)).toThrow(reason);
    expect(tryParseOccSymbol(input)).toBeUndefined();
    expect(isOccSymbol(input)).toBe(false);
  });

  it("tells stock tickers from option symbols", () => {
    expect(isOccSymbol("AAPL")).toBe(false);
    expect(isOccSymbol("BRK.B")).toBe(false);
    expect(isOccSymbol("AAPL240119C00190000")).toBe(true);
  });
});

describe("formatOccSymbol", () => {
  it("writes Alpaca's unpadded form", () => {
    expect(formatOccSymbol({ underlying: "QCOM", expiration: "2026-02-06", right: "call", strike: 150 })).toBe("QCOM260206C00150000");
    expect(formatOccSymbol({ underlying: "F", expiration: "2024-01-19", right: "put", strike: 0.5 })).toBe("F240119P00000500");
  });

  it("tolerates float noise in the strike but not a fourth decimal", () => {
    expect(formatOccSymbol({ underlying: "X", expiration: "2024-01-19", right: "call", strike: 0.1 + 0.2 })).toBe("X240119C00000300");
    expect(() => formatOccSymbol({ underlying: "X", expiration: "2024-01-19", right: "call", strike: 1.0005 })).toThrow(/three decimals/);
  });

  it.each<[Partial<OccContract>, string]>([
    [{ underlying: "" }, "root"],
    [{ underlying: "TOOLONG" }, "root"],
    [{ underlying: "aapl" }, "root"],
    [{ expiration: "1999-12-31" }, "2000-2099"],
    [{ expiration: "2024-02-30" }, "2000-2099"],
    [{ strike: 0 }, "positive"],
    [{ strike: -5 }, "positive"],
    [{ strike: Number.NaN }, "positive"],
    [{ strike: 100_000 }, "above 99999.999"],
  ])("rejects an impossible contract %j", (override, reason) => {
    const contract: OccContract = { underlying: "AAPL", expiration: "2024-01-19", right: "call", strike: 190, ...override };
    expect(() => formatOccSymbol(contract)).toThrow(OccSymbolError);
    expect(() => formatOccSymbol(contract)).toThrow(reason);
  });
});

describe("OCC round trips", () => {
  const root = fc.stringMatching(/^[A-Z][A-Z0-9]{0,5}$/);
  const expiration = fc
    .date({ min: new Date(Date.UTC(2000, 0, 1)), max: new Date(Date.UTC(2099, 11, 31)), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const right = fc.constantFrom("call" as const, "put" as const);
  // Strikes with at most three decimals, written as decimals the way a chain would list them.
  const strike = fc.integer({ min: 1, max: 99_999_999 }).map((millis) => Number((millis / 1000).toFixed(3)));

  it("parse(format(c)) returns the contract exactly, including strikes like 0.5, 2.5 and 1234.567", () => {
    fc.assert(
      fc.property(root, expiration, right, strike, (underlying, exp, r, k) => {
        const contract: OccContract = { underlying, expiration: exp, right: r, strike: k };
        expect(parseOccSymbol(formatOccSymbol(contract))).toEqual(contract);
      }),
      { numRuns: 3000 },
    );
    for (const k of [0.5, 2.5, 1234.567, 99_999.999, 0.001]) {
      const contract: OccContract = { underlying: "SPY", expiration: "2024-01-19", right: "put", strike: k };
      expect(parseOccSymbol(formatOccSymbol(contract)).strike).toBe(k);
    }
  });

  it("format(parse(s)) returns the symbol exactly", () => {
    const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
    const symbol = fc
      .tuple(root, expiration, fc.constantFrom("C", "P"), digits(8))
      .filter(([, , , k]) => k !== "00000000")
      .map(([r, exp, cp, k]) => `${r}${exp.slice(2, 4)}${exp.slice(5, 7)}${exp.slice(8, 10)}${cp}${k}`);
    fc.assert(
      fc.property(symbol, (s) => {
        expect(formatOccSymbol(parseOccSymbol(s))).toBe(s);
      }),
      { numRuns: 3000 },
    );
  });
});

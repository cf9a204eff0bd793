import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildCompanyNameMap, companyNameKey, companyNameRowsFromSecTable, shortCompanyNameKey } from "./company-names.js";
import { extractArticleTickers, extractTickers } from "./extract-tickers.js";
import { companyNameMapFrom, WELL_KNOWN_COMPANY_NAMES } from "./well-known-company-names.js";

const universe = new Set(["AAPL", "MSFT", "IBM", "BAC", "SPY", "IT", "ALL", "NOW", "BRK.B", "T", "GOOGL", "TGT", "V"]);

describe("extractTickers", () => {
  it("finds cashtags, also of symbols outside the universe", () => {
    expect(extractTickers("$DELL $HPE - Dell, HPE targets trimmed", { universe })).toEqual(["DELL", "HPE"]);
  });

  it("finds bare upper-case tickers only when they are in the universe", () => {
    expect(extractTickers("IBM and AAPL lead; XYZQ lags", { universe })).toEqual(["AAPL", "IBM"]);
  });

  it("ignores ordinary acronyms that are also tickers unless written as cashtags", () => {
    expect(extractTickers("IT spending is up, ALL eyes on the Fed NOW", { universe })).toEqual([]);
    expect(extractTickers("Gartner $IT beats", { universe })).toEqual(["IT"]);
  });

  it("never reads a single bare capital as a ticker (T, V), only as a cashtag", () => {
    expect(extractTickers("Plan B: T minus V day", { universe })).toEqual([]);
    expect(extractTickers("$T and $V rally", { universe })).toEqual(["T", "V"]);
  });

  it("does not read prices, currencies or words glued to symbols as cashtags", () => {
    expect(extractTickers("US$5 bn deal, CA$2.55 target, $5 stock, $aapl", { universe })).toEqual([]);
  });

  it("accepts share-class symbols and possessives", () => {
    expect(extractTickers("$BRK.B and BRK.B holders; AAPL's quarter", { universe })).toEqual(["AAPL", "BRK.B"]);
  });

  it("ignores bare words in an all-capitals headline but keeps its cashtags", () => {
    expect(extractTickers("$PACD IS BREAKING OUT ON MASSIVE VOLUME, IBM TOO", { universe })).toEqual(["PACD"]);
  });

  it("returns a sorted list without duplicates", () => {
    expect(extractTickers("MSFT, $MSFT and AAPL then $AAPL again", { universe })).toEqual(["AAPL", "MSFT"]);
  });

  it("takes exchange-qualified symbols as explicit, like cashtags", () => {
    expect(extractTickers("Tesla (NASDAQ: TSLA) and Ford (NYSE:F) rallied; (NYSE American: XYZ) too", { universe })).toEqual(["F", "TSLA", "XYZ"]);
  });

  it("tags a common-word or one-letter symbol only with context: bracketed after a name", () => {
    expect(extractTickers("Allstate (ALL) and AT&T (T) report", { universe })).toEqual(["ALL", "T"]);
    expect(extractTickers("ALL in: T-shirts for ALL", { universe })).toEqual([]);
  });

  it("ignores capitals inside a shouted phrase but keeps a comma-separated list of tickers", () => {
    expect(extractTickers("BUZZ-U.S. STOCKS ON THE MOVE-IBM shares", { universe })).toEqual([]);
    expect(extractTickers("Option activity: AAPL, MSFT, IBM", { universe })).toEqual(["AAPL", "IBM", "MSFT"]);
  });

  it("does not read a headline's trailing source attribution as its subject", () => {
    const companyNames = companyNameMapFrom(WELL_KNOWN_COMPANY_NAMES);
    const options = { universe: new Set(["TSLA", "MS"]), companyNames };
    expect(extractArticleTickers("Tesla to challenge Toyota on volume - Morgan Stanley", null, options)).toEqual(["TSLA"]);
    expect(extractArticleTickers("Analysts at Morgan Stanley like Tesla", "Morgan Stanley raised its target.", options)).toEqual(["MS", "TSLA"]);
  });

  it("matches company names, longest first, possessives included, only for tradable tickers", () => {
    const companyNames = companyNameMapFrom(WELL_KNOWN_COMPANY_NAMES);
    expect(extractTickers("Apple's iPhone sales and Bank of America earnings", { universe, companyNames })).toEqual(["AAPL", "BAC"]);
    // Tesla is a known name, but TSLA is not in this universe.
    expect(extractTickers("Tesla and Microsoft", { universe, companyNames })).toEqual(["MSFT"]);
  });
});

describe("company name maps", () => {
  it("normalises case, punctuation and possessives the same way for names and text", () => {
    expect(companyNameKey("Macy's, Inc.")).toBe("macy inc");
    expect(companyNameKey("AT&T Inc.")).toBe("at&t inc");
    expect(companyNameKey("Coca-Cola")).toBe("coca-cola");
  });

  it.each([
    ["JPMORGAN CHASE & CO", "jpmorgan chase"],
    ["NVIDIA CORP", "nvidia"],
    ["Meta Platforms, Inc.", "meta platforms"],
    ["AMAZON COM INC", "amazon"],
    ["APPLE INC /DE/", "apple"],
    ["The Walt Disney Company", "walt disney"],
  ])("short key of %s is %s", (name, key) => {
    expect(shortCompanyNameKey(name)).toBe(key);
  });

  it("leaves out one-word names that are ordinary words and keeps the first ticker of a shared name", () => {
    const map = buildCompanyNameMap([
      { name: "Target Corp", ticker: "TGT" },
      { name: "Alphabet Inc.", ticker: "GOOGL" },
      { name: "Alphabet Inc.", ticker: "GOOG" },
    ]);
    expect(map.has("target")).toBe(false);
    expect(map.get("target corp")).toBe("TGT");
    expect(map.get("alphabet inc")).toBe("GOOGL");
  });

  it("builds from the SEC company_tickers_exchange table, restricted to the universe", () => {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const file = path.resolve(here, "../../../../..", "shared", "data", "reference", "sec_company_tickers_exchange.json");
    const rows = companyNameRowsFromSecTable(JSON.parse(readFileSync(file, "utf8")));
    expect(rows.length).toBeGreaterThan(9000);
    const map = buildCompanyNameMap(rows, { universe });
    expect(new Set(map.values())).toEqual(new Set([...map.values()].filter((t) => universe.has(t))));
    const text = "Apple Inc. and INTERNATIONAL BUSINESS MACHINES CORP filed; Target shoppers wait";
    expect(extractTickers(text, { universe, companyNames: map })).toEqual(["AAPL", "IBM"]);
  });

  it("skips malformed SEC rows", () => {
    expect(companyNameRowsFromSecTable({ fields: ["cik", "name", "ticker"], data: [[1, "Good Co", "GC"], [2, null, "X"], "junk"] }))
      .toEqual([{ name: "Good Co", ticker: "GC" }]);
    expect(companyNameRowsFromSecTable("nope")).toEqual([]);
  });
});

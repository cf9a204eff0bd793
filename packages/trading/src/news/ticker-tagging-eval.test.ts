// The ticker tagger measured on real, labelled feed items (shared/data/rss/parsed_json_2020, SOURCES.md
// §3): Nasdaq items carry a `tickers` list, Seeking Alpha items a `symbol` (and come from one symbol's
// feed, named in their link). Precision matters most: a wrong ticker moves a signal, a missed one does not.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildCompanyNameMap, companyNameRowsFromSecTable } from "./company-names.js";
import { extractArticleTickers } from "./extract-tickers.js";
import { htmlToText } from "./html-text.js";
import { companyNameMapFrom, WELL_KNOWN_COMPANY_NAMES } from "./well-known-company-names.js";

const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../..", "shared", "data");

/** Ticker changes since 2020: the labels use the old symbol, the 2025 reference lists the new one. */
const RENAMED: Readonly<Record<string, string>> = { FB: "META" };
const canonical = (symbol: string): string => {
  const s = symbol.trim().toUpperCase().replace(/-/g, ".");
  return RENAMED[s] ?? s;
};

interface LabelledItem {
  readonly title: string;
  readonly summary: string;
  readonly gold: ReadonlySet<string>;
}

function labelledItems(): LabelledItem[] {
  const items: LabelledItem[] = [];
  for (const file of ["nasdaq_aapl_feed", "nasdaq_stocks_feed", "seeking_alpha_stocks", "seeking_alpha_all_news"]) {
    const raw = JSON.parse(readFileSync(path.join(DATA, "rss", "parsed_json_2020", `${file}.json`), "utf8")) as Array<Record<string, unknown>>;
    for (const item of raw) {
      const labels: string[] = [];
      if (typeof item.tickers === "string") labels.push(...item.tickers.split(","));
      if (typeof item.symbol === "string") labels.push(item.symbol);
      const feedSymbol = typeof item.link === "string" ? /feed_symbol_([A-Za-z.]+)/.exec(item.link)?.[1] : undefined;
      if (labels.length === 0) continue;
      if (feedSymbol) labels.push(feedSymbol);
      const title = typeof item.title === "string" ? htmlToText(item.title) : "";
      const description = typeof item.description === "string" ? htmlToText(item.description) : "";
      items.push({ title, summary: description, gold: new Set(labels.filter((l) => l.trim() !== "").map(canonical)) });
    }
  }
  return items;
}

function secRows() {
  return companyNameRowsFromSecTable(JSON.parse(readFileSync(path.join(DATA, "reference", "sec_company_tickers_exchange.json"), "utf8")));
}

function sp500(): Set<string> {
  const lines = readFileSync(path.join(DATA, "reference", "sp500_constituents.csv"), "utf8").trim().split("\n").slice(1);
  return new Set(lines.map((line) => canonical(line.split(",")[0] as string)));
}

interface Score {
  wrong: string[];
  precision: number;
  recall: number;
  tp: number;
  fp: number;
  fn: number;
  items: number;
}

/** Micro precision over every predicted ticker; recall over the labelled tickers the universe holds. */
function score(items: readonly LabelledItem[], universe: ReadonlySet<string>): Score {
  const names = companyNameMapFrom(WELL_KNOWN_COMPANY_NAMES);
  for (const [key, ticker] of buildCompanyNameMap(secRows().map((r) => ({ ...r, ticker: canonical(r.ticker) })))) {
    if (!names.has(key)) names.set(key, ticker);
  }
  let tp = 0;
  let fn = 0;
  const wrong: string[] = [];
  for (const item of items) {
    const predicted = new Set(extractArticleTickers(item.title, item.summary, { universe, companyNames: names }).map(canonical));
    for (const p of predicted) {
      if (item.gold.has(p)) tp += 1;
      else wrong.push(p);
    }
    for (const g of item.gold) if (universe.has(g) && !predicted.has(g)) fn += 1;
  }
  const fp = wrong.length;
  return { wrong, precision: tp / Math.max(1, tp + fp), recall: tp / Math.max(1, tp + fn), tp, fp, fn, items: items.length };
}

describe("ticker tagging on labelled 2020 feed items", () => {
  const items = labelledItems();
  const universes: Array<[string, Set<string>, number]> = [
    // The realistic case: a tradable universe of large, liquid names.
    ["S&P 500 constituents", sp500(), 0.9],
    // Every registrant is tradable: some "wrong" tags here are real mentions the labels lack (REX,
    // DDD, ROKU, CWBR named in "STOCKS ON THE MOVE" headlines labelled with the page's boilerplate
    // tickers; Facebook in stories labelled AAPL only), so the bar is lower, not the tagger looser.
    ["every SEC-listed ticker", new Set(secRows().map((r) => canonical(r.ticker))), 0.8],
  ];

  it("finds the labelled items", () => {
    // 13 Nasdaq items with a tickers list, 30 Seeking Alpha items with a symbol.
    expect(items).toHaveLength(43);
  });

  it.each(universes)("tags against a universe of %s with precision >= %s (precision and recall printed)", (name, universe, floor) => {
    const s = score(items, universe);
    console.log(
      `ticker tagging, universe = ${name} (${universe.size} symbols), ${s.items} items: ` +
        `precision ${s.precision.toFixed(3)} (${s.tp} right, ${s.fp} not in the labels: ${s.wrong.join(" ")}), ` +
        `recall ${s.recall.toFixed(3)} (${s.fn} missed)`,
    );
    expect(s.tp).toBeGreaterThan(0);
    expect(s.precision).toBeGreaterThanOrEqual(floor);
  });
});

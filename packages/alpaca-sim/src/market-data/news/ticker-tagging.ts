import { hashString } from "../seeded-random.js";

/** Names a headline might use instead of the ticker. First entry is the display name. */
export const COMPANY_NAMES: Readonly<Record<string, readonly string[]>> = {
  SPY: ["SPDR S&P 500 ETF", "S&P 500"],
  QQQ: ["Invesco QQQ", "Nasdaq-100"],
  IWM: ["iShares Russell 2000 ETF", "Russell 2000"],
  DIA: ["SPDR Dow Jones ETF", "Dow Jones"],
  AAPL: ["Apple"],
  MSFT: ["Microsoft"],
  NVDA: ["Nvidia"],
  TSLA: ["Tesla"],
  AMZN: ["Amazon"],
  GOOGL: ["Alphabet", "Google"],
  GOOG: ["Alphabet", "Google"],
  META: ["Meta Platforms", "Facebook"],
  FB: ["Facebook"],
  BAC: ["Bank of America"],
  IBM: ["IBM", "International Business Machines"],
  AIG: ["American International Group", "AIG"],
  JPM: ["JPMorgan", "JP Morgan"],
  TWX: ["Time Warner"],
  GLD: ["SPDR Gold Shares"],
  TLT: ["iShares 20+ Year Treasury Bond ETF"],
};

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Replayed symbols the text names: as $CASHTAG, as a bare upper-case ticker, or by company name. */
export function mentionedSymbols(
  text: string,
  symbols: readonly string[],
  names: Readonly<Record<string, readonly string[]>> = COMPANY_NAMES,
): string[] {
  const found: string[] = [];
  for (const symbol of symbols) {
    const ticker = new RegExp(`(?:^|[^A-Za-z0-9])\\$?${escapeRegExp(symbol)}(?![A-Za-z0-9])`);
    const byName = (names[symbol] ?? []).some((name) => new RegExp(`(?:^|\\W)${escapeRegExp(name)}(?!\\w)`, "i").test(text));
    if (ticker.test(text) || byName) found.push(symbol);
  }
  return found;
}

/** Deterministic pick of one replayed symbol for an item that names none. */
export function assignSymbol(itemKey: string, symbols: readonly string[]): string | undefined {
  if (symbols.length === 0) return undefined;
  const sorted = [...symbols].sort();
  return sorted[hashString(itemKey) % sorted.length];
}

/** The words appended to a headline so ticker tagging finds the assigned symbol: " - Name ($SYM)". */
export function headlineTag(symbol: string, names: Readonly<Record<string, readonly string[]>> = COMPANY_NAMES): string {
  const name = names[symbol]?.[0];
  return name ? ` - ${name} ($${symbol})` : ` ($${symbol})`;
}

import { nameTokens } from "./company-names.js";
import { AMBIGUOUS_UPPERCASE_WORDS } from "./ticker-stopwords.js";

export interface ExtractTickersOptions {
  /** Tradable symbols. Bare upper-case words and company names only count when they name one of these. */
  universe: ReadonlySet<string>;
  /** Normalised company name (see `companyNameKey`) → ticker. */
  companyNames?: ReadonlyMap<string, string>;
}

// "$AAPL", "$BRK.B"; not "US$5" or "$5bn" (digits), not "$aapl" (prose), not "A$AP".
const CASHTAG_RE = /(?<![A-Za-z0-9$])\$([A-Z]{1,5}(?:\.[A-Z]{1,2})?)(?![A-Za-z0-9])/g;
// Bare ticker-shaped words: 2–5 capitals (optionally a share class, or a possessive "AAPL's"), not glued
// to other word characters.
const BARE_RE = /(?<![A-Za-z0-9$&.'’-])([A-Z]{2,5})(?:\.([A-Z]))?(?=$|['’]s\b|[^A-Za-z0-9&'’])/g;
const WORD_RE = /[A-Za-z][A-Za-z'’]*/g;
const MAX_NAME_TOKENS = 8;

/**
 * A headline in capitals ("APPLE BEATS, IT SOARS ON NEW IPHONE") makes every word ticker-shaped;
 * bare words are ignored then, and only cashtags and company names count.
 */
function isShouting(text: string): boolean {
  const words = text.match(WORD_RE) ?? [];
  const longWords = words.filter((w) => w.length >= 2);
  if (longWords.length < 4) return false;
  const upper = longWords.filter((w) => w === w.toUpperCase()).length;
  return upper / longWords.length > 0.6;
}

function addCompanyNames(text: string, names: ReadonlyMap<string, string>, universe: ReadonlySet<string>, found: Set<string>): void {
  const tokens = nameTokens(text);
  let i = 0;
  while (i < tokens.length) {
    let matched = 0;
    // Longest name first, so "bank of america" wins over a shorter name inside it.
    for (let len = Math.min(MAX_NAME_TOKENS, tokens.length - i); len >= 1; len -= 1) {
      const ticker = names.get(tokens.slice(i, i + len).join(" "));
      if (ticker !== undefined && universe.has(ticker)) {
        found.add(ticker);
        matched = len;
        break;
      }
    }
    i += matched > 0 ? matched : 1;
  }
}

/**
 * Tickers a text is about, sorted and unique: `$SYM` cashtags (always: writing one is explicit, and
 * mentions outside the universe feed discovery), bare 2–5 letter upper-case words that are tradable
 * symbols and not ordinary acronyms ("CEO", "IT", "USA"), and company names from `companyNames`
 * whose ticker is tradable.
 */
export function extractTickers(text: string, options: ExtractTickersOptions): string[] {
  const { universe, companyNames } = options;
  const found = new Set<string>();
  for (const m of text.matchAll(CASHTAG_RE)) found.add(m[1] as string);
  if (!isShouting(text)) {
    for (const m of text.matchAll(BARE_RE)) {
      const base = m[1] as string;
      const withClass = m[2] === undefined ? undefined : `${base}.${m[2]}`;
      if (withClass !== undefined && universe.has(withClass)) found.add(withClass);
      else if (universe.has(base) && !AMBIGUOUS_UPPERCASE_WORDS.has(base)) found.add(base);
    }
  }
  if (companyNames && companyNames.size > 0) addCompanyNames(text, companyNames, universe, found);
  return [...found].sort();
}

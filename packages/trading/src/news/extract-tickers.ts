import { nameTokens } from "./company-names.js";
import { AMBIGUOUS_UPPERCASE_WORDS } from "./ticker-stopwords.js";

export interface ExtractTickersOptions {
  /** Tradable symbols. Bare upper-case words and company names only count when they name one of these. */
  universe: ReadonlySet<string>;
  /** Normalised company name (see `companyNameKey`) → ticker. */
  companyNames?: ReadonlyMap<string, string>;
}

const SYMBOL = "([A-Z]{1,5}(?:\\.[A-Z]{1,2})?)";
// "$AAPL", "$BRK.B"; not "US$5" or "$5bn" (digits), not "$aapl" (prose), not "A$AP".
const CASHTAG_RE = new RegExp(`(?<![A-Za-z0-9$])\\$${SYMBOL}(?![A-Za-z0-9])`, "g");
// "(NASDAQ: TSLA)", "NYSE:IBM", "(NYSE American: XYZ)", "OTCQX: ABC": the writer says it is a ticker.
const EXCHANGE_RE = new RegExp(
  `\\b(?:NYSE(?:\\s?(?:American|Arca|MKT))?|NYSEARCA|NYSEAMERICAN|NASDAQ(?:GS|GM|CM)?|Nasdaq(?:GS|GM|CM)?|AMEX|BATS|CBOE|Cboe|OTC(?:QX|QB|MKTS)?)\\s*:\\s*${SYMBOL}(?![A-Za-z0-9])`,
  "g",
);
// "Greif (GEF)", "Tesla, Inc. (TSLA)", "Ford (F)": a capitalised name followed by its symbol in brackets.
const NAMED_SYMBOL_RE = new RegExp(`[A-Z][A-Za-z0-9&'’.-]*[.,]?\\s+\\(${SYMBOL}\\)`, "g");
// Bare ticker-shaped words: 2–5 capitals (optionally a share class, or a possessive "AAPL's"), not glued
// to other word characters.
const BARE_RE = /(?<![A-Za-z0-9$&.'’-])([A-Z]{2,5})(?:\.([A-Z]))?(?=$|['’]s\b|[^A-Za-z0-9&'’])/g;
const WORD_RE = /[A-Za-z][A-Za-z'’]*/g;
// Tokens for finding runs of capitals, split on spaces, dashes and colons ("BUZZ-U.S. STOCKS ON THE MOVE-"),
// each with the separator before it: a comma or semicolon there makes a list ("AAPL, CHTR, ULTA"), not a run.
const RUN_TOKEN_RE = /([\s\-–—:,;]*)([^\s\-–—:,;]+)/g;
const MAX_NAME_TOKENS = 8;
/** Three or more capitalised words in a row are a shouted phrase ("STOCKS ON THE MOVE"), not tickers. */
const SHOUTED_RUN = 3;

/**
 * A headline in capitals ("APPLE BEATS, IT SOARS ON NEW IPHONE") makes every word ticker-shaped;
 * bare words are ignored then, and only cashtags, exchange-qualified symbols and names count.
 */
function isShouting(text: string): boolean {
  const words = text.match(WORD_RE) ?? [];
  const longWords = words.filter((w) => w.length >= 2);
  if (longWords.length < 4) return false;
  const upper = longWords.filter((w) => w === w.toUpperCase()).length;
  return upper / longWords.length > 0.6;
}

/** Character ranges of runs of SHOUTED_RUN or more all-capital tokens. */
function shoutedRuns(text: string): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let runStart = -1;
  let runEnd = -1;
  let length = 0;
  const close = (): void => {
    if (length >= SHOUTED_RUN) runs.push([runStart, runEnd]);
    length = 0;
  };
  for (const m of text.matchAll(RUN_TOKEN_RE)) {
    const separator = m[1] as string;
    const token = m[2] as string;
    const at = m.index + separator.length;
    if (/[,;]/.test(separator)) close();
    const capitals = /[A-Z]{2}/.test(token) && !/[a-z]/.test(token);
    if (!capitals) {
      close();
      continue;
    }
    if (length === 0) runStart = at;
    runEnd = at + token.length;
    length += 1;
  }
  close();
  return runs;
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
 * Tickers a text is about, sorted and unique. Explicit forms always count, also outside the universe
 * (they feed discovery): `$SYM` cashtags and exchange-qualified symbols ("NASDAQ: TSLA"). Symbols of
 * the universe count when bracketed after a capitalised name ("Allstate (ALL)", even for common-word
 * or one-letter symbols), or as bare 2–5 letter upper-case words that are not ordinary acronyms
 * ("CEO", "IT", "USA") and not inside a shouted phrase. Company names from `companyNames` count when
 * their ticker is tradable.
 */
export function extractTickers(text: string, options: ExtractTickersOptions): string[] {
  const { universe, companyNames } = options;
  const found = new Set<string>();
  for (const m of text.matchAll(CASHTAG_RE)) found.add(m[1] as string);
  for (const m of text.matchAll(EXCHANGE_RE)) found.add(m[1] as string);
  for (const m of text.matchAll(NAMED_SYMBOL_RE)) {
    const symbol = m[1] as string;
    if (universe.has(symbol)) found.add(symbol);
  }
  if (!isShouting(text)) {
    const runs = shoutedRuns(text);
    const inRun = (at: number): boolean => runs.some(([from, to]) => at >= from && at < to);
    for (const m of text.matchAll(BARE_RE)) {
      if (inRun(m.index)) continue;
      const base = m[1] as string;
      const withClass = m[2] === undefined ? undefined : `${base}.${m[2]}`;
      if (withClass !== undefined && universe.has(withClass)) found.add(withClass);
      else if (universe.has(base) && !AMBIGUOUS_UPPERCASE_WORDS.has(base)) found.add(base);
    }
  }
  if (companyNames && companyNames.size > 0) addCompanyNames(text, companyNames, universe, found);
  return [...found].sort();
}

// "Tesla to challenge Toyota on volume - Morgan Stanley": a short tail after a spaced dash names who
// said it (a bank, an agency, a newspaper), not what the story is about.
const ATTRIBUTION_RE = /\s[-–—|]\s[^-–—|]{2,40}$/;

/**
 * Tickers of an article: its headline (without a trailing "- Source" attribution) and its summary,
 * tagged separately so a headline's last words never join the summary's first into a name.
 */
export function extractArticleTickers(title: string, summary: string | null | undefined, options: ExtractTickersOptions): string[] {
  const headline = title.replace(ATTRIBUTION_RE, "");
  const found = new Set(extractTickers(headline, options));
  if (summary) for (const ticker of extractTickers(summary, options)) found.add(ticker);
  return [...found].sort();
}

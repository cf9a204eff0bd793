/**
 * Company-name matching for ticker tagging. Names and text go through the same `companyNameKey`
 * normalisation (lower case, possessive "'s" dropped, punctuation collapsed), so "Apple's" in a
 * headline meets "Apple Inc." from the SEC list as the key "apple".
 */

const TOKEN_RE = /[\p{L}\p{N}]+(?:[&'’.\-][\p{L}\p{N}]+)*/gu;

/** The normalised word tokens of a name or a text. */
export function nameTokens(text: string): string[] {
  const tokens = text.toLowerCase().match(TOKEN_RE) ?? [];
  return tokens.map((t) => t.replace(/['’]s$/u, ""));
}

/** The map key for a company name as written ("Bank of America Corp." → "bank of america corp"). */
export function companyNameKey(name: string): string {
  return nameTokens(name).join(" ");
}

// Legal-form and share-class words at the end of registered names: "NVIDIA CORP", "Meta Platforms, Inc.".
const CORPORATE_SUFFIXES: ReadonlySet<string> = new Set([
  "inc", "incorporated", "corp", "corporation", "co", "company", "companies", "ltd", "limited", "plc", "llc",
  "l.p", "lp", "l.l.c", "n.v", "nv", "s.a", "sa", "ag", "se", "spa", "s.p.a", "ab", "asa", "oyj", "holdings",
  "holding", "group", "the", "de", "md", "class", "cl", "a", "b", "c", "new", "adr", "ads", "com",
]);

/**
 * Single words that are also ordinary English (or finance) words: "Target", "Visa", "Block",
 * "Progressive". As a lone name they would tag half the news, so they match only as a longer name.
 */
const AMBIGUOUS_SINGLE_WORD_NAMES: ReadonlySet<string> = new Set([
  "target", "visa", "block", "gap", "match", "box", "snap", "shell", "progressive", "southern", "dominion",
  "general", "american", "first", "united", "national", "international", "global", "public", "federal",
  "energy", "capital", "financial", "realty", "equity", "trust", "bank", "insurance", "pharma", "health",
  "healthcare", "technology", "technologies", "systems", "solutions", "services", "industries", "resources",
  "partners", "fund", "income", "growth", "value", "select", "premier", "summit", "pioneer", "frontier",
  "liberty", "sun", "star", "apex", "vertex", "fidelity", "state", "street", "main", "church", "ally", "live",
  "win", "one", "best", "core", "edge", "peak", "ring", "dish", "zoom", "square", "slack", "twist", "shift",
  "unity", "crown", "eagle", "mosaic", "halo", "chase", "gold", "silver", "oil", "gas",
  "water", "power", "electric", "motors", "airlines", "foods", "brands", "communications", "entertainment",
  "media", "networks", "semiconductor", "software", "therapeutics", "biosciences", "acquisition", "digital",
  "data", "cloud", "labs", "robotics", "mobile", "wireless", "solar", "green", "clean", "blue", "red", "black",
  "white", "new", "next", "smart", "good", "great", "bright", "news", "time", "world", "home", "life", "money",
  "market", "china", "america", "travel", "sports", "auto", "health", "care", "medical",
]);

function isAmbiguousSingleWord(key: string): boolean {
  return !key.includes(" ") && (key.length < 3 || AMBIGUOUS_SINGLE_WORD_NAMES.has(key));
}

/** A registered name without its legal form: "JPMORGAN CHASE & CO" → "jpmorgan chase". */
export function shortCompanyNameKey(registeredName: string): string {
  // SEC names carry state tags such as "/DE/" and share-class notes after a dash or in brackets.
  const cleaned = registeredName.replace(/\/[A-Za-z]{2,3}\/?/g, " ").replace(/\([^)]*\)/g, " ");
  const tokens = nameTokens(cleaned);
  while (tokens.length > 1 && CORPORATE_SUFFIXES.has(tokens[tokens.length - 1] as string)) tokens.pop();
  if (tokens[0] === "the" && tokens.length > 1) tokens.shift();
  return tokens.join(" ");
}

export interface CompanyNameRow {
  name: string;
  ticker: string;
}

export interface BuildCompanyNameMapOptions {
  /** Only names of these tickers are kept (the tradable universe). */
  universe?: ReadonlySet<string>;
  /**
   * Keep one-word short names ("Popular", "Post", "Atlas") from the rows. Off by default: in a list of
   * 10,000 registrants too many of them are ordinary words, and a wrong ticker is worse than a missed
   * one. Everyday one-word names come from the curated WELL_KNOWN_COMPANY_NAMES instead.
   */
  singleWordNames?: boolean;
}

/** Exchanges and indexes: "Nasdaq" or "Dow" in a headline is the market, not Nasdaq, Inc. or Dow Inc. */
const MARKET_NAME_KEYS: ReadonlySet<string> = new Set([
  "nasdaq", "nyse", "dow", "dow jones", "s&p", "s&p 500", "russell", "russell 2000", "cboe", "amex", "otc",
]);

/**
 * Name → ticker map for `extractTickers`, from rows such as the SEC's company_tickers_exchange list.
 * Each row contributes its registered name and its short form; one-word short names (unless
 * `singleWordNames`), ambiguous one-word names and market names are left out, and when two tickers
 * share a name (GOOG/GOOGL) the first row wins, so order rows by preference.
 */
export function buildCompanyNameMap(rows: Iterable<CompanyNameRow>, options: BuildCompanyNameMapOptions = {}): Map<string, string> {
  const map = new Map<string, string>();
  for (const row of rows) {
    const ticker = row.ticker.trim().toUpperCase();
    if (ticker === "" || (options.universe && !options.universe.has(ticker))) continue;
    for (const key of [companyNameKey(row.name), shortCompanyNameKey(row.name)]) {
      if (key === "" || isAmbiguousSingleWord(key) || MARKET_NAME_KEYS.has(key) || map.has(key)) continue;
      if (!options.singleWordNames && !key.includes(" ")) continue;
      map.set(key, ticker);
    }
  }
  return map;
}

/**
 * The SEC `company_tickers_exchange.json` document ({ fields: [...], data: [[cik, name, ticker,
 * exchange], ...] }) as name rows; malformed rows are skipped.
 */
export function companyNameRowsFromSecTable(doc: unknown): CompanyNameRow[] {
  if (doc === null || typeof doc !== "object") return [];
  const { fields, data } = doc as { fields?: unknown; data?: unknown };
  if (!Array.isArray(fields) || !Array.isArray(data)) return [];
  const nameAt = fields.indexOf("name");
  const tickerAt = fields.indexOf("ticker");
  if (nameAt < 0 || tickerAt < 0) return [];
  const rows: CompanyNameRow[] = [];
  for (const entry of data) {
    if (!Array.isArray(entry)) continue;
    const name: unknown = entry[nameAt];
    const ticker: unknown = entry[tickerAt];
    if (typeof name === "string" && typeof ticker === "string") rows.push({ name, ticker });
  }
  return rows;
}

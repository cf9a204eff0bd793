/**
 * Upper-case words that headlines use as words or acronyms but that are (or could be) tickers:
 * "IT" (Gartner), "ALL" (Allstate), "NOW" (ServiceNow), "AI" (C3.ai), "CEO", "USA"... A bare word
 * in this set never tags a ticker; the same symbol written as a cashtag ($IT) still does.
 */
export const AMBIGUOUS_UPPERCASE_WORDS: ReadonlySet<string> = new Set([
  "A", "I", "AI", "ALL", "AM", "AN", "AND", "ANY", "ARE", "AS", "AT", "BE", "BIG", "BUY", "BY", "CAN", "CAR", "DO",
  "EAT", "FOR", "FUN", "GO", "GOOD", "HAS", "HE", "HOT", "IF", "IN", "IS", "IT", "JOB", "KEY", "LOVE", "LOW", "MAN",
  "ME", "MORE", "MY", "NEW", "NEXT", "NICE", "NO", "NOT", "NOW", "OF", "OK", "ON", "ONE", "OPEN", "OR", "OUT", "OWN",
  "PAY", "PLAY", "REAL", "RUN", "SAFE", "SEE", "SELL", "SO", "TEN", "THE", "TO", "TOP", "TWO", "UP", "WE", "WELL",
  "WIN", "YOU",
  // Titles, agencies, markets, macro and reporting acronyms.
  "CEO", "CFO", "COO", "CTO", "CIO", "VP", "SVP", "EVP", "USA", "US", "UK", "EU", "UN", "UAE", "USD", "EUR", "GBP",
  "JPY", "CNY", "SEC", "FED", "FDA", "FTC", "FCC", "DOJ", "EPA", "IRS", "IMF", "ECB", "BOJ", "BOE", "PBOC", "OPEC",
  "NYSE", "NASDAQ", "DOW", "ETF", "ETFS", "IPO", "IPOS", "SPAC", "ESG", "EPS", "GDP", "CPI", "PPI", "PMI", "PCE",
  "YOY", "QOQ", "YTD", "ATH", "EV", "EVS", "TV", "PC", "AR", "VR", "IOT", "API", "OS", "IOS", "APP", "APPS", "CEOS", "LLC", "INC", "CORP", "LTD",
  "PLC", "CO", "Q1", "Q2", "Q3", "Q4", "H1", "H2", "FY", "AM", "PM", "EST", "EDT", "GMT", "UTC", "ET", "PT",
  "NEWS", "LIVE", "BREAKING", "UPDATE", "WATCH", "ALERT", "NFL", "NBA", "MLB", "NHL", "COVID", "WHO", "CDC", "NIH",
  "OTC", "M&A", "PE", "VC", "RE", "DD", "TA", "FA", "IMO", "FYI", "LOL", "WSJ", "CNBC", "CNN", "BBC", "NPR",
]);

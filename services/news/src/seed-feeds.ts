/**
 * The feeds the seed system polled (spec §3.2): CNBC top news, WSJ markets, SEC EDGAR current filings
 * (Atom) and Yahoo Finance headlines for its seven original tickers. `OPS_NEWS_FEEDS=seed` (alone or
 * among other URLs) stands for this list, so a deployment opts in to real network feeds explicitly.
 */
export const SEED_FEEDS: readonly string[] = [
  "https://www.cnbc.com/id/100003114/device/rss/rss.html",
  "https://feeds.a.dj.com/rss/RSSMarketsMain.xml",
  "https://www.sec.gov/cgi-bin/browse-edgar?action=getcurrent&type=&company=&dateb=&owner=include&start=0&count=40&output=atom",
  ...["AAPL", "MSFT", "GOOGL", "AMZN", "META", "NVDA", "TSLA"].map((s) => `https://finance.yahoo.com/rss/headline?s=${s}`),
];

export const SEED_FEEDS_KEYWORD = "seed";

import type { WatchlistContext } from "./watchlist-context.js";

export interface PromptOptions {
  readonly candidateCount: number;
}

export const SYSTEM_PROMPT =
  "You are an intraday options analyst for a paper-trading research system. Answer with JSON only, no prose.";

const fmt = (n: number | null, digits = 2): string => (n === null ? "n/a" : n.toFixed(digits));

/**
 * The user prompt: our own evidence first, then the answer schema. Deterministic for a given context,
 * so the stored prompt reproduces the run.
 */
export function buildPrompt(context: WatchlistContext, options: PromptOptions): string {
  const news = context.news.map((n) => {
    const headlines = n.headlines.map((h) => `"${h.replace(/\s+/g, " ").slice(0, 160)}"`).join("; ");
    return `- ${n.symbol}: ${n.mentions} articles, mean signed sentiment ${fmt(n.meanSignedScore)}${headlines ? `, e.g. ${headlines}` : ""}`;
  });
  const surges = context.surges.map((s) => `- ${s.symbol}: volume ${fmt(s.maxVolumeRatio, 1)}x its 20-bar average, last close ${fmt(s.close)}`);
  const tracked = context.tracked.map(
    (t) => `- ${t.symbol}: ${t.bars} bars, range ${fmt(t.low)}-${fmt(t.high)}, last ${fmt(t.lastClose)}, mean volume ratio ${fmt(t.meanVolumeRatio)}`,
  );
  const section = (title: string, lines: readonly string[]) => [title, ...(lines.length > 0 ? lines : ["- (none)"])].join("\n");
  return [
    `As of ${context.asOf.toISOString()}, propose up to ${options.candidateCount} US-listed stocks to watch for intraday options trades next week.`,
    "Requirements: market cap above $5B, daily volume above 500K shares, weekly options (0-7 DTE) listed, price above $20, a current catalyst; diversify across sectors.",
    section("Most-mentioned tickers in the news over the last 24 hours:", news),
    section("Largest volume surges over the last 24 hours:", surges),
    section("Currently tracked tickers, last 7 days:", tracked),
    [
      "Answer with a JSON array only. Each item has exactly these fields:",
      '{"ticker": string, "sector": string, "catalyst": string, "confidence": number between 0 and 1, "expected_volume": "high" | "medium" | "normal"}',
      "No other fields, no duplicate tickers.",
    ].join("\n"),
  ].join("\n\n");
}

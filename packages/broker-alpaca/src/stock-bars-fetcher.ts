// The multi-symbol bars download: symbol chunks sized for the URL limit, every next_page_token followed,
// one shared token bucket per key, 429s waited out as the server says (Retry-After, X-RateLimit-Reset),
// other transient failures retried with jittered back-off. Only GETs come through here: retrying them
// is always safe. Transport-agnostic: the HTTP call is injected.
import type { Bar } from "@ops/trading";
import type { BarTimeframe, MalformedBar, StockBarsFetchStats, StockBarsRequest, StockBarsResult, StockFeed } from "./broker.js";
import { isTransientStatus } from "./classify-failure.js";
import { BrokerContractError } from "./errors.js";
import { jitteredBackoffMs } from "./jittered-backoff.js";
import { parseBarsPageLenient } from "./lenient-stock-bars.js";
import { readRateLimitHeaders } from "./rate-limit-headers.js";
import type { RequestTiming } from "./request-timing.js";
import { chunkSymbolsForUrl } from "./symbol-chunks.js";
import type { TokenBucket } from "./token-bucket.js";

export interface BarsPageQuery {
  readonly symbols: readonly string[];
  readonly start: Date;
  readonly end: Date | undefined;
  readonly timeframe: BarTimeframe;
  readonly feed: StockFeed;
  readonly limit: number | undefined;
  readonly pageToken: string | undefined;
}

export interface BarsPageAnswer {
  /** The decoded JSON body. */
  readonly body: unknown;
  readonly headers: Headers;
}

/** One GET. A refused request throws an error carrying `status` and, when there was one, `response`. */
export type FetchBarsPage = (query: BarsPageQuery, signal: AbortSignal | undefined) => Promise<BarsPageAnswer>;

export interface BarsFetchPolicy {
  /** Room for the encoded symbol list in the URL (the rest of the URL is accounted for by the caller). */
  readonly maxSymbolChars: number;
  /** Tries per page for 5xx, 408, network errors (429 waits are separate). 1 = no retry. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** 429 answers tolerated per page before giving up. */
  readonly maxRateLimitWaits: number;
  readonly bucket: TokenBucket;
  readonly timing: RequestTiming;
  readonly random?: () => number;
  /** The adapter's error for a final failure (AuthError, BrokerTransientError, ...). */
  readonly mapFailure: (error: unknown) => Error;
}

/** Alpaca's guard against endless paging is ours too: a server that keeps sending tokens is a bug. */
const MAX_PAGES_PER_CHUNK = 10_000;

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

function headersOf(error: unknown): Headers | undefined {
  const headers = (error as { response?: { headers?: unknown } } | null)?.response?.headers;
  return headers instanceof Headers ? headers : undefined;
}

function isAbort(error: unknown): boolean {
  const name = (error as { name?: unknown; cause?: { name?: unknown } } | null);
  return name?.name === "AbortError" || name?.cause?.name === "AbortError";
}

async function fetchPageWithRetry(
  query: BarsPageQuery,
  fetchPage: FetchBarsPage,
  policy: BarsFetchPolicy,
  stats: StockBarsFetchStats,
  signal: AbortSignal | undefined,
): Promise<BarsPageAnswer> {
  let attempt = 0;
  let rateLimitWaits = 0;
  for (;;) {
    const waited = await policy.bucket.take(signal);
    if (waited < 0) throw policy.mapFailure(signal?.reason ?? new DOMException("aborted", "AbortError"));
    stats.waitedMs += waited;
    stats.requests += 1;
    try {
      const answer = await fetchPage(query, signal);
      const limits = readRateLimitHeaders(answer.headers, policy.timing.nowMs());
      // The window is spent: wait for its reset instead of provoking a 429.
      if (limits.remaining === 0 && limits.resumeAtMs !== undefined) policy.bucket.pauseUntil(limits.resumeAtMs);
      return answer;
    } catch (error) {
      if (signal?.aborted || isAbort(error)) throw policy.mapFailure(error);
      const status = statusOf(error);
      const now = policy.timing.nowMs();
      if (status === 429 && rateLimitWaits < policy.maxRateLimitWaits) {
        rateLimitWaits += 1;
        stats.rateLimited += 1;
        const headers = headersOf(error);
        const resumeAt = headers ? readRateLimitHeaders(headers, now).resumeAtMs : undefined;
        policy.bucket.pauseUntil(resumeAt ?? now + jitteredBackoffMs(rateLimitWaits - 1, policy.baseDelayMs, policy.maxDelayMs, policy.random));
        continue;
      }
      const retryable = status === undefined ? !(error instanceof BrokerContractError) : status !== 429 && isTransientStatus(status);
      if (!retryable || attempt + 1 >= policy.maxAttempts) throw policy.mapFailure(error);
      const headers = headersOf(error);
      const hinted = headers ? readRateLimitHeaders(headers, now).resumeAtMs : undefined;
      const delay = hinted !== undefined && hinted > now ? Math.min(hinted - now, policy.maxDelayMs)
        : jitteredBackoffMs(attempt, policy.baseDelayMs, policy.maxDelayMs, policy.random);
      attempt += 1;
      stats.retries += 1;
      await policy.timing.sleep(delay, signal);
      stats.waitedMs += delay;
    }
  }
}

/** Every bar of `query` in the window, chunk by chunk and page by page; malformed bars reported, not fatal. */
export async function fetchStockBarsChunked(
  query: StockBarsRequest,
  fetchPage: FetchBarsPage,
  policy: BarsFetchPolicy,
  signal?: AbortSignal,
): Promise<StockBarsResult> {
  const stats: StockBarsFetchStats = { requests: 0, pages: 0, chunks: 0, retries: 0, rateLimited: 0, waitedMs: 0 };
  const bars: Bar[] = [];
  const malformed: MalformedBar[] = [];
  for (const symbols of chunkSymbolsForUrl(query.symbols, policy.maxSymbolChars)) {
    stats.chunks += 1;
    const seenTokens = new Set<string>();
    let pageToken: string | undefined;
    for (let page = 0; ; page++) {
      if (page >= MAX_PAGES_PER_CHUNK) throw new BrokerContractError(`getStockBars: more than ${MAX_PAGES_PER_CHUNK} pages`);
      const answer = await fetchPageWithRetry(
        { symbols, start: query.start, end: query.end, timeframe: query.timeframe, feed: query.feed ?? "iex", limit: query.limit, pageToken },
        fetchPage, policy, stats, signal,
      );
      stats.pages += 1;
      const parsed = parseBarsPageLenient(answer.body);
      for (const bar of parsed.bars) bars.push(bar);
      for (const bad of parsed.malformed) malformed.push(bad);
      const next = parsed.nextPageToken;
      if (next === undefined) break;
      if (seenTokens.has(next)) throw new BrokerContractError(`getStockBars: page token repeated (${next})`);
      seenTokens.add(next);
      pageToken = next;
    }
  }
  return { bars, malformed, stats };
}

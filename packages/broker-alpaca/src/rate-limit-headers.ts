// Alpaca's rate-limit answers: Retry-After (seconds or an HTTP date) on a 429, and on every response
// X-RateLimit-Remaining plus X-RateLimit-Reset (Unix seconds when the window refills).

export interface RateLimitHeaders {
  /** Wall-clock instant before which the next request would be refused, when the headers say so. */
  readonly resumeAtMs: number | undefined;
  readonly remaining: number | undefined;
}

function header(headers: Headers, name: string): string | undefined {
  const value = headers.get(name)?.trim();
  return value ? value : undefined;
}

/** Reads the headers of one response; `nowMs` turns a relative Retry-After into an instant. */
export function readRateLimitHeaders(headers: Headers, nowMs: number): RateLimitHeaders {
  const remainingText = header(headers, "x-ratelimit-remaining");
  const remaining = remainingText === undefined ? undefined : Number(remainingText);
  let resumeAtMs: number | undefined;
  const retryAfter = header(headers, "retry-after");
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) resumeAtMs = nowMs + Math.max(0, seconds) * 1000;
    else {
      const at = Date.parse(retryAfter);
      if (Number.isFinite(at)) resumeAtMs = at;
    }
  }
  if (resumeAtMs === undefined) {
    const reset = Number(header(headers, "x-ratelimit-reset"));
    if (Number.isFinite(reset) && reset > 0) resumeAtMs = reset * 1000;
  }
  return { resumeAtMs, remaining: remaining !== undefined && Number.isFinite(remaining) ? remaining : undefined };
}

// One request budget per API key. Alpaca counts requests per key, so every client that holds the key in
// this process must draw from the same bucket, and a 429 seen by one of them pauses all of them.
import { createHash } from "node:crypto";
import { REAL_TIMING } from "./request-timing.js";
import type { RequestTiming } from "./request-timing.js";

export interface TokenBucketLimit {
  /** Requests per interval; the bucket never holds more than this. */
  readonly requests: number;
  readonly intervalMs: number;
}

/**
 * A refilling token bucket with a "paused until" instant. `limit` undefined means no local budget:
 * only the server's answers (429, Retry-After, X-RateLimit-Reset) slow requests down.
 */
export class TokenBucket {
  readonly #limit: TokenBucketLimit | undefined;
  readonly #timing: RequestTiming;
  #tokens: number;
  #refilledAt: number;
  #pausedUntil = 0;

  constructor(limit: TokenBucketLimit | undefined, timing: RequestTiming = REAL_TIMING) {
    if (limit !== undefined && (!(limit.requests >= 1) || !(limit.intervalMs > 0))) {
      throw new RangeError(`token bucket needs requests >= 1 and intervalMs > 0, got ${JSON.stringify(limit)}`);
    }
    this.#limit = limit;
    this.#timing = timing;
    this.#tokens = limit?.requests ?? 0;
    this.#refilledAt = timing.nowMs();
  }

  /** When the bucket is paused by the server, the wall-clock instant it resumes (0 when not paused). */
  get pausedUntil(): number {
    return this.#pausedUntil;
  }

  /**
   * Waits for a token (and for any server-imposed pause) and takes it. Returns the milliseconds waited,
   * or -1 when the signal aborted first (no token taken).
   */
  async take(signal?: AbortSignal): Promise<number> {
    let waited = 0;
    for (;;) {
      if (signal?.aborted) return -1;
      const now = this.#timing.nowMs();
      let wait = this.#pausedUntil - now;
      if (wait <= 0 && this.#limit !== undefined) {
        this.#refill(now);
        if (this.#tokens >= 1) {
          this.#tokens -= 1;
          return waited;
        }
        wait = Math.ceil(((1 - this.#tokens) * this.#limit.intervalMs) / this.#limit.requests);
      }
      if (wait <= 0) return waited;
      await this.#timing.sleep(wait, signal);
      waited += wait;
    }
  }

  /** The server said "not before untilMs" (429 Retry-After / X-RateLimit-Reset, or Remaining = 0). */
  pauseUntil(untilMs: number): void {
    if (!Number.isFinite(untilMs) || untilMs <= this.#pausedUntil) return;
    this.#pausedUntil = untilMs;
    // Tokens saved before the pause are not trusted: after it, one request probes the new window and
    // the rest follow at the refill rate.
    this.#tokens = Math.min(this.#tokens, 1);
    this.#refilledAt = Math.max(this.#refilledAt, untilMs);
  }

  #refill(now: number): void {
    const limit = this.#limit;
    if (limit === undefined || now <= this.#refilledAt) return;
    this.#tokens = Math.min(limit.requests, this.#tokens + ((now - this.#refilledAt) * limit.requests) / limit.intervalMs);
    this.#refilledAt = now;
  }
}

const buckets = new Map<string, TokenBucket>();

/**
 * The process-wide bucket of one key at one host. The key id is hashed so the registry never holds it;
 * the first caller's limit and timing define the bucket (later callers share it as it is).
 */
export function sharedTokenBucket(host: string, keyId: string, limit: TokenBucketLimit | undefined, timing: RequestTiming = REAL_TIMING): TokenBucket {
  const id = createHash("sha256").update(`${host}\u0000${keyId}`).digest("hex");
  let bucket = buckets.get(id);
  if (!bucket) {
    bucket = new TokenBucket(limit, timing);
    buckets.set(id, bucket);
  }
  return bucket;
}

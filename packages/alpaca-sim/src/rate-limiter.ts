export interface RateDecision {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** Unix seconds when the current window ends (Alpaca's X-RateLimit-Reset). */
  readonly resetEpochS: number;
}

interface Window {
  startMs: number;
  count: number;
}

/**
 * Fixed one-minute windows per key, on the real wall clock: a limiter protects the server from its
 * callers, so it must not speed up or stall with the replay clock.
 */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limitPerMinute: number,
    private readonly wallNowMs: () => number = () => Date.now(),
  ) {
    if (!Number.isInteger(limitPerMinute) || limitPerMinute < 1) {
      throw new RangeError(`rateLimitPerMinute must be a positive integer, got ${limitPerMinute}`);
    }
  }

  take(key: string): RateDecision {
    const now = this.wallNowMs();
    let w = this.windows.get(key);
    if (!w || now - w.startMs >= 60_000) {
      w = { startMs: now, count: 0 };
      this.windows.set(key, w);
    }
    const allowed = w.count < this.limitPerMinute;
    if (allowed) w.count += 1;
    return {
      allowed,
      limit: this.limitPerMinute,
      remaining: this.limitPerMinute - w.count,
      resetEpochS: Math.ceil((w.startMs + 60_000) / 1000),
    };
  }
}

// Time as the market-data client sees it: "now" for rate-limit headers and real waits for back-off.
// Injected so a test can run a rate-limited exchange on virtual time instead of sleeping for a minute.
import { abortableDelay } from "@ops/core";

export interface RequestTiming {
  /** Wall-clock milliseconds (Retry-After and X-RateLimit-Reset are wall-clock instants). */
  nowMs(): number;
  /** Waits ms, or less when the signal aborts; never throws. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const REAL_TIMING: RequestTiming = {
  nowMs: () => Date.now(),
  sleep: (ms, signal) => abortableDelay(ms, signal),
};

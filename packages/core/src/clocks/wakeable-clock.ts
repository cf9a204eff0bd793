import type { Clock } from "../clock.js";

export interface WakeableClock extends Clock {
  /** Ends the current sleep now, or the next one at once if no sleep is running (a cycle is). */
  wake(): void;
}

/**
 * A clock whose sleeps a notification can cut short, so the loop runner starts its next cycle early
 * without knowing about notifications: runLoop only ever calls sleepUntil, and the interval timer
 * stays the fallback when no notification comes (or LISTEN is down). Time itself is unchanged.
 */
export function wakeableClock(inner: Clock): WakeableClock {
  let pending = false;
  let interrupt: (() => void) | undefined;
  return {
    now: () => inner.now(),
    wake() {
      if (interrupt) interrupt();
      else pending = true;
    },
    async sleepUntil(until, signal) {
      if (pending) {
        pending = false;
        return;
      }
      const early = new AbortController();
      const forward = () => early.abort(signal?.reason);
      signal?.addEventListener("abort", forward, { once: true });
      if (signal?.aborted) forward();
      interrupt = () => early.abort(new Error("woken by notification"));
      try {
        await inner.sleepUntil(until, early.signal);
      } catch (error) {
        // Some clocks reject when their signal aborts; an abort we caused ourselves is a normal wake.
        if (!early.signal.aborted || signal?.aborted) throw error;
      } finally {
        interrupt = undefined;
        signal?.removeEventListener("abort", forward);
      }
    },
  };
}

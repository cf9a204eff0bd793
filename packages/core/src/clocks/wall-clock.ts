import type { Clock } from "../clock.js";
import { abortableDelay } from "./abortable-delay.js";

/** Production time. sleepUntil resolves early (without throwing) when the signal aborts. */
export class WallClock implements Clock {
  now(): Date {
    return new Date();
  }

  async sleepUntil(until: Date, signal?: AbortSignal): Promise<void> {
    // Timers can fire a little early; loop until the clock really reads `until`.
    while (!signal?.aborted) {
      const remaining = until.getTime() - Date.now();
      if (remaining <= 0) return;
      await abortableDelay(remaining, signal);
    }
  }
}

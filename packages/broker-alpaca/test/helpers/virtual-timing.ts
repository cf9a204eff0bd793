import type { RequestTiming } from "../../src/index.js";

/** Time that only moves when someone sleeps: rate-limit waits of a minute take no real time. */
export function virtualTiming(startMs = Date.parse("2024-03-05T15:00:00Z")): RequestTiming & { sleeps: number[]; advance(ms: number): void } {
  let now = startMs;
  const sleeps: number[] = [];
  return {
    sleeps,
    nowMs: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      now += Math.max(0, ms);
      return Promise.resolve();
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

/**
 * The one source of "now" for trading decisions. Production uses the wall clock; replays use the
 * simulator's clock, so loop intervals, freshness ages, cooldowns and EOD windows run in market time.
 */
export interface Clock {
  now(): Date;
  /** Waits until the clock reads at least `until` (or the signal aborts). */
  sleepUntil(until: Date, signal?: AbortSignal): Promise<void>;
}

import type { Clock } from "../clock.js";

interface Sleeper {
  until: number;
  resolve: () => void;
}

/**
 * Test time: moves only when told (set/advance). Sleepers wake when the clock reaches their time or
 * their signal aborts. `whenSleeping()` lets a test wait until the code under test is parked.
 */
export class ManualClock implements Clock {
  private current: number;
  private sleepers: Sleeper[] = [];
  private sleepWatchers: Array<{ count: number; resolve: () => void }> = [];

  constructor(start: Date | string | number) {
    this.current = new Date(start).getTime();
    if (Number.isNaN(this.current)) throw new TypeError("ManualClock: invalid start time");
  }

  now(): Date {
    return new Date(this.current);
  }

  set(to: Date | string | number): void {
    const next = new Date(to).getTime();
    if (Number.isNaN(next)) throw new TypeError("ManualClock.set: invalid time");
    this.current = next;
    this.wake();
  }

  advance(ms: number): void {
    this.set(this.current + ms);
  }

  /** Number of callers currently waiting in sleepUntil. */
  get sleeping(): number {
    return this.sleepers.length;
  }

  /** The earliest time a current sleeper waits for (undefined when nobody sleeps). */
  get nextWake(): Date | undefined {
    if (this.sleepers.length === 0) return undefined;
    return new Date(Math.min(...this.sleepers.map((sleeper) => sleeper.until)));
  }

  /** Resolves once at least `count` callers are waiting in sleepUntil. */
  whenSleeping(count = 1): Promise<void> {
    if (this.sleepers.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.sleepWatchers.push({ count, resolve }));
  }

  sleepUntil(until: Date, signal?: AbortSignal): Promise<void> {
    const target = until.getTime();
    if (target <= this.current || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const sleeper: Sleeper = {
        until: target,
        resolve: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.sleepers = this.sleepers.filter((other) => other !== sleeper);
        sleeper.resolve();
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.sleepers.push(sleeper);
      this.notifyWatchers();
    });
  }

  private wake(): void {
    const due = this.sleepers.filter((sleeper) => sleeper.until <= this.current);
    this.sleepers = this.sleepers.filter((sleeper) => sleeper.until > this.current);
    for (const sleeper of due) sleeper.resolve();
  }

  private notifyWatchers(): void {
    const ready = this.sleepWatchers.filter((watcher) => this.sleepers.length >= watcher.count);
    this.sleepWatchers = this.sleepWatchers.filter((watcher) => this.sleepers.length < watcher.count);
    for (const watcher of ready) watcher.resolve();
  }
}

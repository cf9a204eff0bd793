import type { Clock } from "../clock.js";
import { abortableDelay } from "./abortable-delay.js";

export interface ScaledClockOptions {
  /** Market time at the moment the clock is created. */
  start: Date;
  /** Market milliseconds per real millisecond (60 = one market minute per real second). */
  speed: number;
  /** Real time source in ms; injectable for tests. */
  realNow?: () => number;
}

/** Replay time: market time = start + real elapsed × speed. */
export class ScaledClock implements Clock {
  readonly speed: number;
  private readonly startMs: number;
  private readonly realStart: number;
  private readonly realNow: () => number;

  constructor(options: ScaledClockOptions) {
    if (!(options.speed > 0) || !Number.isFinite(options.speed)) {
      throw new RangeError("ScaledClock: speed must be a positive finite number");
    }
    this.speed = options.speed;
    this.startMs = options.start.getTime();
    this.realNow = options.realNow ?? (() => performance.now());
    this.realStart = this.realNow();
  }

  now(): Date {
    return new Date(this.startMs + (this.realNow() - this.realStart) * this.speed);
  }

  async sleepUntil(until: Date, signal?: AbortSignal): Promise<void> {
    while (!signal?.aborted) {
      const remainingMarketMs = until.getTime() - this.now().getTime();
      if (remainingMarketMs <= 0) return;
      // At least 1 ms of real time per step, so high speeds do not spin.
      await abortableDelay(Math.max(1, Math.ceil(remainingMarketMs / this.speed)), signal);
    }
  }
}

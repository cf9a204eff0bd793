import type { Clock } from "@ops/core";

export interface SimClockOptions {
  /** Market time the clock reads at construction. */
  readonly start: Date;
  /**
   * 0 (default) = manual: time moves only through advanceTo/advanceBy. N > 0 = scaled: market time
   * runs N times faster than the wall clock from the last (re)base point.
   */
  readonly speed?: number;
  /** Wall clock in ms, injectable for tests of scaled mode. */
  readonly wallNowMs?: () => number;
  /** How often (wall ms) listeners hear about time passing in scaled mode. */
  readonly tickIntervalMs?: number;
}

export type ClockListener = (now: Date) => void;

interface Sleeper {
  readonly untilMs: number;
  readonly resolve: () => void;
  /** Recomputes the wall-clock wake-up after a speed change. */
  readonly reschedule: () => void;
}

/**
 * The simulator's market clock. Everything market-facing (fills, bars served, order timestamps,
 * /v2/clock) reads this clock, never the wall clock, so a replay behaves like the day it replays.
 */
export class SimClock implements Clock {
  private baseMarketMs: number;
  private baseWallMs: number;
  private currentSpeed: number;
  private readonly wallNowMs: () => number;
  private readonly tickIntervalMs: number;
  private readonly listeners = new Set<ClockListener>();
  private sleepers: Sleeper[] = [];
  private ticker: NodeJS.Timeout | undefined;
  private lastEmittedMs: number;

  constructor(options: SimClockOptions) {
    const speed = options.speed ?? 0;
    assertSpeed(speed);
    this.wallNowMs = options.wallNowMs ?? (() => Date.now());
    this.tickIntervalMs = options.tickIntervalMs ?? 250;
    this.baseMarketMs = options.start.getTime();
    this.baseWallMs = this.wallNowMs();
    this.currentSpeed = speed;
    this.lastEmittedMs = this.baseMarketMs;
  }

  get speed(): number {
    return this.currentSpeed;
  }

  get isManual(): boolean {
    return this.currentSpeed === 0;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    if (this.currentSpeed === 0) return this.baseMarketMs;
    return this.baseMarketMs + Math.floor((this.wallNowMs() - this.baseWallMs) * this.currentSpeed);
  }

  /** Moves market time forward to `t` (never backward: replays must not un-fill orders). */
  advanceTo(t: Date): void {
    const target = t.getTime();
    if (Number.isNaN(target)) throw new RangeError("advanceTo: invalid date");
    const current = this.nowMs();
    if (target < current) {
      throw new RangeError(
        `advanceTo: ${t.toISOString()} is before the clock's now ${new Date(current).toISOString()}`,
      );
    }
    this.rebase(target);
    this.emit();
  }

  advanceBy(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advanceBy: ms must be >= 0, got ${ms}`);
    this.advanceTo(new Date(this.nowMs() + ms));
  }

  /** Switches between manual (0) and scaled (> 0) mode without a jump in market time. */
  setSpeed(speed: number): void {
    assertSpeed(speed);
    this.rebase(this.nowMs());
    this.currentSpeed = speed;
    this.syncTicker();
    this.rescheduleSleepers();
  }

  /** Called after time moves (advance, or periodically in scaled mode). Returns an unsubscribe. */
  onAdvance(listener: ClockListener): () => void {
    this.listeners.add(listener);
    this.syncTicker();
    return () => {
      this.listeners.delete(listener);
      this.syncTicker();
    };
  }

  sleepUntil(until: Date, signal?: AbortSignal): Promise<void> {
    const untilMs = until.getTime();
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.nowMs() >= untilMs) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const stopTimer = (): void => {
        if (timer) clearTimeout(timer);
        timer = undefined;
      };
      const cleanup = (): void => {
        stopTimer();
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        signal?.removeEventListener("abort", onAbort);
      };
      // Scaled mode: wake on the wall-clock estimate and re-check; manual mode waits for advances.
      const schedule = (): void => {
        stopTimer();
        if (this.currentSpeed === 0) return;
        const wallMs = Math.max(1, Math.ceil((untilMs - this.nowMs()) / this.currentSpeed));
        timer = setTimeout(() => {
          if (this.nowMs() >= untilMs) sleeper.resolve();
          else schedule();
        }, wallMs);
      };
      const sleeper: Sleeper = {
        untilMs,
        resolve: () => {
          cleanup();
          resolve();
        },
        reschedule: schedule,
      };
      const onAbort = (): void => {
        cleanup();
        reject(abortReason(signal as AbortSignal));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.sleepers.push(sleeper);
      schedule();
    });
  }

  /** Stops the scaled-mode ticker; sleepers stay pending. */
  dispose(): void {
    this.listeners.clear();
    this.syncTicker();
  }

  private rebase(marketMs: number): void {
    this.baseMarketMs = marketMs;
    this.baseWallMs = this.wallNowMs();
  }

  private emit(): void {
    const nowMs = this.nowMs();
    this.lastEmittedMs = nowMs;
    for (const s of [...this.sleepers]) if (s.untilMs <= nowMs) s.resolve();
    const now = new Date(nowMs);
    for (const l of [...this.listeners]) l(now);
  }

  private rescheduleSleepers(): void {
    for (const s of [...this.sleepers]) s.reschedule();
  }

  private syncTicker(): void {
    const wanted = this.currentSpeed > 0 && this.listeners.size > 0;
    if (wanted && !this.ticker) {
      this.ticker = setInterval(() => {
        if (this.nowMs() > this.lastEmittedMs) this.emit();
      }, this.tickIntervalMs);
      this.ticker.unref();
    } else if (!wanted && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }
}

function assertSpeed(speed: number): void {
  if (!Number.isFinite(speed) || speed < 0) throw new RangeError(`speed must be >= 0, got ${speed}`);
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("The operation was aborted", "AbortError");
}

import type { HighLowClose } from "./atr.js";
import { NumberSlot } from "./number-slot.js";
import type { StreamingIndicator } from "./streaming-indicator.js";

export interface VwapInput extends HighLowClose {
  readonly volume: number;
  /** Any key that changes when a new session starts (e.g. `etSessionDay(ts)`). */
  readonly session: number;
}

/**
 * Session VWAP: Σ(typical price · volume) / Σ volume since the first bar of the session, with typical
 * price (high + low + close) / 3 (the usual bar approximation; trading-signals' VWAP is the same
 * formula without the session reset). It restarts whenever `session` changes, so an overnight or
 * half-day gap never mixes two sessions. Undefined until the session has traded some volume.
 */
export class SessionVwap implements StreamingIndicator<VwapInput, number> {
  private session: number | undefined;
  private pv = 0;
  private volume = 0;
  private seen = 0;
  private readonly current = new NumberSlot();

  get value(): number | undefined {
    return this.current.value;
  }

  get warmupPeriod(): number {
    return 1;
  }

  get count(): number {
    return this.seen;
  }

  get ready(): boolean {
    return this.current.has;
  }

  /** Bars of the session so far, including the latest. */
  get sessionBars(): number {
    return this.seen;
  }

  update(bar: VwapInput): number | undefined {
    if (bar.session !== this.session) {
      this.session = bar.session;
      this.pv = 0;
      this.volume = 0;
      this.seen = 0;
      this.current.clear();
    }
    this.seen++;
    if (bar.volume > 0) {
      this.pv += ((bar.high + bar.low + bar.close) / 3) * bar.volume;
      this.volume += bar.volume;
      this.current.set(this.pv / this.volume);
    }
    return this.current.value;
  }

  reset(): void {
    this.session = undefined;
    this.pv = 0;
    this.volume = 0;
    this.seen = 0;
    this.current.clear();
  }

  clone(): SessionVwap {
    const copy = new SessionVwap();
    copy.session = this.session;
    copy.pv = this.pv;
    copy.volume = this.volume;
    copy.seen = this.seen;
    copy.current.copyFrom(this.current);
    return copy;
  }
}

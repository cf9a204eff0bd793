import { RollingWindow } from "./rolling-window.js";

/** Simple moving average; defined once `period` values were seen. */
export class Sma {
  readonly period: number;
  private readonly window: RollingWindow;
  private sum = 0;
  private current: number | undefined;

  constructor(period: number) {
    this.window = new RollingWindow(period);
    this.period = period;
  }

  get value(): number | undefined {
    return this.current;
  }

  update(x: number): number | undefined {
    const evicted = this.window.push(x);
    this.sum += evicted === undefined ? x : x - evicted;
    // A running sum drifts over millions of updates; re-summing once per lap keeps it exact
    // at amortised O(1).
    if (this.window.wrapped) {
      let s = 0;
      this.window.forEach((v) => {
        s += v;
      });
      this.sum = s;
    }
    this.current = this.window.full ? this.sum / this.period : undefined;
    return this.current;
  }
}

/**
 * What every streaming indicator offers: an O(1) `update`, the current `value`, and an explicit
 * warm-up state, so a caller can tell "not enough data yet" from a value and knows how many inputs
 * a reset costs. `clone` lets a caller checkpoint state and replay from there (bar corrections).
 */
export interface StreamingIndicator<In, Out> {
  /** Inputs needed before the first value: TA-Lib's lookback + 1 (e.g. 14 + 1 for RSI 14). */
  readonly warmupPeriod: number;
  /** Inputs accepted since construction or the last reset. */
  readonly count: number;
  /** True once `value` is defined; false again after `reset`. */
  readonly ready: boolean;
  readonly value: Out | undefined;
  update(input: In): Out | undefined;
  /** Forgets everything: the indicator warms up again from its next input. */
  reset(): void;
  /** An independent copy of the whole state. */
  clone(): StreamingIndicator<In, Out>;
}

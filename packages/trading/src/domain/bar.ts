/** One OHLCV bar. `ts` is the bar's start (Alpaca convention); prices in dollars, volume in shares. */
export interface Bar {
  readonly symbol: string;
  readonly ts: Date;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

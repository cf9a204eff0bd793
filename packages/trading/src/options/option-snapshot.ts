import type { OptionType } from "./occ-symbol.js";

/** One contract from an option-chain snapshot, already parsed from the broker payload. */
export interface OptionSnapshot {
  /** OCC symbol, e.g. "SPY260213C00600000". */
  readonly symbol: string;
  /** "YYYY-MM-DD". */
  readonly expiration: string;
  readonly type: OptionType;
  readonly strike: number;
  readonly bid: number;
  readonly ask: number;
  readonly delta: number | null;
  readonly theta: number | null;
  readonly iv: number | null;
  /** Contracts traded today (Alpaca `dailyBar.v`, not `latestTrade.size` — seed 13). */
  readonly dailyVolume: number;
}

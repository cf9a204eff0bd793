import type { StrategyType } from "../domain/vocabulary.js";

/** Premium-based exits for options (the only exit rule set for options — seed 38 ran two at once). */
export interface OptionExitRules {
  /** Take profit at +this % of premium. */
  readonly profitTargetPct: number;
  /** Stop at −this % of premium. */
  readonly stopLossPct: number;
  /** Premium exits wait this long after entry (seed 38: options closed in 1–2 minutes)... */
  readonly minHoldMinutes: number;
  /** ...unless the loss is already at least this % (a collapsing contract is not held for the clock). */
  readonly minHoldBypassLossPct: number;
}

export interface TrailingRules {
  /** The trail arms only once the best mark was at least this % above entry (seed 39)... */
  readonly armGainPct: number;
  /** ...and the position is at least this old. */
  readonly minHoldMinutes: number;
  /** Fraction of the peak gain given back before exiting (0.25 keeps 75 % of it). */
  readonly givebackFraction: number;
}

export interface EodWindow {
  readonly minutesBeforeClose: number;
  /** Close an intraday option in this window when its P&L % is below this. */
  readonly closeBelowPnlPct: number;
}

export interface ExitPolicy {
  readonly options: Readonly<Record<StrategyType, OptionExitRules>>;
  /** Stocks without stored stop/target use these distances from entry. */
  readonly stock: { readonly stopLossPct: number; readonly takeProfitPct: number };
  readonly trailing: { readonly option: TrailingRules; readonly stock: TrailingRules };
  /** Theta rule scaled to tenor: DTE ≤ 1 needs at least +dte1MinPnlPct, DTE ≤ 2 at least dte2MinPnlPct. */
  readonly theta: { readonly dte1MinPnlPct: number; readonly dte2MinPnlPct: number };
  readonly expirationRiskHours: number;
  /** Intraday strategies are flat this many minutes before the close (15:55 ET, or 5 min before an early close). */
  readonly dayTradeCloseMinutesBeforeClose: number;
  /** Graduated de-risking of intraday options before the final flat (earliest window first). */
  readonly eodWindows: readonly EodWindow[];
  readonly maxHoldMinutes: Readonly<Record<StrategyType, number>>;
}

/** Strategies that never hold overnight: flattened by day_trade_close / eod_flat. */
export const INTRADAY_STRATEGIES: readonly StrategyType[] = ["day_trade", "gap_fade"];

const STANDARD_OPTION_RULES: OptionExitRules = {
  profitTargetPct: 80,
  stopLossPct: 60,
  minHoldMinutes: 30,
  minHoldBypassLossPct: 50,
};

export const DEFAULT_EXIT_POLICY: ExitPolicy = {
  options: {
    day_trade: STANDARD_OPTION_RULES,
    swing_trade: STANDARD_OPTION_RULES,
    conservative: STANDARD_OPTION_RULES,
    // The gap-fade exits the seed specified but never built (seed 51): +40 % / −30 % / 90 min.
    gap_fade: { ...STANDARD_OPTION_RULES, profitTargetPct: 40, stopLossPct: 30 },
  },
  stock: { stopLossPct: 2, takeProfitPct: 3 },
  trailing: {
    option: { armGainPct: 10, minHoldMinutes: 30, givebackFraction: 0.25 },
    stock: { armGainPct: 1.5, minHoldMinutes: 30, givebackFraction: 0.25 },
  },
  theta: { dte1MinPnlPct: 10, dte2MinPnlPct: 0 },
  expirationRiskHours: 24,
  dayTradeCloseMinutesBeforeClose: 5,
  eodWindows: [
    { minutesBeforeClose: 90, closeBelowPnlPct: -20 },
    { minutesBeforeClose: 60, closeBelowPnlPct: -10 },
    { minutesBeforeClose: 30, closeBelowPnlPct: 0 },
  ],
  maxHoldMinutes: { day_trade: 360, gap_fade: 90, swing_trade: 7 * 24 * 60, conservative: 7 * 24 * 60 },
};

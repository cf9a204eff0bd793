import { easternMinuteOfDay } from "./eastern-minute-of-day.js";
import { DEFAULT_SIGNAL_CONFIG, type GapFadeConfig } from "./signal-config.js";
import type { EntrySignal, PreviousSession } from "./signal-types.js";

export interface GapFadeInput {
  /** Current price (the newest bar's close). */
  readonly close: number;
  /** The previous trading day's regular session (not "24 hours ago": Mondays and holidays). */
  readonly previousSession: PreviousSession | null;
  readonly now: Date;
}

export type GapFadeOutcome =
  | { readonly signal: EntrySignal; readonly reason?: undefined }
  | { readonly signal: null; readonly reason: string };

/**
 * Seed §3.6 step 2, with its bugs fixed: the previous session is the previous trading day's regular
 * session as a whole (open of its first RTH bar to close of its last), passed in by the caller, not
 * one 1-minute bar found at a fixed UTC time. In the first hour, a gap of at least 0.8 % in the same
 * direction as a previous session that moved more than 0.5 % is faded with a long option.
 */
export function computeGapFade(input: GapFadeInput, cfg: GapFadeConfig = DEFAULT_SIGNAL_CONFIG.gapFade): GapFadeOutcome {
  if (!cfg.enabled) return { signal: null, reason: "gap fade disabled" };
  const minute = easternMinuteOfDay(input.now);
  if (minute < cfg.windowStartMinuteEt || minute >= cfg.windowEndMinuteEt) {
    return { signal: null, reason: "outside the gap-fade window" };
  }
  const prev = input.previousSession;
  if (prev === null || !(prev.open > 0) || !(prev.close > 0) || !(input.close > 0)) {
    return { signal: null, reason: "no usable previous session" };
  }
  const prevMove = (prev.close - prev.open) / prev.open;
  const gap = (input.close - prev.close) / prev.close;
  const prevDir = prevMove > cfg.minPrevSessionMove ? 1 : prevMove < -cfg.minPrevSessionMove ? -1 : 0;
  if (prevDir === 0) return { signal: null, reason: "previous session had no direction" };
  if (Math.abs(gap) < cfg.minGap) return { signal: null, reason: "gap too small" };
  const gapDir = gap > 0 ? 1 : -1;
  if (gapDir !== prevDir) return { signal: null, reason: "gap against the previous session's move" };

  const action = gapDir > 0 ? "BUY_PUT" : "BUY_CALL";
  return {
    signal: {
      decision: "BUY",
      action,
      instrumentType: action === "BUY_PUT" ? "PUT" : "CALL",
      strategyType: "gap_fade",
      confidence: cfg.confidence,
      breakdown: {
        rule: "GAP_FADE",
        detail: `gap ${(gap * 100).toFixed(2)} % after a ${(prevMove * 100).toFixed(2)} % session: fade it`,
        direction: gapDir > 0 ? "BEAR" : "BULL",
        gap,
        prevSessionMove: prevMove,
        requiredConfidence: cfg.confidence,
      },
    },
  };
}

import type { Direction } from "./signal-types.js";
import { DEFAULT_SIGNAL_CONFIG, type SignalConfig } from "./signal-config.js";

export interface DirectionCall {
  readonly direction: Direction;
  /** Only a clear trend (trend_state ±1) in the trade's direction justifies options. */
  readonly optionsAllowed: boolean;
}

/**
 * Seed §3.6 direction table, first match wins. `d` = distance from SMA20, `trend` = trend_state.
 * Null = no setup.
 */
export function classifyDirection(
  d: number,
  trend: number,
  cfg: Pick<SignalConfig, "smaTolerance" | "stretchLimit"> = DEFAULT_SIGNAL_CONFIG,
): DirectionCall | null {
  const above = d > cfg.smaTolerance;
  const below = d < -cfg.smaTolerance;
  const at = Math.abs(d) <= cfg.smaTolerance;
  const notStretched = Math.abs(d) < cfg.stretchLimit;
  if (!notStretched) return null;
  if ((above || at) && trend === 1) return { direction: "BULL", optionsAllowed: true };
  if ((above || at) && trend >= 0) return { direction: "BULL", optionsAllowed: false };
  if ((below || at) && trend === -1) return { direction: "BEAR", optionsAllowed: true };
  if ((below || at) && trend <= 0) return { direction: "BEAR", optionsAllowed: false };
  return null;
}

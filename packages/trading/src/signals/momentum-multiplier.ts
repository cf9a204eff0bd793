import { DEFAULT_SIGNAL_CONFIG, type SignalConfig } from "./signal-config.js";

export interface MomentumEffect {
  readonly multiplier: number;
  readonly tier: "urgent" | "strong" | "none";
}

/** Boost for a move on heavy volume; the "urgent" tier only where options are allowed. */
export function momentumMultiplier(
  volumeRatio: number | null,
  distance: number,
  optionsAllowed: boolean,
  cfg: Pick<SignalConfig, "momentumUrgent" | "momentumStrong"> = DEFAULT_SIGNAL_CONFIG,
): MomentumEffect {
  if (volumeRatio === null || Number.isNaN(volumeRatio)) return { multiplier: 1, tier: "none" };
  const d = Math.abs(distance);
  const u = cfg.momentumUrgent;
  if (optionsAllowed && volumeRatio >= u.minVolumeRatio && d >= u.minAbsDistance) {
    return { multiplier: u.multiplier, tier: "urgent" };
  }
  const s = cfg.momentumStrong;
  if (volumeRatio >= s.minVolumeRatio && d >= s.minAbsDistance) return { multiplier: s.multiplier, tier: "strong" };
  return { multiplier: 1, tier: "none" };
}

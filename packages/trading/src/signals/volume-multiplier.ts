import { DEFAULT_SIGNAL_CONFIG, type SignalConfig } from "./signal-config.js";

export interface VolumeAssessment {
  readonly multiplier: number;
  readonly tier: string;
}

/** Confidence factor for the bar's volume_ratio; 0 means "too thin to trade at all". */
export function volumeMultiplier(
  volumeRatio: number | null,
  cfg: Pick<SignalConfig, "volumeTiers" | "missingVolumeMultiplier"> = DEFAULT_SIGNAL_CONFIG,
): VolumeAssessment {
  if (volumeRatio === null || !Number.isFinite(volumeRatio)) {
    if (volumeRatio === Number.POSITIVE_INFINITY) {
      const top = cfg.volumeTiers[cfg.volumeTiers.length - 1];
      if (top) return { multiplier: top.multiplier, tier: top.label };
    }
    return { multiplier: cfg.missingVolumeMultiplier, tier: "NO_VOLUME_DATA" };
  }
  for (const t of cfg.volumeTiers) {
    if (volumeRatio < t.below) return { multiplier: t.multiplier, tier: t.label };
  }
  return { multiplier: cfg.missingVolumeMultiplier, tier: "NO_VOLUME_DATA" };
}

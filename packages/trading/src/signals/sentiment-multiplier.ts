import type { Direction, SentimentSummary } from "./signal-types.js";
import { DEFAULT_SIGNAL_CONFIG, type SignalConfig } from "./signal-config.js";

export interface SentimentEffect {
  readonly multiplier: number;
  readonly direction: -1 | 0 | 1;
  readonly aligns: boolean;
  readonly newsCount: number;
}

/**
 * News scales confidence, it never decides direction: aligned news boosts up to +25 %, opposed news
 * cuts up to −20 %, both weighted by how much news there is (saturating at 5 articles).
 */
export function sentimentMultiplier(
  sentiment: SentimentSummary | null,
  direction: Direction,
  cfg: Pick<SignalConfig, "sentimentMaxBoost" | "sentimentMaxPenalty" | "sentimentNewsSaturation"> = DEFAULT_SIGNAL_CONFIG,
): SentimentEffect {
  const count = sentiment && Number.isFinite(sentiment.count) && sentiment.count > 0 ? sentiment.count : 0;
  const raw = sentiment && Number.isFinite(sentiment.avgSignedScore) ? sentiment.avgSignedScore : 0;
  const score = Math.max(-1, Math.min(1, raw));
  const sentDir: -1 | 0 | 1 = score > 0 ? 1 : score < 0 ? -1 : 0;
  if (count === 0 || sentDir === 0) return { multiplier: 1, direction: sentDir, aligns: false, newsCount: count };
  const aligns = (direction === "BULL" && sentDir > 0) || (direction === "BEAR" && sentDir < 0);
  const weight = Math.min(count / cfg.sentimentNewsSaturation, 1);
  const strength = Math.abs(score);
  const multiplier = aligns ? 1 + cfg.sentimentMaxBoost * strength * weight : 1 - cfg.sentimentMaxPenalty * strength * weight;
  return { multiplier, direction: sentDir, aligns, newsCount: count };
}

import { deny, pass } from "../gate-result.js";
import type { Gate } from "../gate-result.js";

/** Pauses entries after a run of consecutive losing trades. */
export const checkLossStreak: Gate = (input, cfg) => {
  const streak = input.account.lossStreak;
  if (!Number.isInteger(streak) || streak < 0) return deny("INVALID_INPUT", { loss_streak: streak }, { value: streak, threshold: cfg.maxConsecutiveLosses });
  if (streak >= cfg.maxConsecutiveLosses) {
    return deny("LOSS_STREAK", { loss_streak: streak, max: cfg.maxConsecutiveLosses }, { value: streak, threshold: cfg.maxConsecutiveLosses });
  }
  return pass(streak, cfg.maxConsecutiveLosses);
};

import { STRATEGY_TYPES } from "../../domain/vocabulary.js";
import { easternWeekday } from "../../options/eastern-time.js";
import { asStrategyType } from "../action-facts.js";
import { deny, pass } from "../gate-result.js";
import type { Gate } from "../gate-result.js";
import { isMarketOpen, minutesBetween } from "../market-session.js";

/**
 * Entries only on trading days, inside regular hours, after the opening window and before the
 * account's per-strategy cutoff, which is measured from the real close so early closes move it (seed 54).
 */
export const checkTradingHours: Gate = (input, cfg) => {
  const { now, session } = input;
  const weekday = easternWeekday(now);
  // Belt and braces: a calendar bug must not open trading on a weekend.
  if (weekday === "Sat" || weekday === "Sun") return deny("NOT_TRADING_DAY", { weekday }, { value: weekday, threshold: "Mon-Fri" });
  if (!session.isTradingDay || session.openAt === null || session.closeAt === null) {
    return deny("NOT_TRADING_DAY", { weekday, calendar: "closed" }, { value: "closed", threshold: "trading day" });
  }
  if (!isMarketOpen(session, now)) {
    return deny(
      "OUTSIDE_MARKET_HOURS",
      { now, open_at: session.openAt, close_at: session.closeAt },
      { value: now, threshold: `${session.openAt.toISOString()}/${session.closeAt.toISOString()}` },
    );
  }
  const sinceOpen = minutesBetween(session.openAt, now);
  if (sinceOpen < cfg.openingNoEntryMinutes) {
    return deny(
      "OPENING_WINDOW",
      { minutes_since_open: sinceOpen, min: cfg.openingNoEntryMinutes },
      { value: sinceOpen, threshold: cfg.openingNoEntryMinutes },
    );
  }
  const strategy = asStrategyType(input.rec.strategyType);
  // Unknown strategy: use the earliest cutoff of any strategy (the confidence gate denies it anyway).
  const cutoff =
    strategy === undefined
      ? Math.max(...STRATEGY_TYPES.map((s) => cfg.entryCutoffMinutesBeforeClose[s]))
      : cfg.entryCutoffMinutesBeforeClose[strategy];
  const toClose = minutesBetween(now, session.closeAt);
  if (toClose <= cutoff) {
    return deny("PAST_ENTRY_CUTOFF", {
      strategy: input.rec.strategyType,
      minutes_to_close: toClose,
      cutoff_minutes_before_close: cutoff,
    }, { value: toClose, threshold: cutoff });
  }
  return pass(toClose, cutoff);
};

export {
  MARKET_TZ, etParts, etDateString, etDateTime, etIsoString, etOffsetMs,
  addCalendarDays, weekdayOf, parseDateString, parseHhmm, toDateString,
} from "./session.js";
export type { EtParts } from "./session.js";
export { MarketCalendar, MarketCalendarRangeError, MARKET_PHASES } from "./calendar.js";
export type { TradingDay, CalendarCoverage, MarketPhase } from "./calendar.js";
export { toAlpacaCalendarDay, tradingDayFromAlpaca } from "./alpaca-calendar.js";
export type { AlpacaCalendarDay } from "./alpaca-calendar.js";
export {
  NYSE_FIRST_RULE_YEAR, REGULAR_OPEN, REGULAR_CLOSE, EARLY_CLOSE, SESSION_OPEN, SESSION_CLOSE,
  EARLY_SESSION_CLOSE, nyseHolidays, nyseEarlyCloses, isNyseTradingDate,
} from "./nyse-rules.js";
export { easterSunday } from "./easter.js";
export { settlementDate, settlementCycleDays, isBankOnlyHoliday } from "./settlement.js";
export {
  OPTION_RIGHTS, OccSymbolError, parseOccSymbol, tryParseOccSymbol, isOccSymbol, formatOccSymbol,
} from "./occ.js";
export type { OptionRight, OccContract } from "./occ.js";

// Today's session from the broker's calendar (holidays, early closes), fetched once per New York day.
// When the broker cannot answer, the rule-based NYSE calendar from @ops/core stands in (it is checked
// against Lean's 1998-2028 holidays), and the fallback is logged.
import type { Broker } from "@ops/broker-alpaca";
import { MarketCalendar, etDateString } from "@ops/core";
import type { TradingDay } from "@ops/core";
import type { MarketSession } from "@ops/trading";

export interface SessionSource {
  sessionFor(now: Date): Promise<MarketSession>;
}

interface Logger {
  warn(obj: object, msg?: string): void;
}

export function createSessionSource(broker: Pick<Broker, "getCalendar">, logger: Logger): SessionSource {
  let cached: { date: string; session: MarketSession } | undefined;
  return {
    async sessionFor(now) {
      const date = etDateString(now);
      if (cached?.date === date) return cached.session;
      let day: TradingDay | undefined;
      try {
        const days = await broker.getCalendar(date, date);
        day = days.find((d) => d.date === date);
      } catch (error) {
        logger.warn(
          { event: "calendar.fallback", date, error: error instanceof Error ? error.message : String(error) },
          "broker calendar unavailable; using the NYSE rules calendar",
        );
        const year = Number(date.slice(0, 4));
        day = MarketCalendar.nyse(year, year).day(date);
        // Not cached: the broker is asked again next cycle.
        return toSession(day);
      }
      const session = toSession(day);
      cached = { date, session };
      return session;
    },
  };
}

export function toSession(day: TradingDay | undefined): MarketSession {
  return day === undefined ? { isTradingDay: false, openAt: null, closeAt: null } : { isTradingDay: true, openAt: day.open, closeAt: day.close };
}

import { beforeAll, describe, expect, it } from "vitest";
import {
  MarketCalendar, MarketCalendarRangeError, easterSunday, etDateTime, isNyseTradingDate, nyseHolidays,
  type TradingDay,
} from "../src/index.js";

let cal: MarketCalendar;

beforeAll(() => {
  cal = MarketCalendar.nyse(2012, 2026);
});

const at = (date: string, hhmm: string): Date => etDateTime(date, hhmm);

describe("MarketCalendar.nyse: regular hours", () => {
  it("is open from 09:30 up to but excluding 16:00 on a normal day (2013-10-04, EDT)", () => {
    expect(cal.isOpenAt(at("2013-10-04", "09:29"))).toBe(false);
    expect(cal.isOpenAt(at("2013-10-04", "09:30"))).toBe(true);
    expect(cal.isOpenAt(at("2013-10-04", "15:59"))).toBe(true);
    expect(cal.isOpenAt(at("2013-10-04", "16:00"))).toBe(false);
  });

  it("uses New York time in winter too (2013-12-04, EST: 14:30Z opens, 21:00Z closes)", () => {
    expect(cal.isOpenAt(new Date("2013-12-04T14:29:59Z"))).toBe(false);
    expect(cal.isOpenAt(new Date("2013-12-04T14:30:00Z"))).toBe(true);
    expect(cal.isOpenAt(new Date("2013-12-04T20:59:59Z"))).toBe(true);
    expect(cal.isOpenAt(new Date("2013-12-04T21:00:00Z"))).toBe(false);
  });

  it("closes at 13:00 on an early-close day (day after Thanksgiving 2013-11-29)", () => {
    const day = cal.day("2013-11-29");
    expect(day?.earlyClose).toBe(true);
    expect(cal.isOpenAt(at("2013-11-29", "12:59"))).toBe(true);
    expect(cal.isOpenAt(at("2013-11-29", "13:00"))).toBe(false);
  });

  it("has the early-close days that follow from the July 4 and Christmas Eve rules", () => {
    const early = (d: string): boolean | undefined => cal.day(d)?.earlyClose;
    expect(early("2013-07-03")).toBe(true); // Wednesday before a Thursday July 4, from 2013 on
    expect(early("2012-07-03")).toBe(true); // Tuesday before a Wednesday July 4
    expect(early("2024-12-24")).toBe(true);
    expect(early("2021-07-02")).toBe(false); // July 4 on Sunday: Monday off, Friday a full day
    expect(early("2025-12-26")).toBe(false);
  });

  it("is closed all day on weekends, holidays and one-off closures", () => {
    expect(cal.isOpenAt(at("2013-10-05", "12:00"))).toBe(false); // Saturday
    expect(cal.isOpenAt(at("2013-12-25", "12:00"))).toBe(false);
    expect(cal.isOpenAt(at("2012-10-29", "12:00"))).toBe(false); // Hurricane Sandy
    expect(cal.isOpenAt(at("2025-01-09", "12:00"))).toBe(false); // President Carter
    expect(cal.isTradingDay("2013-12-25")).toBe(false);
    expect(cal.day("2013-12-25")).toBeUndefined();
  });

  it("reports pre-market, regular, post-market and closed phases", () => {
    expect(cal.phaseAt(at("2013-10-04", "03:59"))).toBe("closed");
    expect(cal.phaseAt(at("2013-10-04", "04:00"))).toBe("pre");
    expect(cal.phaseAt(at("2013-10-04", "09:30"))).toBe("regular");
    expect(cal.phaseAt(at("2013-10-04", "16:00"))).toBe("post");
    expect(cal.phaseAt(at("2013-10-04", "19:59"))).toBe("post");
    expect(cal.phaseAt(at("2013-10-04", "20:00"))).toBe("closed");
    // Extended hours end at 17:00 on a half day.
    expect(cal.phaseAt(at("2013-11-29", "16:59"))).toBe("post");
    expect(cal.phaseAt(at("2013-11-29", "17:00"))).toBe("closed");
  });

  it("builds sessions in the right offset on the DST switch weekend", () => {
    // Friday 2024-03-08 is EST; Monday 2024-03-11 is EDT.
    expect(cal.day("2024-03-08")?.open.toISOString()).toBe("2024-03-08T14:30:00.000Z");
    expect(cal.day("2024-03-11")?.open.toISOString()).toBe("2024-03-11T13:30:00.000Z");
    expect(cal.day("2024-03-11")?.sessionOpen.toISOString()).toBe("2024-03-11T08:00:00.000Z");
    expect(cal.day("2024-11-04")?.close.toISOString()).toBe("2024-11-04T21:00:00.000Z");
  });
});

describe("MarketCalendar.nyse: holiday rules", () => {
  it("observes a Sunday New Year's Day on Monday but a Saturday one on no day", () => {
    expect(cal.isTradingDay("2017-01-02")).toBe(false); // Jan 1 2017 was a Sunday
    expect(cal.isTradingDay("2021-12-31")).toBe(true); // Jan 1 2022 was a Saturday
  });

  it("observes Juneteenth from 2022, moving it off weekends", () => {
    expect(isNyseTradingDate("2021-06-18")).toBe(true);
    expect(cal.isTradingDay("2022-06-20")).toBe(false); // June 19 2022 was a Sunday
    expect(cal.isTradingDay("2023-06-19")).toBe(false);
    expect(isNyseTradingDate("2027-06-18")).toBe(false); // June 19 2027 is a Saturday
  });

  it("closes on Good Friday, two days before the computed Easter Sunday", () => {
    expect(easterSunday(2013)).toBe("2013-03-31");
    expect(easterSunday(2019)).toBe("2019-04-21");
    expect(easterSunday(2038)).toBe("2038-04-25"); // latest possible date
    expect(nyseHolidays(2013).get("2013-03-29")).toBe("Good Friday");
  });

  it("names the holidays of a year", () => {
    expect([...nyseHolidays(2024).values()]).toEqual([
      "New Year's Day", "Martin Luther King Jr. Day", "Washington's Birthday", "Good Friday", "Memorial Day",
      "Juneteenth", "Independence Day", "Labor Day", "Thanksgiving Day", "Christmas Day",
    ]);
  });

  it("refuses years before its rules apply", () => {
    expect(() => MarketCalendar.nyse(1990, 2000)).toThrow(RangeError);
  });
});

describe("MarketCalendar navigation", () => {
  it("finds the next open: later today, after the close, over a weekend and over a holiday", () => {
    expect(cal.nextOpen(at("2013-10-04", "08:00")).toISOString()).toBe(at("2013-10-04", "09:30").toISOString());
    expect(cal.nextOpen(at("2013-10-04", "09:30")).toISOString()).toBe(at("2013-10-07", "09:30").toISOString());
    expect(cal.nextOpen(at("2013-10-04", "16:00")).toISOString()).toBe(at("2013-10-07", "09:30").toISOString());
    expect(cal.nextOpen(at("2013-12-24", "14:00")).toISOString()).toBe(at("2013-12-26", "09:30").toISOString());
  });

  it("finds the next close, honouring early closes", () => {
    expect(cal.nextClose(at("2013-10-04", "10:00")).toISOString()).toBe(at("2013-10-04", "16:00").toISOString());
    expect(cal.nextClose(at("2013-11-28", "10:00")).toISOString()).toBe(at("2013-11-29", "13:00").toISOString());
  });

  it("steps to the previous and next trading day across weekends and holidays", () => {
    expect(cal.nextTradingDay("2013-10-04")).toBe("2013-10-07");
    expect(cal.previousTradingDay("2013-10-07")).toBe("2013-10-04");
    expect(cal.nextTradingDay("2013-12-24")).toBe("2013-12-26");
    expect(cal.previousTradingDay("2013-12-26")).toBe("2013-12-24");
    // from a closed day
    expect(cal.nextTradingDay("2013-12-25")).toBe("2013-12-26");
    expect(cal.previousTradingDay("2013-12-25")).toBe("2013-12-24");
    expect(cal.previousTradingDay("2013-10-06")).toBe("2013-10-04");
  });

  it("moves n trading days and back to the same day", () => {
    expect(cal.addTradingDays("2013-10-04", 5)).toBe("2013-10-11");
    expect(cal.addTradingDays("2013-10-11", -5)).toBe("2013-10-04");
    expect(cal.addTradingDays("2013-10-05", 1)).toBe("2013-10-07");
    expect(cal.addTradingDays("2013-10-05", 2)).toBe("2013-10-08");
    expect(cal.addTradingDays("2013-10-05", -1)).toBe("2013-10-04");
    expect(cal.addTradingDays("2013-10-04", 0)).toBe("2013-10-04");
    expect(() => cal.addTradingDays("2013-10-05", 0)).toThrow(/not a trading day/);
  });

  it("lists trading days in an inclusive range", () => {
    const days = cal.tradingDaysBetween("2013-12-20", "2013-12-31").map((d) => d.date);
    expect(days).toEqual(["2013-12-20", "2013-12-23", "2013-12-24", "2013-12-26", "2013-12-27", "2013-12-30", "2013-12-31"]);
    expect(cal.tradingDaysBetween("2013-12-25", "2013-12-25")).toEqual([]);
    expect(cal.tradingDaysBetween("2013-12-31", "2013-12-20")).toEqual([]);
    // about 252 trading days a year
    expect(cal.tradingDaysBetween("2019-01-01", "2019-12-31")).toHaveLength(252);
  });
});

describe("MarketCalendar coverage", () => {
  it("refuses to guess outside the years it was built for", () => {
    expect(cal.coverage).toEqual({ from: "2012-01-01", to: "2026-12-31" });
    expect(() => cal.isTradingDay("2027-01-04")).toThrow(MarketCalendarRangeError);
    expect(() => cal.isOpenAt(at("2011-06-01", "10:00"))).toThrow(MarketCalendarRangeError);
    expect(() => cal.nextOpen(at("2026-12-31", "17:00"))).toThrow(MarketCalendarRangeError);
    expect(() => cal.previousTradingDay("2012-01-03")).toThrow(MarketCalendarRangeError);
  });

  it("can be built from its own trading days, with the same answers", () => {
    const copy = new MarketCalendar(cal.tradingDaysBetween("2013-01-01", "2013-12-31"), { from: "2013-01-01", to: "2013-12-31" });
    expect(copy.isOpenAt(at("2013-11-29", "12:59"))).toBe(true);
    expect(copy.isOpenAt(at("2013-11-29", "13:00"))).toBe(false);
    expect(copy.nextTradingDay("2013-12-24")).toBe("2013-12-26");
  });

  it("rejects inconsistent trading days", () => {
    const day = cal.day("2013-10-04") as TradingDay;
    expect(() => new MarketCalendar([day, day])).toThrow(/duplicate/);
    expect(() => new MarketCalendar([{ ...day, close: day.open }])).toThrow(/open < close/);
    expect(() => new MarketCalendar([{ ...day, date: "2013-10-05" }])).toThrow(/another New York date/);
    expect(() => new MarketCalendar([])).toThrow(MarketCalendarRangeError);
  });

  it("does not let callers change its days", () => {
    const day = cal.day("2013-10-04") as TradingDay;
    expect(() => {
      (day as { earlyClose: boolean }).earlyClose = true;
    }).toThrow(TypeError);
  });
});

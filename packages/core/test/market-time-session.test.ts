import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  MARKET_TZ, addCalendarDays, etDateString, etDateTime, etIsoString, etOffsetMs, etParts, parseDateString,
  parseHhmm, weekdayOf,
} from "../src/index.js";

const HOUR = 3_600_000;

describe("etDateTime", () => {
  it("maps 09:30 New York to 13:30Z in daylight time (EDT, UTC-4)", () => {
    expect(etDateTime("2013-10-04", "09:30").toISOString()).toBe("2013-10-04T13:30:00.000Z");
  });

  it("maps 09:30 New York to 14:30Z in standard time (EST, UTC-5)", () => {
    expect(etDateTime("2013-12-04", "09:30").toISOString()).toBe("2013-12-04T14:30:00.000Z");
  });

  it("accepts Alpaca's HHMM form and seconds", () => {
    expect(etDateTime("2013-10-04", "0400").toISOString()).toBe("2013-10-04T08:00:00.000Z");
    expect(etDateTime("2013-10-04", "15:59:30").toISOString()).toBe("2013-10-04T19:59:30.000Z");
  });

  it("switches offset across the spring-forward weekend (2024-03-08 Fri EST, 2024-03-11 Mon EDT)", () => {
    expect(etDateTime("2024-03-08", "09:30").toISOString()).toBe("2024-03-08T14:30:00.000Z");
    expect(etDateTime("2024-03-11", "09:30").toISOString()).toBe("2024-03-11T13:30:00.000Z");
    // On the switch Sunday itself: 01:59 is still EST, 03:00 is already EDT.
    expect(etDateTime("2024-03-10", "01:59").toISOString()).toBe("2024-03-10T06:59:00.000Z");
    expect(etDateTime("2024-03-10", "03:00").toISOString()).toBe("2024-03-10T07:00:00.000Z");
  });

  it("switches offset across the fall-back weekend (2024-11-01 Fri EDT, 2024-11-04 Mon EST)", () => {
    expect(etDateTime("2024-11-01", "16:00").toISOString()).toBe("2024-11-01T20:00:00.000Z");
    expect(etDateTime("2024-11-04", "16:00").toISOString()).toBe("2024-11-04T21:00:00.000Z");
  });

  it("uses the pre-2007 US DST rules for old dates (2006-04-03 is EDT, 2006-03-31 is EST)", () => {
    expect(etDateTime("2006-03-31", "09:30").toISOString()).toBe("2006-03-31T14:30:00.000Z");
    expect(etDateTime("2006-04-03", "09:30").toISOString()).toBe("2006-04-03T13:30:00.000Z");
    expect(etDateTime("2006-10-27", "09:30").toISOString()).toBe("2006-10-27T13:30:00.000Z");
    expect(etDateTime("2006-10-30", "09:30").toISOString()).toBe("2006-10-30T14:30:00.000Z");
  });

  it("moves a wall time inside the spring-forward gap forward by the gap", () => {
    expect(etDateTime("2024-03-10", "02:30").toISOString()).toBe("2024-03-10T07:30:00.000Z");
    expect(etParts(etDateTime("2024-03-10", "02:30")).hour).toBe(3);
  });

  it("resolves the repeated fall-back hour to its first (EDT) occurrence", () => {
    expect(etDateTime("2024-11-03", "01:30").toISOString()).toBe("2024-11-03T05:30:00.000Z");
  });

  it("rejects malformed dates and times", () => {
    expect(() => etDateTime("2013-02-30", "09:30")).toThrow(/not a calendar date/);
    expect(() => etDateTime("2013-2-3", "09:30")).toThrow(/YYYY-MM-DD/);
    expect(() => etDateTime("2013-10-04", "9:30")).toThrow(/HH:MM/);
    expect(() => etDateTime("2013-10-04", "09:60")).toThrow(/not a time/);
  });
});

describe("etParts", () => {
  it("reads New York wall-clock fields, weekday and minutes of day", () => {
    const p = etParts(new Date("2013-10-04T13:30:00Z"));
    expect(p).toEqual({
      year: 2013, month: 10, day: 4, hour: 9, minute: 30, second: 0,
      weekday: 5, dateString: "2013-10-04", minutesOfDay: 9 * 60 + 30,
    });
  });

  it("puts late-evening UTC instants on the previous New York date", () => {
    // 2024-01-02T03:00Z is 22:00 on Jan 1 in New York.
    expect(etDateString(new Date("2024-01-02T03:00:00Z"))).toBe("2024-01-01");
    expect(etParts(new Date("2024-01-02T03:00:00Z")).weekday).toBe(1);
  });

  it("shows the repeated 01:xx hour twice on the fall-back night", () => {
    const first = etParts(new Date("2024-11-03T05:30:00Z"));
    const second = etParts(new Date("2024-11-03T06:30:00Z"));
    expect([first.hour, first.minute, second.hour, second.minute]).toEqual([1, 30, 1, 30]);
  });

  it("agrees with Intl for random instants 1998-2035", () => {
    const reference = new Intl.DateTimeFormat("en-CA", {
      timeZone: MARKET_TZ, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit", weekday: "short",
    });
    const weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1998, 0, 1), max: Date.UTC(2035, 11, 31) }), (ms) => {
        const d = new Date(ms);
        const parts = Object.fromEntries(reference.formatToParts(d).map((x) => [x.type, x.value]));
        const p = etParts(d);
        expect(p.dateString).toBe(`${parts.year}-${parts.month}-${parts.day}`);
        expect([p.hour, p.minute, p.second]).toEqual([Number(parts.hour), Number(parts.minute), Number(parts.second)]);
        expect(weekdays[p.weekday]).toBe(parts.weekday);
      }),
      { numRuns: 2000 },
    );
  });

  it("round-trips through etDateTime: the same wall time, the same instant except in the repeated hour", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1998, 0, 1) / 1000, max: Date.UTC(2035, 11, 31) / 1000 }), (s) => {
        const d = new Date(s * 1000);
        const p = etParts(d);
        const hhmmss = [p.hour, p.minute, p.second].map((n) => String(n).padStart(2, "0")).join(":");
        const back = etDateTime(p.dateString, hhmmss);
        const inRepeatedHour = etOffsetMs(d.getTime() - HOUR) !== etOffsetMs(d.getTime())
          && etOffsetMs(d.getTime()) < etOffsetMs(d.getTime() - HOUR);
        expect(back.getTime()).toBe(inRepeatedHour ? d.getTime() - HOUR : d.getTime());
      }),
      { numRuns: 2000 },
    );
  });

  it("rejects an invalid Date", () => {
    expect(() => etParts(new Date(Number.NaN))).toThrow(/invalid Date/);
  });
});

describe("etIsoString", () => {
  it("writes Alpaca's clock format with the New York offset", () => {
    expect(etIsoString(new Date("2013-10-04T13:30:00Z"))).toBe("2013-10-04T09:30:00.000-04:00");
    expect(etIsoString(new Date("2013-12-04T21:00:00Z"))).toBe("2013-12-04T16:00:00.000-05:00");
  });
});

describe("date-string helpers", () => {
  it("adds calendar days across month, year and leap-day boundaries", () => {
    expect(addCalendarDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addCalendarDays("2023-02-28", 1)).toBe("2023-03-01");
    expect(addCalendarDays("2024-12-31", 1)).toBe("2025-01-01");
    expect(addCalendarDays("2025-01-01", -1)).toBe("2024-12-31");
  });

  it("gives the weekday of a date (0 = Sunday)", () => {
    expect(weekdayOf("2013-10-04")).toBe(5);
    expect(weekdayOf("2024-03-10")).toBe(0);
  });

  it("parses dates and times strictly", () => {
    expect(parseDateString("2024-02-29")).toEqual({ year: 2024, month: 2, day: 29 });
    expect(() => parseDateString("2023-02-29")).toThrow();
    expect(parseHhmm("16:00")).toBe(16 * 3600);
    expect(parseHhmm("2000")).toBe(20 * 3600);
    expect(() => parseHhmm("25:00")).toThrow();
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import {
  MarketCalendar, etDateTime, isBankOnlyHoliday, settlementCycleDays, type AlpacaCalendarDay,
} from "../src/index.js";

let cal: MarketCalendar;

beforeAll(() => {
  cal = MarketCalendar.nyse(2012, 2026);
});

describe("MarketCalendar.toAlpacaCalendar", () => {
  it("answers like GET /v2/calendar around Thanksgiving 2026 (holiday absent, half day 13:00/1700)", () => {
    // Shape and values as returned by Alpaca's paper API for these dates.
    expect(cal.toAlpacaCalendar("2026-11-25", "2026-11-30")).toEqual([
      { date: "2026-11-25", open: "09:30", close: "16:00", session_open: "0400", session_close: "2000", settlement_date: "2026-11-27" },
      { date: "2026-11-27", open: "09:30", close: "13:00", session_open: "0400", session_close: "1700", settlement_date: "2026-11-30" },
      { date: "2026-11-30", open: "09:30", close: "16:00", session_open: "0400", session_close: "2000", settlement_date: "2026-12-01" },
    ]);
  });

  it("skips the July 4 holiday and the weekend when settling a July 3 trade (T+1)", () => {
    const [july3] = cal.toAlpacaCalendar("2025-07-03", "2025-07-03");
    expect(july3).toMatchObject({ date: "2025-07-03", close: "13:00", settlement_date: "2025-07-07" });
  });

  it("writes wall times the same in winter and summer", () => {
    const [winter] = cal.toAlpacaCalendar("2013-12-04", "2013-12-04");
    const [summer] = cal.toAlpacaCalendar("2013-10-04", "2013-10-04");
    expect([winter?.open, winter?.close, summer?.open, summer?.close]).toEqual(["09:30", "16:00", "09:30", "16:00"]);
  });
});

describe("settlement dates", () => {
  it("follows the SEC cycle changes: T+3, T+2 from 2017-09-05, T+1 from 2024-05-28", () => {
    expect(settlementCycleDays("2017-09-01")).toBe(3);
    expect(settlementCycleDays("2017-09-05")).toBe(2);
    expect(settlementCycleDays("2024-05-24")).toBe(2);
    expect(settlementCycleDays("2024-05-28")).toBe(1);
    expect(cal.settlementDate("2013-10-04")).toBe("2013-10-09");
    expect(cal.settlementDate("2024-05-24")).toBe("2024-05-29"); // T+2 over Memorial Day
    expect(cal.settlementDate("2024-05-28")).toBe("2024-05-29");
  });

  it("does not settle on bank holidays the exchange trades through (Columbus Day, Veterans Day)", () => {
    expect(isBankOnlyHoliday("2025-10-13")).toBe(true);
    expect(isBankOnlyHoliday("2025-11-11")).toBe(true);
    expect(isBankOnlyHoliday("2018-11-12")).toBe(true); // Nov 11 2018 was a Sunday
    expect(isBankOnlyHoliday("2025-10-14")).toBe(false);
    expect(cal.isTradingDay("2025-10-13")).toBe(true);
    expect(cal.settlementDate("2025-10-10")).toBe("2025-10-14");
  });

  it("looks past the end of coverage using the NYSE rules", () => {
    const short = MarketCalendar.nyse(2025, 2025);
    expect(short.settlementDate("2025-12-31")).toBe("2026-01-02");
  });
});

describe("MarketCalendar.fromAlpacaCalendar", () => {
  it("rebuilds the same sessions from Alpaca's answer", () => {
    const answer: AlpacaCalendarDay[] = cal.toAlpacaCalendar("2024-11-25", "2024-12-31");
    const fromAlpaca = MarketCalendar.fromAlpacaCalendar(JSON.parse(JSON.stringify(answer)));
    expect(fromAlpaca.coverage).toEqual({ from: "2024-11-25", to: "2024-12-31" });
    expect(fromAlpaca.toAlpacaCalendar("2024-11-25", "2024-12-31")).toEqual(answer);
    for (const day of fromAlpaca.tradingDays()) {
      const original = cal.day(day.date);
      expect([day.open, day.close, day.sessionOpen, day.sessionClose, day.earlyClose]).toEqual([
        original?.open, original?.close, original?.sessionOpen, original?.sessionClose, original?.earlyClose,
      ]);
    }
    expect(fromAlpaca.isTradingDay("2024-11-28")).toBe(false); // absent from the answer = closed
    expect(fromAlpaca.isOpenAt(etDateTime("2024-11-29", "13:00"))).toBe(false);
  });

  it("keeps Alpaca's settlement date instead of recomputing it", () => {
    // Our rules would say 2024-10-15 (Columbus Day is no settlement day); the broker's word wins.
    expect(cal.settlementDate("2024-10-11")).toBe("2024-10-15");
    const fromAlpaca = MarketCalendar.fromAlpacaCalendar([
      { date: "2024-10-11", open: "09:30", close: "16:00", session_open: "0400", session_close: "2000", settlement_date: "2024-10-14" },
    ]);
    expect(fromAlpaca.settlementDate("2024-10-11")).toBe("2024-10-14");
    expect(fromAlpaca.toAlpacaCalendar("2024-10-11", "2024-10-11")[0]?.settlement_date).toBe("2024-10-14");
  });

  it("accepts the older answer without session or settlement fields", () => {
    const fromAlpaca = MarketCalendar.fromAlpacaCalendar([
      { date: "2018-12-24", open: "09:30", close: "13:00" },
      { date: "2018-12-26", open: "09:30", close: "16:00" },
    ]);
    expect(fromAlpaca.day("2018-12-24")).toMatchObject({ earlyClose: true });
    expect(fromAlpaca.day("2018-12-24")?.sessionClose.toISOString()).toBe("2018-12-24T22:00:00.000Z");
    expect(fromAlpaca.day("2018-12-26")?.sessionClose.toISOString()).toBe("2018-12-27T01:00:00.000Z");
  });

  it("rejects malformed answers with the offending entry named", () => {
    expect(() => MarketCalendar.fromAlpacaCalendar({ date: "2024-01-02" })).toThrow(/expected an array/);
    expect(() => MarketCalendar.fromAlpacaCalendar([{ date: "2024-01-02", open: "09:30" }])).toThrow(/entry 0: missing "close"/);
    expect(() => MarketCalendar.fromAlpacaCalendar([{ date: "2024-01-02", open: 930, close: "16:00" }])).toThrow(/"open" is not a string/);
    expect(() =>
      MarketCalendar.fromAlpacaCalendar([
        { date: "2024-01-02", open: "09:30", close: "16:00" },
        { date: "2024-13-02", open: "09:30", close: "16:00" },
      ]),
    ).toThrow(/entry 1 \(2024-13-02\)/);
    expect(() => MarketCalendar.fromAlpacaCalendar([null])).toThrow(/not an object/);
  });
});

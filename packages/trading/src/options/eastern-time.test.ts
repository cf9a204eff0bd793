import { describe, expect, it } from "vitest";
import { daysBetween, easternDate, easternWallTimeToUtc, easternWeekday } from "./eastern-time.js";
import { optionExpiresAt } from "./option-expiry.js";

describe("New York time helpers", () => {
  it.each([
    ["2026-02-10", 9, 30, "2026-02-10T14:30:00.000Z"], // EST
    ["2026-07-15", 9, 30, "2026-07-15T13:30:00.000Z"], // EDT
    ["2026-03-08", 12, 0, "2026-03-08T16:00:00.000Z"], // DST starts 02:00 that morning
    ["2026-11-01", 0, 30, "2026-11-01T04:30:00.000Z"], // still EDT before 02:00
    ["2026-11-01", 16, 0, "2026-11-01T21:00:00.000Z"], // EST after the switch
  ])("%s %i:%i ET is %s", (date, h, m, iso) => {
    expect(easternWallTimeToUtc(date, h, m).toISOString()).toBe(iso);
  });

  it("reads the New York date and weekday, not the UTC one", () => {
    const lateEvening = new Date("2026-02-11T03:00:00Z"); // 22:00 ET on Tuesday the 10th
    expect(easternDate(lateEvening)).toBe("2026-02-10");
    expect(easternWeekday(lateEvening)).toBe("Tue");
  });

  it.each([
    ["2026-02-10", "2026-02-11", 1],
    ["2026-02-27", "2026-03-02", 3],
    ["2026-03-02", "2026-02-27", -3],
    ["2024-12-31", "2025-01-01", 1],
  ])("counts calendar days from %s to %s as %i", (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });

  it("expires options at 16:00 ET on the expiration date, or at a known early close", () => {
    expect(optionExpiresAt("2026-07-17").toISOString()).toBe("2026-07-17T20:00:00.000Z");
    expect(optionExpiresAt("2026-02-13").toISOString()).toBe("2026-02-13T21:00:00.000Z");
    const earlyClose = easternWallTimeToUtc("2025-11-28", 13, 0);
    expect(optionExpiresAt("2025-11-28", earlyClose)).toEqual(earlyClose);
  });

  it("rejects malformed dates", () => {
    expect(() => easternWallTimeToUtc("2026-02-30", 9, 30)).toThrow(RangeError);
    expect(() => daysBetween("20260210", "2026-02-11")).toThrow(RangeError);
  });
});

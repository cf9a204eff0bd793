import { describe, expect, it } from "vitest";
import { etSessionDay } from "./et-session-day.js";

const at = (iso: string): number => Date.parse(iso);

describe("etSessionDay", () => {
  it.each([
    // Summer (EDT, UTC−4): New York midnight is 04:00 UTC.
    ["2013-10-08T03:59:59Z", "2013-10-08T04:00:00Z", true],
    ["2013-10-08T13:30:00Z", "2013-10-08T20:00:00Z", false],
    // Winter (EST, UTC−5): midnight is 05:00 UTC, so 04:30 UTC is still the previous New York day.
    ["2020-01-07T04:30:00Z", "2020-01-07T05:00:00Z", true],
    ["2020-01-06T14:30:00Z", "2020-01-07T04:59:00Z", false],
  ])("%s → %s crosses a New York date: %s", (a, b, crosses) => {
    expect(etSessionDay(at(b)) !== etSessionDay(at(a))).toBe(crosses);
  });

  it("numbers consecutive New York dates consecutively, across a DST change", () => {
    // 2013-11-03 is the end of daylight saving time in New York.
    const days = ["2013-11-02T16:00:00Z", "2013-11-03T16:00:00Z", "2013-11-04T16:00:00Z"].map((s) => etSessionDay(at(s)));
    expect(days[1]! - days[0]!).toBe(1);
    expect(days[2]! - days[1]!).toBe(1);
  });

  it("puts a half day's 12:59 bar and a full day's 15:59 bar each in their own date", () => {
    const halfDay = etSessionDay(at("2013-11-29T17:59:00Z")); // 12:59 EST, the day after Thanksgiving
    const monday = etSessionDay(at("2013-12-02T14:30:00Z"));
    expect(monday - halfDay).toBe(3);
  });
});

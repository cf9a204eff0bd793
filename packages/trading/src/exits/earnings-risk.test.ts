import { describe, expect, it } from "vitest";
import { earningsBeforeNextSession } from "./earnings-risk.js";
import type { EarningsEvent, EarningsReportTime } from "./earnings-risk.js";

const ev = (reportDate: string, reportTime: EarningsReportTime, symbol = "AAA"): EarningsEvent => ({ symbol, reportDate, reportTime });

describe("earningsBeforeNextSession (today Friday 2024-03-08, next session Monday 2024-03-11)", () => {
  const today = "2024-03-08";
  const next = "2024-03-11";
  it.each([
    ["2024-03-08", "after_close", true],
    ["2024-03-08", "unknown", true],
    ["2024-03-08", "before_open", false],
    ["2024-03-09", "before_open", true],
    ["2024-03-10", "after_close", true],
    ["2024-03-11", "before_open", true],
    ["2024-03-11", "unknown", true],
    ["2024-03-11", "after_close", false],
    ["2024-03-12", "before_open", false],
    ["2024-03-07", "after_close", false],
  ] as const)("a report on %s (%s) → %s", (date, time, expected) => {
    expect(earningsBeforeNextSession([ev(date, time)], "AAA", today, next) !== null).toBe(expected);
  });

  it("looks only at the position's underlying and returns the earliest event", () => {
    const events = [ev("2024-03-11", "before_open"), ev("2024-03-08", "after_close", "BBB"), ev("2024-03-08", "after_close")];
    expect(earningsBeforeNextSession(events, "AAA", today, next)).toEqual(ev("2024-03-08", "after_close"));
    expect(earningsBeforeNextSession(events, "CCC", today, next)).toBeNull();
  });
});

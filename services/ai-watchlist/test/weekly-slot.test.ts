import { describe, expect, it } from "vitest";
import { currentWeeklySlot } from "../src/index.js";

const monday8 = { weekday: "mon", time: "08:00" } as const;

describe("currentWeeklySlot", () => {
  it("is this week's due time once it has passed, New York time", () => {
    expect(currentWeeklySlot(new Date("2024-03-04T13:00:00Z"), monday8).toISOString()).toBe("2024-03-04T13:00:00.000Z");
    expect(currentWeeklySlot(new Date("2024-03-07T20:00:00Z"), monday8).toISOString()).toBe("2024-03-04T13:00:00.000Z");
  });

  it("is last week's due time just before this week's", () => {
    expect(currentWeeklySlot(new Date("2024-03-04T12:59:00Z"), monday8).toISOString()).toBe("2024-02-26T13:00:00.000Z");
  });

  it("follows daylight saving time (08:00 ET is 12:00Z in summer)", () => {
    expect(currentWeeklySlot(new Date("2024-07-10T00:00:00Z"), monday8).toISOString()).toBe("2024-07-08T12:00:00.000Z");
  });
});

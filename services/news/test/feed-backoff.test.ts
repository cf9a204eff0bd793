import { describe, expect, it } from "vitest";
import { feedRetryAt, isFeedDue } from "../src/feed-backoff.js";

const polled = new Date("2025-02-03T15:00:00Z");
const after = (s: number): Date => new Date(polled.getTime() + s * 1000);

describe("feed back-off", () => {
  it("is due at once when the feed has not failed or was never polled", () => {
    expect(isFeedDue(0, polled, polled, 60_000, 3_600_000)).toBe(true);
    expect(isFeedDue(3, null, polled, 60_000, 3_600_000)).toBe(true);
  });

  it("doubles the wait with each consecutive failure, from the last poll", () => {
    expect([1, 2, 3, 4].map((n) => feedRetryAt(n, polled, 60_000, 3_600_000))).toEqual([after(60), after(120), after(240), after(480)]);
    expect(isFeedDue(2, polled, after(119), 60_000, 3_600_000)).toBe(false);
    expect(isFeedDue(2, polled, after(120), 60_000, 3_600_000)).toBe(true);
  });

  it("never waits longer than the cap", () => {
    expect(feedRetryAt(40, polled, 60_000, 3_600_000)).toEqual(after(3600));
  });
});

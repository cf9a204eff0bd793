import { describe, expect, it } from "vitest";
import { WallClock } from "./wall-clock.js";

describe("WallClock", () => {
  it("reads the system time", () => {
    const before = Date.now();
    const now = new WallClock().now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it("sleeps until the requested time has been reached", async () => {
    const clock = new WallClock();
    const until = new Date(Date.now() + 30);
    await clock.sleepUntil(until);
    expect(Date.now()).toBeGreaterThanOrEqual(until.getTime());
  });

  it("returns early when the signal aborts", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 10);
    const start = Date.now();
    await new WallClock().sleepUntil(new Date(start + 60_000), controller.signal);
    expect(Date.now() - start).toBeLessThan(5_000);
  });
});

import { describe, expect, it } from "vitest";
import { ManualClock } from "./manual-clock.js";

const START = new Date("2026-03-02T14:30:00.000Z");

describe("ManualClock", () => {
  it("reads the time it was set to and moves only when told", () => {
    const clock = new ManualClock(START);
    expect(clock.now().toISOString()).toBe(START.toISOString());
    clock.advance(60_000);
    expect(clock.now().toISOString()).toBe("2026-03-02T14:31:00.000Z");
    clock.set("2026-03-02T15:00:00Z");
    expect(clock.now().toISOString()).toBe("2026-03-02T15:00:00.000Z");
  });

  it("wakes a sleeper only once the clock has passed its time", async () => {
    const clock = new ManualClock(START);
    let woke = false;
    const sleeping = clock.sleepUntil(new Date(START.getTime() + 60_000)).then(() => {
      woke = true;
    });
    clock.advance(59_999);
    await Promise.resolve();
    expect(woke).toBe(false);
    clock.advance(1);
    await sleeping;
    expect(woke).toBe(true);
  });

  it("returns at once for a time already reached", async () => {
    const clock = new ManualClock(START);
    await clock.sleepUntil(START);
    expect(clock.sleeping).toBe(0);
  });

  it("resolves a sleeper early when its signal aborts", async () => {
    const clock = new ManualClock(START);
    const controller = new AbortController();
    const sleeping = clock.sleepUntil(new Date(START.getTime() + 3_600_000), controller.signal);
    expect(clock.sleeping).toBe(1);
    controller.abort();
    await sleeping;
    expect(clock.sleeping).toBe(0);
    expect(clock.now().getTime()).toBe(START.getTime());
  });

  it("tells a test when code under test is waiting", async () => {
    const clock = new ManualClock(START);
    const parked = clock.whenSleeping(2);
    void clock.sleepUntil(new Date(START.getTime() + 1_000));
    void clock.sleepUntil(new Date(START.getTime() + 2_000));
    await parked;
    expect(clock.sleeping).toBe(2);
    clock.advance(2_000);
    expect(clock.sleeping).toBe(0);
  });

  it("rejects an invalid start time", () => {
    expect(() => new ManualClock("not a date")).toThrow(TypeError);
  });
});

describe("ManualClock.nextWake", () => {
  it("is the earliest time any sleeper waits for", () => {
    const clock = new ManualClock(START);
    expect(clock.nextWake).toBeUndefined();
    void clock.sleepUntil(new Date(START.getTime() + 5_000));
    void clock.sleepUntil(new Date(START.getTime() + 2_000));
    expect(clock.nextWake?.getTime()).toBe(START.getTime() + 2_000);
  });
});

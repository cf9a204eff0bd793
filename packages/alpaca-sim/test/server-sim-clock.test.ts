import { describe, expect, it } from "vitest";
import { SimClock } from "../src/index.js";

const T0 = new Date("2013-10-08T13:30:00Z");

describe("SimClock (manual mode)", () => {
  it("only moves when advanced, and never backwards", () => {
    const clock = new SimClock({ start: T0 });
    expect(clock.now().toISOString()).toBe(T0.toISOString());
    clock.advanceBy(90_000);
    expect(clock.now().getTime()).toBe(T0.getTime() + 90_000);
    expect(() => clock.advanceTo(T0)).toThrow(RangeError);
    expect(clock.now().getTime()).toBe(T0.getTime() + 90_000);
  });

  it("notifies listeners with the new time until they unsubscribe", () => {
    const clock = new SimClock({ start: T0 });
    const seen: number[] = [];
    const off = clock.onAdvance((now) => seen.push(now.getTime() - T0.getTime()));
    clock.advanceBy(1_000);
    clock.advanceBy(2_000);
    off();
    clock.advanceBy(4_000);
    expect(seen).toEqual([1_000, 3_000]);
  });

  it("sleepUntil resolves once the clock is advanced past the target, not before", async () => {
    const clock = new SimClock({ start: T0 });
    let woke = false;
    const sleeping = clock.sleepUntil(new Date(T0.getTime() + 60_000)).then(() => (woke = true));
    clock.advanceBy(59_999);
    await Promise.resolve();
    expect(woke).toBe(false);
    clock.advanceBy(1);
    await sleeping;
    expect(woke).toBe(true);
  });

  it("sleepUntil rejects when its signal aborts, and resolves at once for a past target", async () => {
    const clock = new SimClock({ start: T0 });
    const ac = new AbortController();
    const sleeping = clock.sleepUntil(new Date(T0.getTime() + 60_000), ac.signal);
    ac.abort(new Error("shutdown"));
    await expect(sleeping).rejects.toThrow("shutdown");
    await expect(clock.sleepUntil(T0)).resolves.toBeUndefined();
  });
});

describe("SimClock (scaled mode)", () => {
  it("runs `speed` times faster than the wall clock and keeps time when the speed changes", () => {
    let wall = 1_000_000;
    const clock = new SimClock({ start: T0, speed: 60, wallNowMs: () => wall });
    wall += 1_000;
    expect(clock.now().getTime()).toBe(T0.getTime() + 60_000);
    clock.setSpeed(0);
    wall += 5_000;
    expect(clock.now().getTime()).toBe(T0.getTime() + 60_000);
    clock.setSpeed(10);
    wall += 500;
    expect(clock.now().getTime()).toBe(T0.getTime() + 65_000);
  });

  it("wakes sleepers when scaled time reaches their target", async () => {
    const clock = new SimClock({ start: T0, speed: 1_000 });
    const started = Date.now();
    await clock.sleepUntil(new Date(T0.getTime() + 50_000)); // 50 ms of wall time
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(T0.getTime() + 50_000);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

import { describe, expect, it } from "vitest";
import { ScaledClock } from "./scaled-clock.js";

const START = new Date("2026-03-02T14:30:00.000Z");

describe("ScaledClock", () => {
  it("reads start + real elapsed × speed", () => {
    let real = 1_000;
    const clock = new ScaledClock({ start: START, speed: 60, realNow: () => real });
    expect(clock.now().toISOString()).toBe(START.toISOString());
    real += 1_000;
    expect(clock.now().toISOString()).toBe("2026-03-02T14:31:00.000Z");
    real += 500;
    expect(clock.now().toISOString()).toBe("2026-03-02T14:31:30.000Z");
  });

  it("sleeps one market minute in about a sixtieth of the real time at speed 60", async () => {
    const clock = new ScaledClock({ start: START, speed: 60 });
    const realStart = performance.now();
    await clock.sleepUntil(new Date(clock.now().getTime() + 3_000));
    const realElapsed = performance.now() - realStart;
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(START.getTime() + 3_000);
    expect(realElapsed).toBeGreaterThanOrEqual(45);
    expect(realElapsed).toBeLessThan(2_000);
  });

  it("stops sleeping when the signal aborts", async () => {
    const clock = new ScaledClock({ start: START, speed: 1 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const realStart = performance.now();
    await clock.sleepUntil(new Date(START.getTime() + 3_600_000), controller.signal);
    expect(performance.now() - realStart).toBeLessThan(1_000);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])("rejects speed %d", (speed) => {
    expect(() => new ScaledClock({ start: START, speed })).toThrow(RangeError);
  });
});

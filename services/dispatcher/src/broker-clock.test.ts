import type { MarketClock } from "@ops/broker-alpaca";
import { describe, expect, it } from "vitest";
import { BrokerClock } from "./broker-clock.js";

function fakeBroker(times: Date[]) {
  let i = 0;
  return {
    getClock: async (): Promise<MarketClock> => {
      const timestamp = times[Math.min(i, times.length - 1)] as Date;
      i += 1;
      return { timestamp, isOpen: true, nextOpen: timestamp, nextClose: timestamp };
    },
  };
}

describe("BrokerClock", () => {
  it("reads the broker's time and stays put while the broker's clock is paused", async () => {
    const t = new Date("2024-03-05T15:00:00Z");
    const clock = await BrokerClock.create(fakeBroker([t, t, t]));
    await new Promise((r) => setTimeout(r, 20));
    await clock.sync();
    expect(clock.now().getTime()).toBe(t.getTime());
  });

  it("sleepUntil returns once the broker reports the target time", async () => {
    const start = new Date("2024-03-05T15:00:00Z");
    const later = new Date("2024-03-05T15:01:00Z");
    const clock = await BrokerClock.create(fakeBroker([start, start, later]));
    await clock.sleepUntil(later);
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(later.getTime());
  });
});

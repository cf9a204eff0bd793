// BrokerClock (in @ops/broker-alpaca, written for OPS_CLOCK=sim) with a scripted broker clock.
import { BrokerClock } from "@ops/broker-alpaca";
import type { Broker, MarketClock } from "@ops/broker-alpaca";
import { describe, expect, it } from "vitest";

function scripted(times: string[]): Pick<Broker, "getClock"> & { reads: number } {
  const state = {
    reads: 0,
    getClock(): Promise<MarketClock> {
      const t = new Date(times[Math.min(state.reads, times.length - 1)] as string);
      state.reads += 1;
      return Promise.resolve({ timestamp: t, isOpen: true, nextOpen: t, nextClose: t });
    },
  };
  return state;
}

describe("BrokerClock", () => {
  it("reads the broker's time at creation and keeps it until the next read", async () => {
    const broker = scripted(["2024-03-05T15:00:00Z", "2024-03-05T15:01:00Z"]);
    const clock = await BrokerClock.create(broker, { pollMs: 1 });
    expect(clock.now()).toEqual(new Date("2024-03-05T15:00:00Z"));
    expect(clock.now()).toEqual(new Date("2024-03-05T15:00:00Z"));
    expect(broker.reads).toBe(1);
  });

  it("sleepUntil polls until the broker's clock reaches the target, then now() reads it", async () => {
    const broker = scripted(["2024-03-05T15:00:00Z", "2024-03-05T15:00:30Z", "2024-03-05T15:00:59Z", "2024-03-05T15:01:02Z"]);
    const clock = await BrokerClock.create(broker, { pollMs: 1 });
    await clock.sleepUntil(new Date("2024-03-05T15:01:00Z"));
    expect(clock.now()).toEqual(new Date("2024-03-05T15:01:02Z"));
    expect(broker.reads).toBe(4);
  });

  it("never moves backwards when a late reading is older", async () => {
    const broker = scripted(["2024-03-05T15:05:00Z", "2024-03-05T15:04:00Z"]);
    const clock = await BrokerClock.create(broker);
    await clock.sync();
    expect(clock.now()).toEqual(new Date("2024-03-05T15:05:00Z"));
  });

  it("stops sleeping when the signal aborts", async () => {
    const broker = scripted(["2024-03-05T15:00:00Z"]);
    const clock = await BrokerClock.create(broker, { pollMs: 5 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    await clock.sleepUntil(new Date("2024-03-05T16:00:00Z"), controller.signal);
    expect(clock.now()).toEqual(new Date("2024-03-05T15:00:00Z"));
  });
});

// Market time read from the broker's GET /v2/clock, for replays against the simulator (OPS_CLOCK=sim).
// now() must be synchronous, so it extrapolates from the last reading at the rate observed between the
// last two readings (0 for a paused sim, N for a sim running N× real time); sleepUntil re-reads the
// broker clock while it waits, so the estimate is corrected at least once a second.
import type { Broker } from "@ops/broker-alpaca";
import { abortableDelay } from "@ops/core";
import type { Clock } from "@ops/core";

const POLL_MS = 250;

export class BrokerClock implements Clock {
  private brokerMs = 0;
  private wallMs = 0;
  private rate = 1;

  private constructor(private readonly broker: Pick<Broker, "getClock">) {}

  static async create(broker: Pick<Broker, "getClock">): Promise<BrokerClock> {
    const clock = new BrokerClock(broker);
    await clock.sync();
    return clock;
  }

  async sync(): Promise<void> {
    const reading = (await this.broker.getClock()).timestamp.getTime();
    const wall = Date.now();
    if (this.wallMs > 0 && wall > this.wallMs) this.rate = Math.max(0, (reading - this.brokerMs) / (wall - this.wallMs));
    this.brokerMs = reading;
    this.wallMs = wall;
  }

  now(): Date {
    return new Date(this.brokerMs + (Date.now() - this.wallMs) * this.rate);
  }

  async sleepUntil(until: Date, signal?: AbortSignal): Promise<void> {
    while (!signal?.aborted) {
      try {
        await this.sync();
      } catch {
        // Keep extrapolating; the next poll tries again.
      }
      if (this.now().getTime() >= until.getTime()) return;
      await abortableDelay(POLL_MS, signal);
    }
  }
}

// Market time read from the broker's GET /v2/clock. Against the simulator that is the replay clock, so
// a service process run with OPS_CLOCK=sim sees the same "now" as the simulator it trades against.
import { abortableDelay } from "@ops/core";
import type { Clock } from "@ops/core";
import type { Broker } from "./broker.js";

export interface BrokerClockOptions {
  /** Real-time interval between clock reads while sleeping. Default 1,000 ms. */
  readonly pollMs?: number;
}

/**
 * now() is synchronous, so it returns the latest reading; sleepUntil polls the broker until its clock
 * reaches the target, which refreshes the reading before the next cycle asks for it. Readings never
 * move backwards (a late response cannot rewind time).
 */
export class BrokerClock implements Clock {
  readonly #broker: Pick<Broker, "getClock">;
  readonly #pollMs: number;
  #lastMs: number;

  private constructor(broker: Pick<Broker, "getClock">, first: Date, pollMs: number) {
    this.#broker = broker;
    this.#pollMs = pollMs;
    this.#lastMs = first.getTime();
  }

  /** Reads the broker clock once; a broker that cannot answer fails the startup. */
  static async create(broker: Pick<Broker, "getClock">, options: BrokerClockOptions = {}): Promise<BrokerClock> {
    const pollMs = options.pollMs ?? 1_000;
    if (!(pollMs > 0)) throw new RangeError("BrokerClock pollMs must be > 0");
    const clock = await broker.getClock();
    return new BrokerClock(broker, clock.timestamp, pollMs);
  }

  now(): Date {
    return new Date(this.#lastMs);
  }

  /** Reads the broker clock now and returns the (monotonic) reading. */
  async sync(): Promise<Date> {
    const clock = await this.#broker.getClock();
    const ms = clock.timestamp.getTime();
    if (Number.isFinite(ms) && ms > this.#lastMs) this.#lastMs = ms;
    return this.now();
  }

  async sleepUntil(until: Date, signal?: AbortSignal): Promise<void> {
    while (!signal?.aborted) {
      try {
        await this.sync();
      } catch {
        // A failed read is retried at the next poll; the loop runner's own logging covers outages.
      }
      if (this.#lastMs >= until.getTime()) return;
      await abortableDelay(this.#pollMs, signal);
    }
  }
}

import { serializeError } from "@ops/core";
import type { Db, Logger } from "@ops/core";
import type { WakeableClock } from "./wakeable-clock.js";

/**
 * LISTEN on the news service's channel and wake the loop's clock on every notification. Failing to
 * listen only costs latency: the interval timer still runs cycles. Returns the unsubscribe function.
 */
export async function listenForArticles(db: Db, channel: string, clock: WakeableClock, log: Logger): Promise<() => Promise<void>> {
  try {
    const unlisten = await db.listen(channel, () => clock.wake());
    log.info({ event: "classifier.wake_listening", channel }, `waking on NOTIFY ${channel}; the interval timer remains the fallback`);
    return unlisten;
  } catch (error) {
    log.warn({ event: "classifier.wake_unavailable", channel, error: serializeError(error) }, "cannot LISTEN; running on the interval timer only");
    return async () => undefined;
  }
}

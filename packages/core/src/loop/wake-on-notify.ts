import type { WakeableClock } from "../clocks/wakeable-clock.js";
import type { Db } from "../db/types.js";
import type { Logger } from "../log/create-logger.js";
import { serializeError } from "../log/serialize-error.js";

/**
 * LISTEN on `channel` and wake the loop's clock on every notification. Failing to listen only costs
 * latency: the interval timer still runs cycles, so it is a warning, not an error. Returns the unsubscribe.
 */
export async function wakeOnNotify(db: Db, channel: string, clock: WakeableClock, logger: Logger): Promise<() => Promise<void>> {
  try {
    const unlisten = await db.listen(channel, () => clock.wake());
    logger.info({ event: "loop.wake_listening", channel }, `waking on NOTIFY ${channel}; the interval timer remains the fallback`);
    return unlisten;
  } catch (error) {
    logger.warn({ event: "loop.wake_unavailable", channel, error: serializeError(error) }, "cannot LISTEN; running on the interval timer only");
    return async () => undefined;
  }
}

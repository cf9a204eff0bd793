// Which instant each age is measured from. Heartbeats are written with the database clock (wall time),
// market rows (bars, features, recs, orders, fills) with the writer's clock, which is the simulator's
// replay clock in `pnpm start`. Measuring a replay's 2013 bars from today would call everything stale.
import { formatSeconds } from "../shared/format-seconds.js";
import type { StatusClock } from "./status-report.js";

/**
 * The replay rule: the database is a replay when its newest bar is more than this far behind its newest
 * heartbeat (or behind `now` when there are no heartbeats). In production both advance together, so the
 * gap stays under a long market closure (a weekend plus a holiday is < 4 days) even when every service
 * is down; in a replay the gap is years.
 */
export const REPLAY_GAP_S = 7 * 24 * 3600;

export interface ClockInputs {
  /** --now, or the wall clock. */
  readonly now: Date;
  readonly newestHeartbeatAt: Date | null;
  readonly newestBarAt: Date | null;
  /** The newest market-clock time in the data (bar end, features, recs, fills), or null when there is none. */
  readonly newestMarketAt: Date | null;
  /** Whether the exchange is open at an instant (the caller knows the calendar). */
  readonly isMarketOpen: (at: Date) => boolean;
}

export function resolveStatusClock(input: ClockInputs): StatusClock {
  const { now, newestHeartbeatAt, newestBarAt } = input;
  const heartbeatReference = newestHeartbeatAt ?? now;
  const gapS = newestBarAt === null ? 0 : (heartbeatReference.getTime() - newestBarAt.getTime()) / 1000;
  if (newestBarAt !== null && gapS > REPLAY_GAP_S) {
    const marketAsOf = input.newestMarketAt ?? newestBarAt;
    const heartbeatsAsOf = newestHeartbeatAt ?? now;
    const stoppedS = Math.max(0, (now.getTime() - heartbeatsAsOf.getTime()) / 1000);
    return {
      mode: "replay",
      now: now.toISOString(),
      heartbeatsAsOf: heartbeatsAsOf.toISOString(),
      marketAsOf: marketAsOf.toISOString(),
      marketOpen: input.isMarketOpen(marketAsOf),
      note:
        `replay database: the newest bar (${newestBarAt.toISOString()}) is ${formatDays(gapS)} behind the newest heartbeat, ` +
        `so market data is aged from the end of the replay (${marketAsOf.toISOString()}) and heartbeats from the last one ` +
        `(${heartbeatsAsOf.toISOString()}, ${formatSeconds(stoppedS)} before now); stopped services are not counted as down`,
    };
  }
  return {
    mode: "live",
    now: now.toISOString(),
    heartbeatsAsOf: now.toISOString(),
    marketAsOf: now.toISOString(),
    marketOpen: input.isMarketOpen(now),
    note: "live database: every age is measured from now",
  };
}

function formatDays(seconds: number): string {
  return `${(seconds / 86_400).toFixed(1)} days`;
}

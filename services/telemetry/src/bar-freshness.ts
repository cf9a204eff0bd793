// The stale-data alarm (seed §4: a day of trading lost to a data-entitlement outage nobody noticed).
// Age is measured from the newest bar's start to the market clock, as the status script does.

export interface FreshnessInput {
  readonly symbols: readonly string[];
  /** Newest bar per symbol after this cycle (absent: none at all). */
  readonly newest: ReadonlyMap<string, Date>;
  readonly now: Date;
  /** The regular session's open when the market is open now; undefined while it is closed. */
  readonly sessionOpen: Date | undefined;
  readonly staleAfterMs: number;
}

export interface Freshness {
  /** Seconds since each symbol's newest bar (absent: no bar at all). */
  readonly ageS: Map<string, number>;
  /** Symbols without a new bar for staleAfter while the market is open, sorted. */
  readonly stale: string[];
  /** Symbols with no stored bar at all, sorted. */
  readonly noData: string[];
  readonly maxAgeS: number | undefined;
}

/**
 * A symbol is stale while the market is open and neither a bar nor the open itself happened within
 * `staleAfterMs`: right after the open yesterday's last bar is old but nothing is missing yet.
 */
export function assessFreshness(input: FreshnessInput): Freshness {
  const now = input.now.getTime();
  const ageS = new Map<string, number>();
  const stale: string[] = [];
  const noData: string[] = [];
  let maxAgeS: number | undefined;
  for (const symbol of input.symbols) {
    const newest = input.newest.get(symbol)?.getTime();
    if (newest === undefined) noData.push(symbol);
    else {
      const age = Math.max(0, Math.round((now - newest) / 1000));
      ageS.set(symbol, age);
      if (maxAgeS === undefined || age > maxAgeS) maxAgeS = age;
    }
    if (input.sessionOpen === undefined) continue;
    const since = Math.max(newest ?? Number.NEGATIVE_INFINITY, input.sessionOpen.getTime());
    if (now - since > input.staleAfterMs) stale.push(symbol);
  }
  return { ageS, stale: stale.sort(), noData: noData.sort(), maxAgeS };
}

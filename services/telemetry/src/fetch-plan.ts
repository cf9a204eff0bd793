// Which bars a cycle asks for, per symbol: from where this process last read it (minus a short re-read
// for late and corrected bars), else from its newest stored bar (a restart backfills the gap), else a
// fixed lookback (a new symbol). Never further back than the backfill bound. Symbols with nearby start
// points share requests, and a long gap is fetched in windows that are committed one by one.

const MINUTE_MS = 60_000;

export interface FetchPlanInput {
  readonly symbols: readonly string[];
  /** Newest stored bar per symbol (absent: none). */
  readonly newestStored: ReadonlyMap<string, Date>;
  /** This process's memory: end of the last window fetched and committed per symbol. */
  readonly fetchedThrough: ReadonlyMap<string, Date>;
  readonly now: Date;
  readonly lookbackMs: number;
  readonly maxBackfillMs: number;
  readonly refetchMs: number;
  /** Symbols whose start points lie within this span of a group's start share its requests. */
  readonly mergeMs: number;
}

export interface FetchGroup {
  /** Minute-aligned start of the group's fetch (its earliest member's start). */
  readonly start: Date;
  readonly symbols: string[];
}

export interface FetchPlan {
  /** Oldest start first. */
  readonly groups: FetchGroup[];
  /** Symbols whose gap was longer than the backfill bound: bars before the bound are not fetched. */
  readonly truncated: string[];
}

function floorToMinute(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

export function planBarFetches(input: FetchPlanInput): FetchPlan {
  const now = input.now.getTime();
  const floor = now - input.maxBackfillMs;
  const truncated: string[] = [];
  const starts: Array<{ symbol: string; start: number }> = [];
  for (const symbol of new Set(input.symbols)) {
    const through = input.fetchedThrough.get(symbol);
    const stored = input.newestStored.get(symbol);
    let start: number;
    if (through !== undefined) start = through.getTime() - input.refetchMs;
    // The newest stored minute is read again: it may have been stored while still forming.
    else if (stored !== undefined) start = stored.getTime();
    else start = now - input.lookbackMs;
    if (start < floor) {
      // A new symbol starting at the lookback is not a truncated gap, only a stored history is.
      if (through !== undefined || stored !== undefined) truncated.push(symbol);
      start = floor;
    }
    starts.push({ symbol, start: floorToMinute(Math.min(start, now)) });
  }
  starts.sort((a, b) => a.start - b.start || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  const groups: FetchGroup[] = [];
  let current: { start: number; symbols: string[] } | undefined;
  for (const { symbol, start } of starts) {
    if (current === undefined || start - current.start > input.mergeMs) {
      current = { start, symbols: [] };
      groups.push({ start: new Date(start), symbols: current.symbols });
    }
    current.symbols.push(symbol);
  }
  return { groups, truncated };
}

export interface FetchWindow {
  readonly start: Date;
  /** Inclusive (Alpaca's `end` is); the last window ends at now. */
  readonly end: Date;
}

/** [start, now] cut into windows of `chunkMs` that do not overlap. */
export function fetchWindows(start: Date, now: Date, chunkMs: number): FetchWindow[] {
  if (!(chunkMs >= MINUTE_MS)) throw new RangeError(`chunkMs must be at least one minute, got ${chunkMs}`);
  const windows: FetchWindow[] = [];
  const end = now.getTime();
  for (let from = start.getTime(); from <= end; from += chunkMs) {
    windows.push({ start: new Date(from), end: new Date(Math.min(from + chunkMs - 1, end)) });
  }
  return windows;
}

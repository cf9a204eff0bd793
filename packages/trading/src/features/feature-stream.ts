import type { Bar } from "../domain/bar.js";
import { FeatureState, type FeatureWindows } from "./feature-state.js";
import type { FeatureReset, FeatureResult, FeatureWarmup } from "./features.js";

export interface FeatureStreamOptions {
  readonly windows?: Partial<FeatureWindows>;
  /**
   * A corrected or late bar at most this many bars behind the newest one is recomputed in memory
   * (from a checkpoint); an older one asks the caller to rebuild from stored bars (`rebuildFrom`).
   * Memory per symbol: about two state copies plus up to 2 × depth bars.
   */
  readonly correctionDepthBars?: number;
}

export interface ApplyOptions {
  /** Report results only for bars at or after this time (ms); earlier bars only build state. */
  readonly emitFromMs?: number;
}

export interface StreamResult {
  readonly bar: Bar;
  readonly result: FeatureResult;
}

export interface FeatureStreamUpdate {
  /** One entry per bar whose features were computed or recomputed (and not filtered by emitFromMs), oldest first. */
  readonly results: StreamResult[];
  /** Bars that changed a bar already seen (a correction) or arrived behind the newest one (late). */
  readonly corrected: number;
  /** Bars identical to one already seen: ignored. */
  readonly duplicates: number;
  /** State resets (split-sized jumps, long gaps) that happened while applying; at most the last one. */
  readonly resets: readonly FeatureReset[];
  /**
   * Set when a correction reaches further back than the stream remembers: nothing was applied, and
   * the caller must rebuild the symbol from stored bars, recomputing from this time.
   */
  readonly rebuildFrom?: Date;
}

interface Checkpoint {
  /** Journal bars processed before this state. */
  count: number;
  state: FeatureState;
}

const DEFAULT_CORRECTION_DEPTH = 30;
const NO_RESETS: readonly FeatureReset[] = Object.freeze([]);

/**
 * One symbol's streaming features that also survives the data being revised: it keeps the bars of the
 * last `correctionDepthBars`..2×`correctionDepthBars` minutes and state checkpoints, so a corrected or
 * late bar recomputes every bar from that point exactly as if the corrected data had arrived first.
 * New bars cost one O(1) update each; a checkpoint is a state copy every `correctionDepthBars` bars.
 */
export class FeatureStream {
  readonly symbol: string;
  private readonly depth: number;
  private state: FeatureState;
  private readonly journal: Bar[] = [];
  private checkpoints: Checkpoint[];
  private lastSeenMs: number | undefined;

  constructor(symbol: string, options: FeatureStreamOptions = {}) {
    const depth = options.correctionDepthBars ?? DEFAULT_CORRECTION_DEPTH;
    if (!Number.isInteger(depth) || depth < 1) throw new RangeError(`correctionDepthBars must be a positive integer, got ${depth}`);
    this.symbol = symbol;
    this.depth = depth;
    this.state = new FeatureState(symbol, options.windows);
    this.checkpoints = [{ count: 0, state: this.state.clone() }];
  }

  /** Newest bar time seen (accepted or refused), in ms: bars after it are new. */
  get newestTs(): number | undefined {
    return this.lastSeenMs;
  }

  /** The oldest bar time a correction can still be recomputed from in memory. */
  get correctableFromMs(): number | undefined {
    return this.journal[0]?.ts.getTime();
  }

  get warmup(): FeatureWarmup {
    return this.state.warmup;
  }

  /**
   * Applies bars in any order: new ones are appended, identical repeats ignored, corrections and late
   * bars recompute from their position. Bars of another symbol or with an unreadable time are
   * reported as skips and otherwise ignored.
   */
  apply(incoming: readonly Bar[], options?: ApplyOptions): FeatureStreamUpdate {
    const emitFrom = options?.emitFromMs ?? Number.NEGATIVE_INFINITY;
    const results: StreamResult[] = [];
    const resetsBefore = this.state.resets;
    if (this.allNewInOrder(incoming)) {
      // The normal minute: only new bars, in order. No sorting, no lookups.
      for (const bar of incoming) this.step(bar, emitFrom, results);
      return this.finish(results, 0, 0, resetsBefore);
    }
    const usable: Bar[] = [];
    for (const bar of incoming) {
      if (bar.symbol !== this.symbol || !(bar.ts instanceof Date) || Number.isNaN(bar.ts.getTime())) {
        results.push({ bar, result: this.state.update(bar) });
      } else {
        usable.push(bar);
      }
    }
    // Sorted by time; of two bars with the same time the later in the input wins (the newer revision).
    const byTs = new Map<number, Bar>();
    for (const bar of usable) byTs.set(bar.ts.getTime(), bar);
    const sorted = [...byTs.entries()].sort((a, b) => a[0] - b[0]).map(([, bar]) => bar);

    const fresh: Bar[] = [];
    const revisions: Bar[] = [];
    let duplicates = 0;
    const newest = this.lastSeenMs;
    for (const bar of sorted) {
      const ms = bar.ts.getTime();
      if (newest === undefined || ms > newest) {
        fresh.push(bar);
        continue;
      }
      const at = this.indexOf(ms);
      if (at >= 0 && sameBar(this.journal[at] as Bar, bar)) {
        duplicates++;
        continue;
      }
      const oldest = this.correctableFromMs;
      if (oldest === undefined || ms < oldest) {
        return { results: [], corrected: 0, duplicates, resets: NO_RESETS, rebuildFrom: bar.ts };
      }
      revisions.push(bar);
    }

    if (revisions.length === 0) {
      for (const bar of fresh) this.step(bar, emitFrom, results);
    } else {
      let earliest = Number.POSITIVE_INFINITY;
      for (const bar of revisions) {
        const ms = bar.ts.getTime();
        const at = this.indexOf(ms);
        if (at >= 0) this.journal[at] = bar;
        else this.journal.splice(this.insertionPoint(ms), 0, bar);
      }
      for (const bar of revisions) earliest = Math.min(earliest, this.indexOf(bar.ts.getTime()));
      this.journal.push(...fresh);
      this.replayFrom(earliest, emitFrom, results);
    }
    return this.finish(results, revisions.length, duplicates, resetsBefore);
  }

  private finish(results: StreamResult[], corrected: number, duplicates: number, resetsBefore: number): FeatureStreamUpdate {
    const last = this.journal[this.journal.length - 1];
    if (last !== undefined) this.lastSeenMs = Math.max(this.lastSeenMs ?? Number.NEGATIVE_INFINITY, last.ts.getTime());
    this.trim();
    const reset = this.state.resets > resetsBefore ? this.state.lastReset : undefined;
    return { results, corrected, duplicates, resets: reset ? [reset] : NO_RESETS };
  }

  private allNewInOrder(incoming: readonly Bar[]): boolean {
    let prev = this.lastSeenMs ?? Number.NEGATIVE_INFINITY;
    for (const bar of incoming) {
      if (bar.symbol !== this.symbol || !(bar.ts instanceof Date)) return false;
      const ms = bar.ts.getTime();
      if (!(ms > prev)) return false;
      prev = ms;
    }
    return true;
  }

  /** One new bar at the end: update, journal, checkpoint when due. */
  private step(bar: Bar, emitFrom: number, results: StreamResult[]): void {
    this.maybeCheckpoint(this.journal.length);
    const result = this.state.update(bar);
    this.journal.push(bar);
    if (bar.ts.getTime() >= emitFrom) results.push({ bar, result });
  }

  /** Restores the newest checkpoint at or before journal index `from` and replays the journal from there. */
  private replayFrom(from: number, emitFrom: number, results: StreamResult[]): void {
    let keep = 0;
    for (let i = 0; i < this.checkpoints.length; i++) if ((this.checkpoints[i] as Checkpoint).count <= from) keep = i;
    this.checkpoints.length = keep + 1;
    const cp = this.checkpoints[keep] as Checkpoint;
    this.state = cp.state.clone();
    for (let i = cp.count; i < this.journal.length; i++) {
      this.maybeCheckpoint(i);
      const bar = this.journal[i] as Bar;
      const result = this.state.update(bar);
      if (i >= from && bar.ts.getTime() >= emitFrom) results.push({ bar, result });
    }
  }

  private maybeCheckpoint(index: number): void {
    const lastCp = this.checkpoints[this.checkpoints.length - 1] as Checkpoint;
    if (index - lastCp.count >= this.depth) this.checkpoints.push({ count: index, state: this.state.clone() });
  }

  /** Forgets bars before the second-newest checkpoint, keeping at least `depth` bars correctable. */
  private trim(): void {
    if (this.checkpoints.length <= 2) return;
    const drop = (this.checkpoints[this.checkpoints.length - 2] as Checkpoint).count;
    this.checkpoints.splice(0, this.checkpoints.length - 2);
    for (const cp of this.checkpoints) cp.count -= drop;
    this.journal.splice(0, drop);
  }

  private indexOf(ms: number): number {
    const i = this.insertionPoint(ms);
    return i < this.journal.length && (this.journal[i] as Bar).ts.getTime() === ms ? i : -1;
  }

  /** First journal index whose time is >= ms. */
  private insertionPoint(ms: number): number {
    let lo = 0;
    let hi = this.journal.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.journal[mid] as Bar).ts.getTime() < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function sameBar(a: Bar, b: Bar): boolean {
  return a.open === b.open && a.high === b.high && a.low === b.low && a.close === b.close && a.volume === b.volume;
}

import { SeededRandom } from "./market-data/seeded-random.js";

/** Fault knobs; every one is off (0) by default. Rates are probabilities in [0, 1]. */
export interface Faults {
  /** Fraction of API requests answered 500 before they are handled (no side effect). */
  readonly errorRate: number;
  /** Wall-clock delay added before every API response. */
  readonly latencyMs: number;
  /**
   * Fraction of accepted POST /v2/orders whose HTTP response never completes (socket destroyed):
   * the client sees a network error, yet the order exists and trades.
   */
  readonly timeoutAfterAcceptRate: number;
  /** Fraction of fills that are partial: only `partialFillFraction` of the remaining qty fills. */
  readonly partialFillRate: number;
  /** In (0, 1); the filled share of a partial fill (at least 1 unit, never all of it). */
  readonly partialFillFraction: number;
  /** Fraction of order submissions rejected with 403/422 (nothing stored). */
  readonly rejectRate: number;
  /** PRNG seed; changing it restarts the fault sequence. */
  readonly seed: number;
}

export const NO_FAULTS: Faults = {
  errorRate: 0,
  latencyMs: 0,
  timeoutAfterAcceptRate: 0,
  partialFillRate: 0,
  partialFillFraction: 0.5,
  rejectRate: 0,
  seed: 1,
};

const RATE_KEYS = ["errorRate", "timeoutAfterAcceptRate", "partialFillRate", "rejectRate"] as const;

/** Validates a partial fault update; returns an error message or the merged faults. */
export function mergeFaults(current: Faults, update: unknown): Faults | string {
  if (typeof update !== "object" || update === null || Array.isArray(update)) {
    return "faults must be a JSON object";
  }
  const u = update as Record<string, unknown>;
  const known = new Set<string>(Object.keys(NO_FAULTS));
  for (const key of Object.keys(u)) if (!known.has(key)) return `unknown fault knob: ${key}`;
  const merged: Record<string, number> = { ...current };
  for (const [key, value] of Object.entries(u)) {
    if (typeof value !== "number" || !Number.isFinite(value)) return `${key} must be a finite number`;
    merged[key] = value;
  }
  const next = merged as unknown as Faults;
  for (const key of RATE_KEYS) {
    if (next[key] < 0 || next[key] > 1) return `${key} must be within [0, 1]`;
  }
  if (next.latencyMs < 0) return "latencyMs must be >= 0";
  if (!(next.partialFillFraction > 0 && next.partialFillFraction < 1)) {
    return "partialFillFraction must be within (0, 1)";
  }
  return next;
}

/**
 * Draws fault decisions from one seeded stream, so a run with the same seed and the same request
 * sequence injects the same faults. A knob at 0 never draws, so turning one knob on does not
 * perturb the others' sequences more than necessary.
 */
export class FaultInjector {
  private current: Faults;
  private random: SeededRandom;

  constructor(initial?: Partial<Faults>) {
    const merged = mergeFaults(NO_FAULTS, initial ?? {});
    if (typeof merged === "string") throw new RangeError(merged);
    this.current = merged;
    this.random = new SeededRandom(merged.seed);
  }

  get faults(): Faults {
    return this.current;
  }

  /** Applies a partial update; returns an error message when invalid (nothing changes then). */
  update(update: unknown): string | undefined {
    const merged = mergeFaults(this.current, update);
    if (typeof merged === "string") return merged;
    if (merged.seed !== this.current.seed) this.random = new SeededRandom(merged.seed);
    this.current = merged;
    return undefined;
  }

  shouldError(): boolean {
    return this.roll(this.current.errorRate);
  }

  shouldTimeoutAfterAccept(): boolean {
    return this.roll(this.current.timeoutAfterAcceptRate);
  }

  shouldReject(): boolean {
    return this.roll(this.current.rejectRate);
  }

  /** Which rejection status to use; alternates pseudo-randomly between Alpaca's two. */
  rejectStatus(): 403 | 422 {
    return this.random.next() < 0.5 ? 403 : 422;
  }

  /** Qty to fill now out of `remaining` (whole units). */
  fillQty(remaining: number): number {
    if (remaining < 2 || !this.roll(this.current.partialFillRate)) return remaining;
    const part = Math.floor(remaining * this.current.partialFillFraction);
    return Math.min(remaining - 1, Math.max(1, part));
  }

  private roll(rate: number): boolean {
    if (rate <= 0) return false;
    if (rate >= 1) return true;
    return this.random.next() < rate;
  }
}

import type { Bar } from "@ops/trading";

export const BAR_SKIP_REASONS = [
  "wrong_column_count",
  "not_a_number",
  "bad_timestamp",
  "non_positive_price",
  "ohlc_inconsistent",
  "negative_volume",
  "duplicate_timestamp",
] as const;
export type BarSkipReason = (typeof BAR_SKIP_REASONS)[number];

export interface SkippedRow {
  /** 1-based line number in the source text. */
  line: number;
  reason: BarSkipReason;
}

/** What one file (or text) yielded: bars plus an account of every row that did not become a bar. */
export interface BarParseReport {
  bars: Bar[];
  /** Data rows seen (header and blank lines excluded). */
  rows: number;
  /** Valid rows left out on purpose (outside regular hours when rthOnly, or an unwanted day). */
  filtered: number;
  skipped: Record<BarSkipReason, number>;
  /** The first few skipped rows, so a report can point at them. */
  examples: SkippedRow[];
}

const MAX_EXAMPLES = 20;

export function emptySkipCounts(): Record<BarSkipReason, number> {
  const counts = {} as Record<BarSkipReason, number>;
  for (const reason of BAR_SKIP_REASONS) counts[reason] = 0;
  return counts;
}

export function totalSkipped(report: Pick<BarParseReport, "skipped">): number {
  let total = 0;
  for (const reason of BAR_SKIP_REASONS) total += report.skipped[reason];
  return total;
}

/** Accumulates bars and skips while a parser walks the rows. */
export class BarReportBuilder {
  private readonly bars: Bar[] = [];
  private readonly seen = new Set<number>();
  private readonly skipped = emptySkipCounts();
  private readonly examples: SkippedRow[] = [];
  private rows = 0;
  private filtered = 0;

  row(): void {
    this.rows += 1;
  }

  skip(line: number, reason: BarSkipReason): void {
    this.skipped[reason] += 1;
    if (this.examples.length < MAX_EXAMPLES) this.examples.push({ line, reason });
  }

  filter(): void {
    this.filtered += 1;
  }

  /** Validates OHLCV consistency; returns false (and records why) when the bar is rejected. */
  accept(line: number, bar: Bar): boolean {
    const { open, high, low, close, volume } = bar;
    if (![open, high, low, close, volume].every(Number.isFinite)) {
      this.skip(line, "not_a_number");
      return false;
    }
    if (open <= 0 || high <= 0 || low <= 0 || close <= 0) {
      this.skip(line, "non_positive_price");
      return false;
    }
    // A tiny tolerance: float32-ish yfinance values can sit a hair outside their own high/low.
    const eps = 1e-6 * high;
    if (high + eps < low || open > high + eps || open < low - eps || close > high + eps || close < low - eps) {
      this.skip(line, "ohlc_inconsistent");
      return false;
    }
    if (volume < 0) {
      this.skip(line, "negative_volume");
      return false;
    }
    const key = bar.ts.getTime();
    if (this.seen.has(key)) {
      this.skip(line, "duplicate_timestamp");
      return false;
    }
    this.seen.add(key);
    this.bars.push(bar);
    return true;
  }

  build(): BarParseReport {
    const bars = this.bars.slice().sort((a, b) => a.ts.getTime() - b.ts.getTime());
    return { bars, rows: this.rows, filtered: this.filtered, skipped: this.skipped, examples: this.examples };
  }
}

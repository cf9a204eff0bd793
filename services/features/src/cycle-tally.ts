import type { Logger } from "@ops/core";
import { isFeatureSkip } from "@ops/trading";
import type { Features, FeatureStreamUpdate } from "@ops/trading";
import { featureRowProblem } from "./feature-row-problem.js";

/**
 * What one cycle saw and produced: the rows to write, counts for `cycle.done`, and symbols by skip
 * reason for one summary log line (skips are normal whenever the market is closed or a symbol warms up).
 */
export class CycleTally {
  readonly rows: Features[] = [];
  readonly skipped = new Map<string, Set<string>>();
  barsRead = 0;
  corrected = 0;
  duplicates = 0;
  resets = 0;
  invalidRows = 0;
  warmed = 0;
  rebuilt = 0;
  private readonly log: Logger;

  constructor(log: Logger) {
    this.log = log;
  }

  skip(reason: string, symbol: string): void {
    let symbols = this.skipped.get(reason);
    if (!symbols) this.skipped.set(reason, (symbols = new Set()));
    symbols.add(symbol);
  }

  /** Takes one stream update: rows for computed bars, a clear log line for every bad bar and reset. */
  add(symbol: string, update: FeatureStreamUpdate): void {
    this.corrected += update.corrected;
    this.duplicates += update.duplicates;
    for (const reset of update.resets) {
      this.resets++;
      this.log.warn({ event: "features.reset", symbol, ts: reset.ts.toISOString(), reason: reset.reason, detail: reset.detail },
        `indicator state reset (${reset.reason}); re-warming`);
    }
    for (const { bar, result } of update.results) {
      if (isFeatureSkip(result)) {
        if (result.skip === "MALFORMED_BAR" || result.skip === "WRONG_SYMBOL") {
          this.log.error({ event: "features.bad_bar", symbol, ts: tsText(bar.ts), reason: result.skip, detail: result.detail },
            `bar not used: ${result.detail}`);
        }
        this.skip(result.skip, symbol);
        continue;
      }
      const problem = featureRowProblem(result);
      if (problem !== undefined) {
        this.invalidRows++;
        this.log.error({ event: "features.invalid_row", symbol, ts: result.ts.toISOString(), problem }, `features not stored: ${problem}`);
        this.skip("INVALID_ROW", symbol);
        continue;
      }
      this.rows.push(result);
    }
  }

  counts(symbols: number, upserted: number): Record<string, number> {
    const counts: Record<string, number> = {
      symbols,
      warmed: this.warmed,
      rebuilt: this.rebuilt,
      bars_read: this.barsRead,
      corrected: this.corrected,
      duplicates: this.duplicates,
      resets: this.resets,
      computed: this.rows.length,
      upserted,
    };
    for (const [reason, names] of this.skipped) counts[`skipped_${reason.toLowerCase()}`] = names.size;
    return counts;
  }

  /** Symbols by reason, sorted, for the summary line. */
  skippedSummary(): Record<string, string[]> {
    return Object.fromEntries([...this.skipped].map(([reason, names]) => [reason, [...names].sort()]));
  }
}

function tsText(ts: unknown): string {
  return ts instanceof Date && !Number.isNaN(ts.getTime()) ? ts.toISOString() : String(ts);
}

// The volatility_regime gate's input, read once per cycle from the configured source's stored bars
// (telemetry fetches them). The reading itself is the pure @ops/trading reader; this shell adds the SQL,
// the per-cycle log line and what the stored gate row shows beside the gate's own value and threshold.
import type { Logger, Queryable } from "@ops/core";
import { volatilityBarsNeeded, volatilityReadingFromBars } from "@ops/trading";
import type { VolatilityReaderSettings, VolatilityReading, VolatilitySource } from "@ops/trading";
import { loadVolatilityBars } from "./queries.js";

export interface VolatilityConfigForCycle {
  readonly source: VolatilitySource;
  readonly settings: VolatilityReaderSettings;
}

/** Why a configured source gave no reading, for the log and the stored gate row. */
export type NoReadingReason = "no_bars" | "stale" | "too_few_or_bad_bars";

export interface CycleVolatility {
  /** What GateInput.volatility gets: undefined = not configured, null = configured, no reading. */
  readonly reading: VolatilityReading | null | undefined;
  /** Merged into the volatility_regime row's detail, so the level and source are a query away. */
  readonly storedDetail: Readonly<Record<string, unknown>> | undefined;
}

const NOT_CONFIGURED: CycleVolatility = { reading: undefined, storedDetail: undefined };

/**
 * Returns a per-cycle reader that remembers the last regime, so the log says when it changes rather than
 * repeating itself for every recommendation. A missing reading is logged every cycle that reads it:
 * the gate is then passing without data, which an operator should see.
 */
export function createVolatilityReader(config: VolatilityConfigForCycle): (db: Queryable, now: Date, log: Logger) => Promise<CycleVolatility> {
  const { source, settings } = config;
  let lastRegime: string | undefined;

  return async (db, now, log) => {
    if (source.kind === "none") return NOT_CONFIGURED;
    const described = `${source.kind}:${source.symbol}`;
    const bars = await loadVolatilityBars(db, source.symbol, volatilityBarsNeeded(source, settings), now);
    const reading = volatilityReadingFromBars(source, bars, now, settings);
    if (reading === null) {
      const newest = bars.reduce<Date | null>((max, b) => (max === null || b.ts > max ? b.ts : max), null);
      const reason: NoReadingReason =
        newest === null ? "no_bars" : now.getTime() - newest.getTime() > settings.maxAgeSeconds * 1000 ? "stale" : "too_few_or_bad_bars";
      const fields = { source: described, reason, newest_bar_ts: newest?.toISOString() ?? null, bars: bars.length };
      log.warn({ event: "volatility.no_reading", ...fields, max_age_s: settings.maxAgeSeconds },
        `no volatility reading from ${described} (${reason}): the volatility gate passes, flagged no_reading`);
      lastRegime = undefined;
      return { reading: null, storedDetail: fields };
    }
    if (reading.regime !== lastRegime) {
      log.info(
        { event: "volatility.regime", source: described, regime: reading.regime, previous: lastRegime ?? null, level: round(reading.level), as_of: reading.asOf.toISOString() },
        `volatility regime ${reading.regime} (${described} level ${round(reading.level)})`,
      );
      lastRegime = reading.regime;
    }
    return {
      reading,
      storedDetail: { source: reading.source, regime: reading.regime, level: round(reading.level), as_of: reading.asOf.toISOString() },
    };
  };
}

function round(level: number | null): number | null {
  return level === null ? null : Math.round(level * 10_000) / 10_000;
}

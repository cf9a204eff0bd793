// The volatility gate's source as the status sees it: the configured source (the same OPS_VOLATILITY_*
// variables the services read) and the reading the dispatcher's gate would get now, computed from the stored
// bars with the dispatcher's own pure reader.
import { describeVolatilitySource } from "@ops/core";
import type { Queryable, VolatilityConfig } from "@ops/core";
import { volatilityBarsNeeded, volatilityReadingFromBars } from "@ops/trading";
import { date, num } from "../shared/row-values.js";
import type { TradingStatus } from "./status-report.js";

type VolatilityStatus = TradingStatus["volatility"];

/** The parsed variables, or the problem that would stop a service from starting. */
export type VolatilityConfigOrError = VolatilityConfig | { readonly error: string };

export const VOLATILITY_NOT_CONFIGURED_NOTE = "volatility gate passes without data (not configured)";

export async function readVolatility(db: Queryable, config: VolatilityConfigOrError, asOf: Date): Promise<VolatilityStatus> {
  const lastGateReading = await readLastGateReading(db, asOf);
  return { ...(await readConfigured(db, config, asOf)), lastGateReading };
}

/**
 * The newest volatility_regime gate row at or before `asOf`: the reading a dispatcher really judged on.
 * Newest by id (rows are written in evaluation order), so the primary key is walked backwards and the
 * scan stops at the first match instead of sorting a table that grows by ~20 rows per recommendation.
 */
async function readLastGateReading(db: Queryable, asOf: Date): Promise<VolatilityStatus["lastGateReading"]> {
  const { rows } = await db.query(
    `SELECT account_id, evaluated_at, detail FROM risk_gate_evaluations
     WHERE gate = 'volatility_regime' AND evaluated_at <= $1::timestamptz
     ORDER BY id DESC LIMIT 1`,
    [asOf.toISOString()],
  );
  const row = rows[0];
  const at = date(row?.evaluated_at);
  if (row === undefined || at === null) return null;
  const detail = (row.detail ?? {}) as Record<string, unknown>;
  const reading = (detail.reading ?? {}) as Record<string, unknown>;
  const text = (v: unknown): string | null => (typeof v === "string" ? v : null);
  return {
    account: String(row.account_id),
    evaluatedAt: at.toISOString(),
    source: text(reading.source),
    regime: text(reading.regime),
    level: num(reading.level),
    flag: text(detail.flag),
  };
}

async function readConfigured(db: Queryable, config: VolatilityConfigOrError, asOf: Date): Promise<Omit<VolatilityStatus, "lastGateReading">> {
  if ("error" in config) {
    return {
      source: "invalid", configured: false, error: config.error, maxAgeS: null, levels: null, reading: null, newestBarAt: null,
      note: `invalid volatility configuration (the services would refuse to start): ${config.error}`,
    };
  }
  const { source, settings } = config;
  const described = describeVolatilitySource(source);
  const levels = [settings.levels.complacentBelow, settings.levels.normalBelow, settings.levels.elevatedBelow, settings.levels.highBelow];
  if (source.kind === "none") {
    return { source: described, configured: false, error: null, maxAgeS: null, levels: null, reading: null, newestBarAt: null, note: VOLATILITY_NOT_CONFIGURED_NOTE };
  }
  const { rows } = await db.query(
    `SELECT ts, close FROM bars WHERE symbol = $1 AND ts <= $2::timestamptz ORDER BY ts DESC LIMIT $3`,
    [source.symbol, asOf.toISOString(), volatilityBarsNeeded(source, settings)],
  );
  const bars = rows.flatMap((r) => {
    const ts = date(r.ts);
    const close = num(r.close);
    return ts === null || close === null ? [] : [{ ts, close }];
  });
  const newest = bars[0]?.ts ?? null;
  const reading = volatilityReadingFromBars(source, bars, asOf, settings);
  const base = { source: described, configured: true, error: null, maxAgeS: settings.maxAgeSeconds, levels, newestBarAt: newest?.toISOString() ?? null };
  if (reading === null) {
    const why = newest === null ? `no ${source.symbol} bars` : `newest ${source.symbol} bar ${ageS(asOf, newest)} s old, max ${settings.maxAgeSeconds} s, or too few 1-minute bars`;
    return { ...base, reading: null, note: `${described}: no reading (${why}); the volatility gate passes, flagged no_reading` };
  }
  const level = reading.level === null ? null : Math.round(reading.level * 100) / 100;
  const age = ageS(asOf, reading.asOf);
  return {
    ...base,
    reading: { regime: reading.regime, level, asOf: reading.asOf.toISOString(), ageS: age },
    note: `${described}: ${reading.regime} (level ${level ?? "-"}; bounds ${levels.join("/")}), ${age} s old`,
  };
}

function ageS(asOf: Date, at: Date): number {
  return Math.max(0, Math.round((asOf.getTime() - at.getTime()) / 1000));
}

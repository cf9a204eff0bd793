import { z } from "zod";
import { numberVar, parseStrictNumber } from "./env-vars.js";
import { loadConfig } from "./load-config.js";
import type { EnvSource } from "./load-config.js";

// The volatility-regime gate's source (issue 8). Telemetry, the dispatcher, the position manager and the
// status script must read the same variables the same way, so the fragment lives here. Core must not import
// @ops/trading: the shapes below are structurally the same as its VolatilitySource / VolatilityReaderSettings.

export type VolatilitySourceConfig =
  | { readonly kind: "none" }
  | { readonly kind: "close" | "realized"; readonly symbol: string };

export interface VolatilityLevelsConfig {
  readonly complacentBelow: number;
  readonly normalBelow: number;
  readonly elevatedBelow: number;
  readonly highBelow: number;
}

export interface VolatilitySettingsConfig {
  readonly levels: VolatilityLevelsConfig;
  readonly maxAgeSeconds: number;
  readonly realizedWindow: number;
}

export interface VolatilityConfig {
  readonly source: VolatilitySourceConfig;
  readonly settings: VolatilitySettingsConfig;
}

const SYMBOL_PATTERN = /^[A-Z][A-Z0-9.]{0,9}$/;
const SOURCE_FORMAT = "none | close:SYMBOL | realized:SYMBOL";

/** Parses OPS_VOLATILITY_SOURCE; undefined for anything that is not one of the three forms. */
export function parseVolatilitySource(raw: string): VolatilitySourceConfig | undefined {
  const text = raw.trim();
  if (text.toLowerCase() === "none") return { kind: "none" };
  const match = /^(close|realized):(.+)$/i.exec(text);
  if (match === null) return undefined;
  const kind = match[1]!.toLowerCase() as "close" | "realized";
  const symbol = match[2]!.trim().toUpperCase();
  return SYMBOL_PATTERN.test(symbol) ? { kind, symbol } : undefined;
}

/** Parses "complacent,normal,elevated,high" upper bounds: four strictly ascending positive numbers. */
export function parseVolatilityLevels(raw: string): VolatilityLevelsConfig | undefined {
  const parts = raw.split(",").map((part) => part.trim());
  if (parts.length !== 4) return undefined;
  const numbers = parts.map((part) => parseStrictNumber(part) ?? Number.NaN);
  if (!numbers.every((n) => n > 0)) return undefined;
  if (!numbers.every((n, i) => i === 0 || n > numbers[i - 1]!)) return undefined;
  const [complacentBelow, normalBelow, elevatedBelow, highBelow] = numbers as [number, number, number, number];
  return { complacentBelow, normalBelow, elevatedBelow, highBelow };
}

function quoted(raw: string): string {
  return JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw);
}

function volatilitySourceVar() {
  return z.string().transform((raw, ctx): VolatilitySourceConfig => {
    const source = parseVolatilitySource(raw);
    if (source === undefined) {
      ctx.addIssue({ code: "custom", message: `must be ${SOURCE_FORMAT} (got ${quoted(raw)})` });
      return z.NEVER;
    }
    return source;
  });
}

function volatilityLevelsVar() {
  return z.string().transform((raw, ctx): VolatilityLevelsConfig => {
    const levels = parseVolatilityLevels(raw);
    if (levels === undefined) {
      ctx.addIssue({
        code: "custom",
        message: `must be four strictly ascending positive numbers "complacent,normal,elevated,high" (got ${quoted(raw)})`,
      });
      return z.NEVER;
    }
    return levels;
  });
}

/** The seed's VIX levels (spec §3.7 gate 2). */
export const DEFAULT_VOLATILITY_LEVELS: VolatilityLevelsConfig = {
  complacentBelow: 15,
  normalBelow: 20,
  elevatedBelow: 30,
  highBelow: 40,
};

/** Spread into a service's zod schema: `baseServiceSchema.extend({ ...volatilityEnv, … })`. */
export const volatilityEnv = {
  // Default none: the gate passes, flagged not_supplied, and status says so.
  OPS_VOLATILITY_SOURCE: volatilitySourceVar().default({ kind: "none" }),
  OPS_VOLATILITY_LEVELS: volatilityLevelsVar().default(DEFAULT_VOLATILITY_LEVELS),
  // Bars arrive every ~60–80 s; a thin ETF on IEX skips minutes, so allow a few missed bars.
  OPS_VOLATILITY_MAX_AGE_S: numberVar({ positive: true }).default(300),
  // Sample stdev needs at least two returns; 60 = the last hour.
  OPS_VOLATILITY_REALIZED_WINDOW: numberVar({ integer: true, min: 2, max: 390 }).default(60),
};

export interface VolatilityEnvValues {
  readonly OPS_VOLATILITY_SOURCE: VolatilitySourceConfig;
  readonly OPS_VOLATILITY_LEVELS: VolatilityLevelsConfig;
  readonly OPS_VOLATILITY_MAX_AGE_S: number;
  readonly OPS_VOLATILITY_REALIZED_WINDOW: number;
}

/** The parsed fragment as the reader's (source, settings). */
export function volatilityConfigFrom(parsed: VolatilityEnvValues): VolatilityConfig {
  return {
    source: parsed.OPS_VOLATILITY_SOURCE,
    settings: {
      levels: parsed.OPS_VOLATILITY_LEVELS,
      maxAgeSeconds: parsed.OPS_VOLATILITY_MAX_AGE_S,
      realizedWindow: parsed.OPS_VOLATILITY_REALIZED_WINDOW,
    },
  };
}

/** The symbol whose bars the source needs, or null for none. */
export function volatilitySourceSymbol(source: VolatilitySourceConfig): string | null {
  return source.kind === "none" ? null : source.symbol;
}

/** "none", "close:VIXY", "realized:SPY": the form the variable takes, for logs and status. */
export function describeVolatilitySource(source: VolatilitySourceConfig): string {
  return source.kind === "none" ? "none" : `${source.kind}:${source.symbol}`;
}

/**
 * The fragment read on its own, for readers that are not a service with a schema of their own (the status
 * script). Throws a ConfigError naming the bad variable, exactly as a service would at start.
 */
export function loadVolatilityConfig(env: EnvSource): VolatilityConfig {
  return volatilityConfigFrom(loadConfig(z.object(volatilityEnv), env));
}

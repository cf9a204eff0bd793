import { z } from "zod";

// Environment values are strings. These helpers turn them into typed values and reject junk
// ("abc" for a number is an error, never NaN; "maybe" for a boolean is an error, never false).

const NUMBER_PATTERN = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Parses a decimal number; undefined for anything else (empty, "abc", "1e", "Infinity", "0x10"). */
export function parseStrictNumber(raw: string): number | undefined {
  const text = raw.trim();
  if (!NUMBER_PATTERN.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

const TRUE_WORDS = ["true", "1", "yes", "on"] as const;
const FALSE_WORDS = ["false", "0", "no", "off"] as const;

/** Parses true/false/1/0/yes/no/on/off (any case); undefined for anything else. */
export function parseStrictBoolean(raw: string): boolean | undefined {
  const text = raw.trim().toLowerCase();
  if ((TRUE_WORDS as readonly string[]).includes(text)) return true;
  if ((FALSE_WORDS as readonly string[]).includes(text)) return false;
  return undefined;
}

function quote(raw: string): string {
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  return JSON.stringify(shown);
}

export interface NumberVarOptions {
  min?: number;
  max?: number;
  /** Strictly greater than zero. */
  positive?: boolean;
  integer?: boolean;
}

/** A numeric env var. Without `.default(...)` it is required: a missing value is a ConfigError. */
export function numberVar(options: NumberVarOptions = {}) {
  return z.string().transform((raw, ctx): number => {
    const value = parseStrictNumber(raw);
    const fail = (message: string): never => {
      ctx.addIssue({ code: "custom", message: `${message} (got ${quote(raw)})` });
      return z.NEVER;
    };
    if (value === undefined) return fail("must be a number");
    if (options.integer && !Number.isInteger(value)) return fail("must be an integer");
    if (options.positive && !(value > 0)) return fail("must be greater than 0");
    if (options.min !== undefined && value < options.min) return fail(`must be at least ${options.min}`);
    if (options.max !== undefined && value > options.max) return fail(`must be at most ${options.max}`);
    return value;
  });
}

/**
 * For risk limits and anything else that must never fall back to a default silently (seed failure 11):
 * the variable has to be present and valid, or the service refuses to start.
 */
export function requiredNumber(options: NumberVarOptions = {}) {
  return numberVar(options);
}

/** A boolean env var (true/false/1/0/yes/no/on/off). Required unless given `.default(...)`. */
export function booleanVar() {
  return z.string().transform((raw, ctx): boolean => {
    const value = parseStrictBoolean(raw);
    if (value === undefined) {
      ctx.addIssue({ code: "custom", message: `must be true or false (got ${quote(raw)})` });
      return z.NEVER;
    }
    return value;
  });
}

/** One of a closed set of strings, with a message that lists the allowed values. */
export function enumVar<const T extends readonly [string, ...string[]]>(values: T) {
  return z.string().transform((raw, ctx): T[number] => {
    const text = raw.trim();
    if (!(values as readonly string[]).includes(text)) {
      ctx.addIssue({ code: "custom", message: `must be one of ${values.join("|")} (got ${quote(raw)})` });
      return z.NEVER;
    }
    return text as T[number];
  });
}

/** Comma-separated list; items are trimmed and empty items dropped. */
export function csvVar() {
  return z.string().transform((raw) =>
    raw
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  );
}

export const DATABASE_URL_PREFIXES = ["postgres://", "postgresql://", "pglite:"] as const;

/** A database URL we can open. Never echoes the value: it may carry a password. */
export function databaseUrlVar() {
  return z.string().transform((raw, ctx): string => {
    const text = raw.trim();
    if (!DATABASE_URL_PREFIXES.some((prefix) => text.startsWith(prefix))) {
      ctx.addIssue({ code: "custom", message: "must start with postgres://, postgresql:// or pglite:" });
      return z.NEVER;
    }
    return text;
  });
}

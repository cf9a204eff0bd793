import type { DenyCode } from "./deny-codes.js";
import type { AccountRiskConfig } from "./account-risk-config.js";
import type { GateInput } from "./gate-input.js";

/** What a gate measured and what it compared against; stored so "why was this skipped" is a query. */
export type GateValue = string | number | boolean | null;

export interface GateMeasure {
  readonly value: GateValue;
  readonly threshold: GateValue;
}

/**
 * What one check returns. A denial is data (stored and logged), never an exception. A pass may carry
 * a `flag` when it passed for lack of data by policy (e.g. no volatility reading), so status can show it.
 */
export type GateOutcome =
  | { readonly ok: true; readonly value: GateValue; readonly threshold: GateValue; readonly flag?: string }
  | {
      readonly ok: false;
      readonly code: DenyCode;
      readonly detail: string;
      readonly value: GateValue;
      readonly threshold: GateValue;
    };

export type ContextValue = string | number | boolean | null | undefined | Date;

const NOT_MEASURED: GateMeasure = Object.freeze({ value: null, threshold: null });

/** A pass with nothing to measure (the check does not apply to this rec). */
export const PASS: GateOutcome = Object.freeze({ ok: true as const, ...NOT_MEASURED });

export function pass(value: GateValue | Date, threshold: GateValue | Date, flag?: string): GateOutcome {
  const measured = { ok: true as const, value: toGateValue(value), threshold: toGateValue(threshold) };
  return flag === undefined ? measured : { ...measured, flag };
}

/** Builds a denial whose detail is `key=value` pairs, so logs stay greppable and values stay exact. */
export function deny(
  code: DenyCode,
  context: Readonly<Record<string, ContextValue>> = {},
  measure: { readonly value: GateValue | Date; readonly threshold: GateValue | Date } = NOT_MEASURED,
): GateOutcome {
  const detail = Object.entries(context)
    .map(([key, value]) => `${key}=${formatValue(value)}`)
    .join(" ");
  return { ok: false, code, detail, value: toGateValue(measure.value), threshold: toGateValue(measure.threshold) };
}

/** Dates are stored as ISO strings and non-finite numbers as text, so every value survives JSON. */
function toGateValue(value: GateValue | Date): GateValue {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "invalid-date" : value.toISOString();
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return value;
}

function formatValue(value: ContextValue): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "invalid-date" : value.toISOString();
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(6)));
  return String(value);
}

/** Every check has this shape: pure, synchronous, given the whole input and the account's config. */
export type Gate = (input: GateInput, cfg: AccountRiskConfig) => GateOutcome;

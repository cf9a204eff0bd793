import type { DenyCode } from "./deny-codes.js";
import type { AccountRiskConfig } from "./account-risk-config.js";
import type { GateInput } from "./gate-input.js";

/** What one check returns. A denial is data (stored and logged), never an exception. */
export type GateOutcome = { readonly ok: true } | { readonly ok: false; readonly code: DenyCode; readonly detail: string };

export type ContextValue = string | number | boolean | null | undefined | Date;

export const PASS: GateOutcome = Object.freeze({ ok: true as const });

/** Builds a denial whose detail is `key=value` pairs, so logs stay greppable and values stay exact. */
export function deny(code: DenyCode, context: Readonly<Record<string, ContextValue>> = {}): GateOutcome {
  const detail = Object.entries(context)
    .map(([key, value]) => `${key}=${formatValue(value)}`)
    .join(" ");
  return { ok: false, code, detail };
}

function formatValue(value: ContextValue): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "invalid-date" : value.toISOString();
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(6)));
  return String(value);
}

/** Every check has this shape: pure, synchronous, given the whole input and the account's config. */
export type Gate = (input: GateInput, cfg: AccountRiskConfig) => GateOutcome;

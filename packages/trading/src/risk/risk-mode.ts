import { defineStateMachine } from "../lifecycle/state-machine.js";

/** ACTIVE trades normally, REDUCING only exits (no new risk), HALTED does nothing new at all. */
export const RISK_MODES = ["ACTIVE", "REDUCING", "HALTED"] as const;
export type RiskMode = (typeof RISK_MODES)[number];

export const RISK_EVENTS = [
  // operator switches (ops CLI)
  "OPS_HALT",
  "OPS_REDUCE",
  "OPS_RESUME",
  // automatic protections
  "DAILY_LOSS_LIMIT",
  "DRAWDOWN_LIMIT",
  "SESSION_RESET",
] as const;
export type RiskEvent = (typeof RISK_EVENTS)[number];

export const AUTOMATIC_RISK_EVENTS = ["DAILY_LOSS_LIMIT", "DRAWDOWN_LIMIT", "SESSION_RESET"] as const satisfies readonly RiskEvent[];

/**
 * Automatic events only ever tighten, except SESSION_RESET, which only undoes an automatic REDUCING
 * (the caller checks `until`). Nothing automatic leaves HALTED: only a person resumes a halted account.
 */
export const RISK_MODE_MACHINE = defineStateMachine<RiskMode, RiskEvent>("account-risk-mode", RISK_MODES, RISK_EVENTS, {
  ACTIVE: { OPS_HALT: "HALTED", OPS_REDUCE: "REDUCING", DAILY_LOSS_LIMIT: "REDUCING", DRAWDOWN_LIMIT: "HALTED" },
  REDUCING: { OPS_HALT: "HALTED", OPS_RESUME: "ACTIVE", DRAWDOWN_LIMIT: "HALTED", SESSION_RESET: "ACTIVE" },
  HALTED: { OPS_RESUME: "ACTIVE", OPS_REDUCE: "REDUCING" },
});

/** The account's mode as stored: who set it, why, and (automatic REDUCING only) when it lapses. */
export interface AccountRiskStatus {
  readonly mode: RiskMode;
  readonly reason: string | null;
  readonly since: Date;
  /** An automatic REDUCING lasts until the next session opens; null = until someone changes it. */
  readonly until: Date | null;
  readonly setBy: "ops" | "auto";
}

export interface RiskTransition {
  readonly from: RiskMode;
  readonly to: RiskMode;
  readonly event: RiskEvent;
  readonly reason: string;
  readonly at: Date;
}

/** Applies one event; an event that does not apply in this mode returns undefined (no change). */
export function applyRiskEvent(
  status: AccountRiskStatus,
  event: RiskEvent,
  at: Date,
  reason: string,
  until: Date | null = null,
): { readonly status: AccountRiskStatus; readonly transition: RiskTransition } | undefined {
  const to = RISK_MODE_MACHINE.next(status.mode, event);
  if (to === undefined) return undefined;
  const automatic = (AUTOMATIC_RISK_EVENTS as readonly RiskEvent[]).includes(event);
  return {
    status: {
      mode: to,
      reason: to === "ACTIVE" ? null : reason,
      since: at,
      until: to === "REDUCING" ? until : null,
      setBy: automatic ? "auto" : "ops",
    },
    transition: { from: status.mode, to, event, reason, at },
  };
}

/**
 * The stored row keeps `trading_enabled` (read by the ops CLI and older code) consistent with the mode:
 * HALTED ⇔ not enabled. REDUCING stays enabled because exits must keep running.
 */
export function tradingEnabledFor(mode: RiskMode): boolean {
  return mode !== "HALTED";
}

export function asRiskMode(value: string): RiskMode | undefined {
  return RISK_MODES.find((m) => m === value);
}

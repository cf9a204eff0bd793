import { DISPATCH_STATUSES } from "../domain/vocabulary.js";
import type { DispatchStatus } from "../domain/vocabulary.js";
import { defineStateMachine } from "./state-machine.js";

export const DISPATCH_EVENTS = [
  /** Gates denied, no contract, or sized to zero: a skip with a reason, never a fake fill (seed 26). */
  "skip",
  /** An order was submitted for this (recommendation, account). */
  "order_submitted",
  /** An error stopped processing; recorded, not retried blindly. */
  "error",
] as const;
export type DispatchEvent = (typeof DISPATCH_EVENTS)[number];

/** One row per (recommendation, account): claimed, then exactly one outcome (seed 32, 47). */
export const DISPATCH_LIFECYCLE = defineStateMachine<DispatchStatus, DispatchEvent>(
  "dispatch",
  DISPATCH_STATUSES,
  DISPATCH_EVENTS,
  {
    claimed: { skip: "skipped", order_submitted: "ordered", error: "failed" },
    skipped: {},
    ordered: {},
    failed: {},
  },
);

export function transitionDispatch(state: DispatchStatus, event: DispatchEvent): DispatchStatus {
  return DISPATCH_LIFECYCLE.transition(state, event);
}

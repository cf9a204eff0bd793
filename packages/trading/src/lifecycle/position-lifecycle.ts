import { POSITION_STATUSES } from "../domain/vocabulary.js";
import type { PositionStatus } from "../domain/vocabulary.js";
import { defineStateMachine } from "./state-machine.js";

export const POSITION_EVENTS = [
  /** An exit was decided and a close order submitted. */
  "close_requested",
  /** The broker confirmed the close fill. */
  "close_filled",
  /** The close order was rejected; the broker still holds the position. */
  "close_failed",
  /** The close order was canceled or expired unfilled; the broker still holds the position. */
  "close_canceled",
  /** Reconciliation found no broker position for this row (seed 28: the broker is the truth). */
  "broker_position_gone",
] as const;
export type PositionEvent = (typeof POSITION_EVENTS)[number];

/**
 * open → closing → closed. A failed or canceled close goes back to open, and only after the broker
 * says so (seed 30: 8,851 rows were flipped to closed blindly). A row whose broker position is gone
 * closes from either state (phantom reconciliation, or a close whose fill we never saw).
 */
export const POSITION_LIFECYCLE = defineStateMachine<PositionStatus, PositionEvent>(
  "position",
  POSITION_STATUSES,
  POSITION_EVENTS,
  {
    open: { close_requested: "closing", broker_position_gone: "closed" },
    closing: {
      close_filled: "closed",
      close_failed: "open",
      close_canceled: "open",
      broker_position_gone: "closed",
    },
    closed: {},
  },
);

export function transitionPosition(state: PositionStatus, event: PositionEvent): PositionStatus {
  return POSITION_LIFECYCLE.transition(state, event);
}

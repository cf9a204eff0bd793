import { ORDER_STATUSES } from "../domain/vocabulary.js";
import type { OrderStatus } from "../domain/vocabulary.js";
import { defineStateMachine } from "./state-machine.js";

export const ORDER_EVENTS = [
  /** The broker acknowledged the order (on submit, or found by client_order_id lookup). */
  "accepted",
  /** The broker refused it, or the lookup proved it never arrived. */
  "rejected",
  /** The submit's outcome is unknown (timeout, 5xx): settle by lookup, never resubmit blindly. */
  "submit_unknown",
  "partial_fill",
  "fill",
  "canceled",
  "expired",
] as const;
export type OrderEvent = (typeof ORDER_EVENTS)[number];

export const ORDER_LIFECYCLE = defineStateMachine<OrderStatus, OrderEvent>("order", ORDER_STATUSES, ORDER_EVENTS, {
  pending_submit: { accepted: "accepted", rejected: "rejected", submit_unknown: "unresolved" },
  unresolved: { accepted: "accepted", rejected: "rejected" },
  accepted: {
    partial_fill: "partially_filled",
    fill: "filled",
    canceled: "canceled",
    expired: "expired",
    // Venues can still reject after the broker's acknowledgement.
    rejected: "rejected",
  },
  partially_filled: { partial_fill: "partially_filled", fill: "filled", canceled: "canceled", expired: "expired" },
  filled: {},
  canceled: {},
  rejected: {},
  expired: {},
});

export function transitionOrder(state: OrderStatus, event: OrderEvent): OrderStatus {
  return ORDER_LIFECYCLE.transition(state, event);
}

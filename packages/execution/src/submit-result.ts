import type { OrderStatus } from "@ops/trading";

/** Why an order was refused before anything was written or sent. */
export const REFUSAL_CODES = [
  "ACCOUNT_MISMATCH",
  "INVALID_ORDER",
  "DUPLICATE_ORDER",
  "POSITION_NOT_FOUND",
  "POSITION_CLOSED",
  "QTY_EXCEEDS_HELD",
  "LIVE_EXIT_EXISTS",
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

interface Placed {
  /** orders.order_id (bigint as a string). */
  readonly orderId: string;
  readonly clientOrderId: string;
  readonly attempt: number;
}

/**
 * The broker's three outcomes, plus a local refusal:
 * - accepted: the broker holds the order; `status` is what it reported (it may already be filled).
 * - rejected: the broker (or the client's own validation) refused it; nothing is live.
 * - unresolved: the POST's outcome is unknown; the next settle looks the client_order_id up.
 * - refused: nothing was written and nothing was sent.
 */
export type SubmitResult =
  | (Placed & { readonly kind: "accepted"; readonly status: OrderStatus; readonly brokerOrderId: string })
  | (Placed & { readonly kind: "rejected"; readonly message: string })
  | (Placed & { readonly kind: "unresolved"; readonly message: string })
  | { readonly kind: "refused"; readonly code: RefusalCode; readonly message: string };

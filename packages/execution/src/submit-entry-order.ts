// Entries: a buy limit for one recommendation and account. Attempt 1 is the entry; attempts 2.. are
// re-prices after the previous attempt was cancelled unfilled. The schema allows one row per (rec, account,
// attempt) and at most one LIVE entry per (rec, account) (migration 0008), so a repeat of the same attempt,
// or a re-price while an attempt is still live, is refused as DUPLICATE_ORDER without a POST.
import type { AccountId, InstrumentType } from "@ops/trading";
import type { ExecutionDeps } from "./execution-deps.js";
import { placeOrder } from "./place-order.js";
import type { WithinTransaction } from "./place-order.js";
import type { SubmitResult } from "./submit-result.js";

export interface EntryOrderRequest {
  readonly account: AccountId;
  readonly recId: string;
  /** Exact instrument: the ticker for stock, the OCC symbol for options. */
  readonly symbol: string;
  readonly underlying: string;
  readonly instrumentType: InstrumentType;
  /** Whole shares or contracts. */
  readonly qty: number;
  /** Already on the instrument's tick (roundToTick). */
  readonly limitPrice: number;
  readonly now: Date;
  /** Stored in orders.raw.request (contract choice, sizing inputs). */
  readonly detail?: Readonly<Record<string, unknown>>;
  readonly withinTransaction?: WithinTransaction;
  /** Default ENTRY_ATTEMPT (1). A re-price passes previous attempt + 1 (its client_order_id follows). */
  readonly attempt?: number;
}

export const ENTRY_ATTEMPT = 1;

export function submitEntryOrder(deps: ExecutionDeps, req: EntryOrderRequest): Promise<SubmitResult> {
  const isOption = req.instrumentType !== "STOCK";
  return placeOrder(
    deps,
    req.now,
    async () => ({
      ok: true,
      spec: {
        account: req.account,
        recId: req.recId,
        positionId: null,
        purpose: "entry",
        attempt: req.attempt ?? ENTRY_ATTEMPT,
        symbol: req.symbol,
        underlying: req.underlying,
        instrumentType: req.instrumentType,
        side: "buy",
        positionIntent: isOption ? "buy_to_open" : null,
        qty: req.qty,
        orderType: "limit",
        limitPrice: req.limitPrice,
        timeInForce: "day",
        detail: req.detail ?? {},
      },
    }),
    req.withinTransaction,
  );
}

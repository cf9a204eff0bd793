// Entries: a buy limit for one recommendation and account. The schema allows exactly one entry row per
// (rec, account) (orders_one_entry_per_rec_account), so an entry is always attempt 1 and is never retried.
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
        attempt: ENTRY_ATTEMPT,
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

// Entry limits that sit unfilled past the timeout are cancelled; an option entry cancelled with nothing
// filled may be re-sent a bounded number of times, each at a price a step closer to the ask and as a new
// attempt (its own client_order_id, derived from the first). The re-price is sent only once the broker
// has confirmed the cancel, so at most one entry per (rec, account) is ever live (also enforced by the
// schema, migration 0008). A re-price is a new POST, so it passes the account's gates again first
// (REPRICE_GATE_NAMES); and once the account is no longer ACTIVE, resting buy entries are cancelled at
// once instead of at the timeout: a halted account must not keep collecting fills.
import { cancelOrder, submitEntryOrder } from "@ops/execution";
import type { ExecutionDeps, SubmitResult } from "@ops/execution";
import { optionEntryLimit } from "@ops/trading";
import type { AccountId, RiskMode } from "@ops/trading";
import { lockAccountEntries, rivalEntryOrder, selectOrderState, selectRiskMode, selectStaleEntryOrders } from "./queries.js";
import type { StaleEntryOrder } from "./queries.js";

export interface StaleEntrySettings {
  readonly entryTimeoutS: number;
  readonly entryRepriceSteps: number;
  readonly entryRepriceStep: number;
  readonly optionLimitOffset: number;
}

export interface StaleEntryCounts {
  /** Cancel requests sent for timed-out entries. */
  readonly timedOut: number;
  /** Timed-out entries the broker confirmed cancelled (any filled part stays a position). */
  readonly canceled: number;
  /** New attempts sent at a better price. */
  readonly repriced: number;
  /** Re-prices the account's gates refused (the entry stays cancelled). */
  readonly repriceDenied: number;
  /** Resting buy entries cancelled before their timeout because the account left ACTIVE. */
  readonly canceledForRiskMode: number;
  readonly errors: number;
}

/** The gates a re-price must pass, at the price it would be sent at; the denial codes when it may not. */
export type RepriceGate = (order: StaleEntryOrder, limitPrice: number) => Promise<{ readonly ok: true } | { readonly ok: false; readonly codes: readonly string[] }>;

export async function handleStaleEntries(
  exec: ExecutionDeps,
  account: AccountId,
  settings: StaleEntrySettings,
  now: Date,
  gateReprice: RepriceGate,
): Promise<StaleEntryCounts> {
  const mode: RiskMode = await selectRiskMode(exec.db, account);
  const timedOutBefore = new Date(now.getTime() - settings.entryTimeoutS * 1000);
  const live = await selectStaleEntryOrders(exec.db, account, mode === "ACTIVE" ? timedOutBefore : now);
  // Not ACTIVE: every resting buy goes now; a timed-out sell (it reduces risk) is handled as usual.
  const stale = live.filter((o) => (mode === "ACTIVE" ? true : o.side === "buy" || o.submittedAt <= timedOutBefore));
  let timedOut = 0;
  let canceled = 0;
  let repriced = 0;
  let repriceDenied = 0;
  let canceledForRiskMode = 0;
  let errors = 0;
  for (const order of stale) {
    const context = { rec_id: order.recId, symbol: order.symbol, client_order_id: order.clientOrderId, order_id: order.orderId, attempt: order.attempt };
    const forMode = mode !== "ACTIVE" && order.side === "buy";
    try {
      timedOut += 1;
      const outcome = await cancelOrder(exec, { account, orderId: order.orderId, now });
      const state = await selectOrderState(exec.db, account, order.orderId);
      exec.logger.info(
        forMode
          ? { event: "entry.canceled_risk_mode", ...context, mode, cancel: outcome, status: state?.status, filled_qty: state?.filledQty }
          : { event: "entry.timeout", ...context, cancel: outcome, status: state?.status, filled_qty: state?.filledQty, timeout_s: settings.entryTimeoutS },
        forMode ? `account is ${mode}: resting entry cancelled` : "entry limit not filled in time; cancel requested",
      );
      if (state?.status !== "canceled") continue;
      canceled += 1;
      if (forMode) {
        canceledForRiskMode += 1;
        continue;
      }
      if (state.filledQty > 0 || !mayReprice(order, settings, now)) continue;
      const result = await reprice(exec, account, order, settings, now, gateReprice);
      if (result === null) continue;
      if (result === "denied") {
        repriceDenied += 1;
        continue;
      }
      if (result.kind === "accepted" || result.kind === "unresolved") repriced += 1;
      exec.logger.info({ event: "entry.repriced", ...context, outcome: result.kind }, "unfilled entry re-sent closer to the ask");
    } catch (error) {
      errors += 1;
      exec.logger.warn(
        { event: "entry.timeout_failed", ...context, error: error instanceof Error ? error.message : String(error) },
        "could not cancel or re-price a timed-out entry; retrying next cycle",
      );
    }
  }
  return { timedOut, canceled, repriced, repriceDenied, canceledForRiskMode, errors };
}

function mayReprice(order: StaleEntryOrder, settings: StaleEntrySettings, now: Date): boolean {
  return order.instrumentType !== "STOCK" && order.attempt <= settings.entryRepriceSteps && now < order.recExpiresAt;
}

async function reprice(
  exec: ExecutionDeps,
  account: AccountId,
  order: StaleEntryOrder,
  settings: StaleEntrySettings,
  now: Date,
  gateReprice: RepriceGate,
): Promise<SubmitResult | "denied" | null> {
  const quote = (await exec.broker.getLatestOptionQuotes([order.symbol])).get(order.symbol);
  const limitPrice =
    quote === undefined ? null : optionEntryLimit(quote, { offset: settings.optionLimitOffset, step: order.attempt, stepFraction: settings.entryRepriceStep });
  if (limitPrice === null) {
    exec.logger.info({ event: "entry.reprice_skipped", rec_id: order.recId, symbol: order.symbol, reason: "no two-sided quote" }, "no quote to re-price on");
    return null;
  }
  const gates = await gateReprice(order, limitPrice);
  if (!gates.ok) {
    exec.logger.info(
      { event: "entry.reprice_denied", rec_id: order.recId, symbol: order.symbol, client_order_id: order.clientOrderId, codes: gates.codes, limit_price: limitPrice },
      "re-price refused by the account's risk gates; the entry stays cancelled",
    );
    return "denied";
  }
  return submitEntryOrder(exec, {
    account,
    recId: order.recId,
    symbol: order.symbol,
    underlying: order.underlying,
    instrumentType: order.instrumentType,
    qty: order.qty,
    limitPrice,
    now,
    attempt: order.attempt + 1,
    detail: { reprice_of: order.clientOrderId, previous_limit: order.limitPrice, bid: quote?.bid, ask: quote?.ask },
    withinTransaction: async (tx, placed) => {
      await lockAccountEntries(tx, account);
      const rival = await rivalEntryOrder(tx, { account, underlying: order.underlying, instrumentType: order.instrumentType, exceptOrderId: placed.orderId, now });
      if (rival !== null) throw new Error(`${rival} already holds ${order.underlying} ${order.instrumentType}; not re-pricing`);
    },
  });
}

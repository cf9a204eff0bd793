// Marks every open position by its exact instrument, asks the pure exit policy, and places an exit for
// exactly the held quantity of exactly the held instrument through @ops/execution (seed 21, 22).
import type { BrokerPosition, OptionQuote } from "@ops/broker-alpaca";
import { submitExitOrder } from "@ops/execution";
import type { SubmitResult } from "@ops/execution";
import { ExitOrderError, closeOrderPlan, decideExit, exitOrderFor, isMarketOpen } from "@ops/trading";
import type { CloseOrderPlan, ExitDecision, Position } from "@ops/trading";
import { planEodExits } from "./eod-exits.js";
import type { EodCandidate } from "./eod-exits.js";
import { marketSessionAt } from "./market-session-at.js";
import { MARK_DIVERGENCE_ALERT, markDivergence, pickMark } from "./pick-mark.js";
import type { Mark } from "./pick-mark.js";
import { toTradingPosition } from "./position-row.js";
import type { PositionRow } from "./position-row.js";
import { insertEvents, markClosing, selectLatestExitOrders, selectLivePositions, selectNewestBars, updateMarks } from "./queries.js";
import type { MarkUpdate } from "./queries.js";
import { errorMessage } from "./step-context.js";
import type { StepContext } from "./step-context.js";

export interface ExitCounts {
  readonly marked: number;
  readonly unmarked: number;
  readonly exits_submitted: number;
  readonly exits_rejected: number;
  readonly exits_unresolved: number;
  readonly exits_refused: number;
  readonly exit_errors: number;
}

const NONE: ExitCounts = { marked: 0, unmarked: 0, exits_submitted: 0, exits_rejected: 0, exits_unresolved: 0, exits_refused: 0, exit_errors: 0 };

type ExitingDecision = Extract<ExitDecision, { exit: true }>;

/** brokerPositions: this cycle's broker holdings (undefined when the broker could not be read). */
export async function manageExits(step: StepContext, brokerPositions: readonly BrokerPosition[] | undefined): Promise<ExitCounts> {
  const { db, account, now, log } = step;
  const session = marketSessionAt(step.calendar, now);
  if (!isMarketOpen(session, now)) {
    log.debug({ event: "exits.market_closed" }, "market closed: no exits are decided");
    return NONE;
  }
  // A row under review is missing at the broker: selling it could open a short (seed 22).
  const open = (await selectLivePositions(db, account)).filter((p) => p.status === "open" && p.reviewSince === null);
  if (open.length === 0) return NONE;

  const quotes = await optionQuotes(step, open);
  const stockSymbols = open.filter((p) => p.instrumentType === "STOCK").map((p) => p.symbol);
  const bars = await selectNewestBars(db, stockSymbols, now);
  const brokerBySymbol = new Map((brokerPositions ?? []).map((b) => [b.symbol, b]));

  const marks: MarkUpdate[] = [];
  const exits: { row: PositionRow; position: Position; decision: ExitingDecision; mark: Mark }[] = [];
  const eodCandidates: EodCandidate[] = [];
  let unmarked = 0;
  for (const row of open) {
    const picked = pickMark(
      row,
      { quote: quotes.get(row.symbol), bar: bars.get(row.symbol), brokerPosition: brokerBySymbol.get(row.symbol) },
      now,
      step.config.OPS_PM_MARK_MAX_AGE_S,
    );
    if (!picked.ok) {
      unmarked += 1;
      log.info({ event: "position.no_mark", symbol: row.symbol, position_id: row.positionId, rec_id: row.recId, reason: picked.reason }, "no usable price: no exit decision this cycle");
      continue;
    }
    const divergence = markDivergence(picked.mark.price, brokerBySymbol.get(row.symbol)?.currentPrice);
    if (divergence !== null && divergence > MARK_DIVERGENCE_ALERT) {
      log.warn(
        { event: "mark.diverges_from_broker", symbol: row.symbol, position_id: row.positionId, mark: picked.mark.price, mark_source: picked.mark.source, broker_price: brokerBySymbol.get(row.symbol)?.currentPrice, divergence },
        "our mark and the broker's valuation disagree; the mark is used, check the quote feed",
      );
    }
    const position = toTradingPosition(row);
    const decision = decideExit(position, picked.mark.price, now, { session, policy: step.exitPolicy });
    const u = decision.updates;
    if (u.markPrice !== null) {
      marks.push({ positionId: row.positionId, markPrice: u.markPrice, peakPrice: u.peakPrice, trailPrice: u.trailingStopPrice, mfePct: u.mfePct, maePct: u.maePct });
    }
    if (decision.exit) exits.push({ row, position, decision, mark: picked.mark });
    else if (u.markPrice !== null) eodCandidates.push({ row, mark: picked.mark, updates: u });
  }
  for (const eod of await planEodExits(step, session, eodCandidates)) {
    exits.push({ row: eod.candidate.row, position: toTradingPosition(eod.candidate.row), decision: eod.decision, mark: eod.candidate.mark });
  }
  if (marks.length > 0) await db.transaction((tx) => updateMarks(tx, account, marks, now));

  const counts = { ...NONE, marked: marks.length, unmarked };
  const previous = exits.length === 0 ? new Map() : await selectLatestExitOrders(db, account, exits.map((e) => e.row.positionId));
  for (const exit of exits) {
    const quote = quotes.get(exit.row.symbol);
    const plan = closeOrderPlan({
      attempt: (previous.get(exit.row.positionId)?.attempt ?? 0) + 1,
      reason: exit.decision.reason,
      instrumentType: exit.row.instrumentType,
      quote: quote === undefined ? null : { bid: quote.bid, ask: quote.ask },
    });
    const outcome = await placeExit(step, exit.row, exit.position, exit.decision, exit.mark, plan);
    if (outcome === "submitted") counts.exits_submitted += 1;
    else if (outcome === "rejected") counts.exits_rejected += 1;
    else if (outcome === "unresolved") counts.exits_unresolved += 1;
    else if (outcome === "refused") counts.exits_refused += 1;
    else counts.exit_errors += 1;
  }
  return counts;
}

async function optionQuotes(step: StepContext, open: readonly PositionRow[]): Promise<ReadonlyMap<string, OptionQuote>> {
  const symbols = open.filter((p) => p.instrumentType !== "STOCK").map((p) => p.symbol);
  if (symbols.length === 0) return new Map();
  try {
    return await step.broker.getLatestOptionQuotes(symbols);
  } catch (error) {
    step.log.warn({ event: "marks.option_quotes_failed", symbols: symbols.length, error: errorMessage(error) }, "option quotes unavailable: options are not marked this cycle");
    return new Map();
  }
}

type ExitOutcome = "submitted" | "rejected" | "unresolved" | "refused" | "error";

async function placeExit(
  step: StepContext,
  row: PositionRow,
  position: Position,
  decision: ExitingDecision,
  mark: Mark,
  plan: CloseOrderPlan,
): Promise<ExitOutcome> {
  const { account, now, log } = step;
  const context = { symbol: row.symbol, position_id: row.positionId, rec_id: row.recId, reason: decision.reason };
  let qty: number;
  try {
    // The one way to build a close: the exact held instrument, the held qty, never a reversal.
    qty = exitOrderFor(position).qty;
  } catch (error) {
    log.error({ event: "exit.invalid_position", ...context, error: errorMessage(error) }, error instanceof ExitOrderError ? "position cannot be closed safely; skipped" : "exit order could not be built; skipped");
    return "error";
  }
  let result: SubmitResult;
  try {
    result = await submitExitOrder(step.execution, {
      account,
      positionId: row.positionId,
      reason: decision.reason,
      now,
      qty,
      ...(plan.orderType === "limit" ? { orderType: "limit" as const, limitPrice: plan.limitPrice } : { orderType: "market" as const }),
      detail: { decision_detail: decision.detail, mark: mark.price, mark_source: mark.source, close_step: plan.step, close_step_why: plan.why },
      // Same transaction as the pending order row: a position is 'closing' exactly when it has an exit order.
      withinTransaction: async (tx, order) => {
        if (!(await markClosing(tx, account, row.positionId, now))) throw new Error(`position ${row.positionId} is no longer open`);
        await insertEvents(
          tx,
          account,
          [
            {
              positionId: row.positionId,
              eventType: "exit_triggered",
              detail: {
                reason: decision.reason,
                detail: decision.detail,
                triggers: decision.triggers.map((t) => t.reason),
                mark: mark.price,
                mark_source: mark.source,
                qty,
                close_step: plan.step,
                limit_price: plan.orderType === "limit" ? plan.limitPrice : null,
                order_id: order.orderId,
                client_order_id: order.clientOrderId,
              },
            },
          ],
          now,
        );
      },
    });
  } catch (error) {
    log.error({ event: "exit.submit_failed", ...context, error: errorMessage(error) }, "exit order could not be placed; retried next cycle");
    return "error";
  }
  // Bookkeeping after the broker call is logging only: it cannot turn the outcome into a failure (seed 24).
  try {
    if (result.kind === "refused") {
      log.warn({ event: "exit.refused", ...context, code: result.code, detail: result.message }, "exit refused before submission");
      return "refused";
    }
    const line = { ...context, client_order_id: result.clientOrderId, order_id: result.orderId, attempt: result.attempt, qty, mark: mark.price, mark_source: mark.source };
    if (result.kind === "accepted") log.info({ event: "exit.submitted", ...line, status: result.status }, "exit order accepted");
    else if (result.kind === "rejected") log.warn({ event: "exit.rejected", ...line, detail: result.message }, "exit order rejected; the position reopens next cycle and retries");
    else log.warn({ event: "exit.unresolved", ...line, detail: result.message }, "exit order outcome unknown; settled by client order id next cycle");
  } catch {
    // A log line must never change what happened.
  }
  return result.kind === "accepted" ? "submitted" : result.kind;
}

// One dispatcher cycle for one account: settle our entry orders, claim fresh recommendations, run every
// gate on real rows of this account, and turn each allowed rec into exactly one limit order (through
// @ops/execution) or a skip with a reason. Denials are data: every gate result is stored.
import type { Broker, BrokerAccount } from "@ops/broker-alpaca";
import { addCalendarDays, etDateString, etDateTime } from "@ops/core";
import type { Clock, CycleContext, Db, Logger } from "@ops/core";
import { settleOpenOrders, submitEntryOrder } from "@ops/execution";
import type { CrashPoint, ExecutionDeps, SubmitResult } from "@ops/execution";
import { EXPIRY_WINDOWS, REPRICE_GATE_NAMES, STRATEGY_TYPES, accountExposureUsd, evaluateGates } from "@ops/trading";
import type { AccountId, AccountPosition, GateEvaluation, IvHistory, StrategyType } from "@ops/trading";
import { buildGateInput } from "./build-gate-input.js";
import type { DispatcherSettings } from "./config.js";
import { planOptionEntry, planStockEntry } from "./plan-entry.js";
import type { EntryPlan } from "./plan-entry.js";
import {
  claimFreshRecs,
  decideDispatches,
  failAbandonedClaims,
  insertGateEvaluations,
  insertIvObservations,
  loadAccountFacts,
  lockAccountEntries,
  rivalEntryOrder,
  loadIvHistory,
  loadSymbolFacts,
  selectOwnPendingClaims,
} from "./queries.js";
import type { AccountFacts, ClaimedRec, DispatchDecision, IvObservation, StoredGateResult, SymbolFacts } from "./queries.js";
import { createSessionSource } from "./session-source.js";
import { handleStaleEntries } from "./stale-entries.js";
import type { RepriceGate } from "./stale-entries.js";
import { listedSnapshots } from "./listed-chain.js";
import type { SessionSource } from "./session-source.js";
import { toTradingSnapshot } from "./to-trading-snapshot.js";
import { createVolatilityReader } from "./volatility-source.js";
import type { CycleVolatility } from "./volatility-source.js";

export interface DispatcherDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The broker of exactly this account (its keys, its positions). */
  readonly broker: Broker;
  readonly account: AccountId;
  readonly config: DispatcherSettings;
  /** Defaults to the broker's calendar, cached per day. */
  readonly sessions?: SessionSource;
  /** TEST ONLY: crash points for the crash tests (see @ops/execution CRASH_POINTS). */
  readonly testCrashHook?: (point: CrashPoint) => void;
}

export const DISPATCH_COUNT_KEYS = [
  "settle_checked", "settle_updated", "fills", "not_at_broker", "entry_timeouts", "entry_canceled", "repriced", "reprice_denied",
  "entry_canceled_risk_mode", "abandoned",
  "claimed", "ordered", "rejected", "unresolved", "skipped", "deferred", "failed", "errors",
] as const;
export type DispatchCounts = Record<(typeof DISPATCH_COUNT_KEYS)[number], number>;

/** Codes for skips decided after the gates passed (selection and sizing codes come from @ops/trading). */
export const DISPATCH_SKIP_CODES = ["BROKER_ACCOUNT_BLOCKED", "SELL_STOCK_VIA_POSITION_MANAGER"] as const;

class ClaimLostError extends Error {
  override readonly name = "ClaimLostError";
}

/** Another instance placed an entry on the same underlying and type after this cycle read its facts. */
class RivalEntryError extends Error {
  override readonly name = "RivalEntryError";
  constructor(readonly rivalOrderId: string) {
    super(`${rivalOrderId} already holds the same underlying and type`);
  }
}

export function createDispatcherCycle(deps: DispatcherDeps): (ctx: CycleContext) => Promise<DispatchCounts> {
  const { db, broker, account, config } = deps;
  // Seed 12/40: a dispatcher holding another account's keys must not run at all.
  if (broker.account !== account || config.account !== account || config.risk.accountId !== account || config.sizing.accountId !== account) {
    throw new Error(
      `dispatcher for ${account} got broker ${broker.account}, settings ${config.account}, risk ${config.risk.accountId}, sizing ${config.sizing.accountId}`,
    );
  }
  const sessions = deps.sessions ?? createSessionSource(broker, deps.logger);
  const readVolatility = createVolatilityReader(config.volatility);

  return async (ctx) => {
    const now = ctx.now;
    const log = ctx.logger;
    const counts = Object.fromEntries(DISPATCH_COUNT_KEYS.map((k) => [k, 0])) as DispatchCounts;
    const exec: ExecutionDeps = {
      db, broker, logger: log, unresolvedGraceS: config.unresolvedGraceS,
      ...(deps.testCrashHook !== undefined ? { testCrashHook: deps.testCrashHook } : {}),
    };

    // 1. Our entry orders first: an unresolved POST is settled before anything new is sent.
    const settled = await settleOpenOrders(exec, account, now, { purpose: "entry" });
    counts.settle_checked = settled.checked;
    counts.settle_updated = settled.updated;
    counts.fills = settled.fillsInserted;
    counts.not_at_broker = settled.notAtBroker;
    counts.errors += settled.errors;
    // Entries left unfilled too long: cancelled (and, for options, re-priced a bounded number of times).
    // A re-price is a new POST: it passes the account's gates again, on facts read now, at its own notional.
    const gateReprice: RepriceGate = async (order, limitPrice) => {
      const today = etDateString(now);
      const [facts, session, volatility] = await Promise.all([
        loadAccountFacts(db, account, now, etDateTime(today, "00:00")),
        sessions.sessionFor(now),
        readVolatility(db, now, log),
      ]);
      const multiplier = order.instrumentType === "STOCK" ? 1 : 100;
      const input = buildGateInput({
        account, now, today, rec: order.rec, session, facts, symbol: undefined, proposedExposureUsd: order.qty * limitPrice * multiplier,
        ...(volatility.reading === undefined ? {} : { volatility: volatility.reading }),
      });
      const evaluation = evaluateGates(input, config.risk, REPRICE_GATE_NAMES);
      return evaluation.passed ? { ok: true } : { ok: false, codes: evaluation.denials.map((d) => d.code) };
    };
    const stale = await handleStaleEntries(exec, account, config, now, gateReprice);
    counts.entry_timeouts = stale.timedOut;
    counts.entry_canceled = stale.canceled;
    counts.repriced = stale.repriced;
    counts.reprice_denied = stale.repriceDenied;
    counts.entry_canceled_risk_mode = stale.canceledForRiskMode;
    counts.errors += stale.errors;

    // 2. Claims: this instance's undecided ones (deferred by a transient error), then new ones.
    const freshSince = new Date(now.getTime() - config.risk.maxRecAgeSeconds * 1000);
    counts.abandoned = await db.transaction((tx) =>
      failAbandonedClaims(tx, account, new Date(now.getTime() - config.claimAbandonS * 1000), now),
    );
    const pending = await selectOwnPendingClaims(db, account, config.instance, freshSince);
    const claimed = await db.transaction((tx) =>
      claimFreshRecs(tx, { account, instance: config.instance, now, freshSince, limit: config.maxRecsPerCycle }),
    );
    counts.claimed = claimed.length;
    // Highest confidence first, so limits consumed in this cycle go to the strongest signals.
    const recs = [...pending, ...claimed].sort((a, b) => b.confidence - a.confidence || b.createdAt.getTime() - a.createdAt.getTime());
    if (recs.length === 0) return counts;

    // 3. Facts: this account's rows, the symbols' newest bar and features, today's session, and the
    //    volatility reading (once per cycle: every rec of the cycle is judged against the same one).
    const today = etDateString(now);
    const [facts, symbolFacts, session, volatility] = await Promise.all([
      loadAccountFacts(db, account, now, etDateTime(today, "00:00")),
      loadSymbolFacts(db, recs.map((r) => r.symbol), now),
      sessions.sessionFor(now),
      readVolatility(db, now, log),
    ]);
    const volatilityInput = volatility.reading === undefined ? {} : { volatility: volatility.reading };
    const state = new CycleState(facts);
    const decisions: DispatchDecision[] = [];
    const gateRows: StoredGateResult[] = [];
    const ivObservations = new Map<string, IvObservation>();
    let brokerAccount: BrokerAccount | undefined;

    for (const rec of recs) {
      const recLog = log.child({ rec_id: rec.recId, symbol: rec.symbol });
      try {
        const input = buildGateInput({ account, now, today, rec, session, facts: state.facts(), symbol: symbolFacts.get(rec.symbol), ...volatilityInput });
        const evaluation = evaluateGates(input, config.risk);
        const stored = toStoredResults(rec.recId, evaluation, volatility);
        if (!evaluation.passed) {
          const first = evaluation.denials[0];
          recLog.info({ event: "gate.denied", codes: evaluation.denials.map((d) => d.code), action: rec.action }, "recommendation denied by risk gates");
          gateRows.push(...stored);
          decisions.push({
            recId: rec.recId,
            status: "skipped",
            code: first?.code ?? "DENIED",
            detail: { stage: "gates", denials: evaluation.denials.map((d) => ({ gate: d.gate, code: d.code, detail: d.detail })) },
          });
          continue;
        }

        if (brokerAccount === undefined) brokerAccount = await broker.getAccount();
        const plan = await planFor(rec, { account: brokerAccount, symbol: symbolFacts.get(rec.symbol), today, state, ivObservations });
        if (!plan.ok) {
          recLog.info({ event: "dispatch.skipped", code: plan.code, reason: plan.detail, action: rec.action }, "allowed recommendation skipped");
          gateRows.push(...stored);
          decisions.push({ recId: rec.recId, status: "skipped", code: plan.code, detail: { stage: "plan", detail: plan.detail } });
          continue;
        }

        // The exposure gate again, now that the entry's own notional is known: it must not cross the cap.
        const sized = evaluateGates(
          buildGateInput({
            account, now, today, rec, session, facts: state.facts(), symbol: symbolFacts.get(rec.symbol), proposedExposureUsd: plan.notionalUsd, ...volatilityInput,
          }),
          config.risk,
        );
        const sizedStored = toStoredResults(rec.recId, sized, volatility);
        if (!sized.passed) {
          const first = sized.denials[0];
          recLog.info({ event: "gate.denied", codes: sized.denials.map((d) => d.code), action: rec.action, notional_usd: plan.notionalUsd }, "sized entry denied by risk gates");
          gateRows.push(...sizedStored);
          decisions.push({
            recId: rec.recId,
            status: "skipped",
            code: first?.code ?? "DENIED",
            detail: { stage: "sized_gates", denials: sized.denials.map((d) => ({ gate: d.gate, code: d.code, detail: d.detail })) },
          });
          continue;
        }

        const result = await submitForRec(exec, rec, plan, sizedStored, now);
        if (result.kind === "rival") {
          recLog.info({ event: "gate.denied", codes: ["DUPLICATE_POSITION"], rival_order_id: result.rivalOrderId }, "a concurrent entry holds this underlying");
          gateRows.push(...sizedStored.map((g) => (g.gate === "duplicate_position" ? { ...g, passed: false, code: "DUPLICATE_POSITION", detail: { ...g.detail, detail: result.message } } : g)));
          decisions.push({ recId: rec.recId, status: "skipped", code: "DUPLICATE_POSITION", detail: { stage: "submit", detail: result.message } });
          continue;
        }
        countOutcome(counts, result);
        if (result.kind === "refused") {
          decisions.push({ recId: rec.recId, status: "failed", code: result.code, detail: { stage: "submit", detail: result.message } });
        } else if (result.kind !== "rejected") {
          state.recordEntry(rec, plan, now);
        }
      } catch (error) {
        if (error instanceof ClaimLostError) {
          recLog.warn({ event: "dispatch.claim_lost", error: error.message }, "claim was decided elsewhere; nothing sent");
          continue;
        }
        counts.deferred += 1;
        counts.errors += 1;
        recLog.warn(
          { event: "dispatch.deferred", error: error instanceof Error ? error.message : String(error) },
          "could not process the recommendation; retrying next cycle while it is fresh",
        );
      }
    }

    // 4. Every skip, its gate record and the day's IV observations in one transaction.
    const decided = await db.transaction(async (tx) => {
      const updated = await decideDispatches(tx, account, decisions, now);
      await insertGateEvaluations(tx, account, gateRows.filter((g) => updated.has(g.recId)), now);
      await insertIvObservations(tx, [...ivObservations.values()], now);
      return updated;
    });
    for (const d of decisions) {
      if (!decided.has(d.recId)) continue;
      if (d.status === "skipped") counts.skipped += 1;
      else if (d.status === "failed") counts.failed += 1;
    }
    return counts;
  };

  /** The order row, the claim's decision and its gate record commit together, before the POST. */
  async function submitForRec(
    exec: ExecutionDeps,
    rec: ClaimedRec,
    plan: Extract<EntryPlan, { ok: true }>,
    stored: readonly StoredGateResult[],
    now: Date,
  ): Promise<SubmitResult | { kind: "rival"; rivalOrderId: string; message: string }> {
    try {
      return await submitEntryOrder(exec, {
        account,
        recId: rec.recId,
        symbol: plan.symbol,
        underlying: plan.underlying,
        instrumentType: plan.instrumentType,
        qty: plan.qty,
        limitPrice: plan.limitPrice,
        now,
        detail: { ...plan.detail, strategy_type: rec.strategyType, confidence: rec.confidence },
        withinTransaction: async (tx, order) => {
          await lockAccountEntries(tx, account);
          const rival = await rivalEntryOrder(tx, { account, underlying: plan.underlying, instrumentType: plan.instrumentType, exceptOrderId: order.orderId, now });
          if (rival !== null) throw new RivalEntryError(rival);
          await insertGateEvaluations(tx, account, stored, now);
          const decision: DispatchDecision = {
            recId: rec.recId,
            status: "ordered",
            code: null,
            detail: { order_id: order.orderId, client_order_id: order.clientOrderId, symbol: plan.symbol, qty: plan.qty, limit_price: plan.limitPrice },
          };
          const updated = await decideDispatches(tx, account, [decision], now);
          if (!updated.has(rec.recId)) throw new ClaimLostError(`dispatch for rec ${rec.recId} is no longer claimed`);
        },
      });
    } catch (error) {
      if (error instanceof RivalEntryError) return { kind: "rival", rivalOrderId: error.rivalOrderId, message: error.message };
      throw error;
    }
  }

  async function planFor(
    rec: ClaimedRec,
    c: { account: BrokerAccount; symbol: SymbolFacts | undefined; today: string; state: CycleState; ivObservations: Map<string, IvObservation> },
  ): Promise<EntryPlan> {
    const blocked = c.account.tradingBlocked || c.account.accountBlocked || c.account.status !== "ACTIVE";
    if (blocked) return { ok: false, code: "BROKER_ACCOUNT_BLOCKED", detail: `status=${c.account.status} trading_blocked=${c.account.tradingBlocked}` };
    // Risk only leaves through the position manager, the single owner of exits (seed 23).
    if (rec.action === "SELL_STOCK") return { ok: false, code: "SELL_STOCK_VIA_POSITION_MANAGER", detail: "exits are placed by the position manager" };
    const exposureLeftUsd = config.risk.maxExposureUsd - accountExposureUsd(c.state.positions);
    const strategy = STRATEGY_TYPES.find((s) => s === rec.strategyType) as StrategyType;
    const lastPrice = c.symbol?.lastPrice ?? null;

    if (rec.action === "BUY_STOCK") {
      return planStockEntry({
        symbol: rec.symbol,
        lastPrice,
        atr14: c.symbol?.atr14 ?? null,
        recentVol: c.symbol?.recentVol ?? null,
        equity: c.account.equity,
        buyingPower: c.account.buyingPower - c.state.spentUsd,
        exposureLeftUsd,
        tier: config.sizing,
        slippageBps: config.stockLimitSlippageBps,
        stopAtrMult: config.stockStopAtrMult,
      });
    }
    if (lastPrice === null) return { ok: false, code: "INVALID_UNDERLYING_PRICE", detail: "no bar price" };
    const side = rec.action === "BUY_CALL" ? "call" : "put";
    const window = EXPIRY_WINDOWS[strategy];
    const bounds = {
      type: side,
      expirationFrom: addCalendarDays(c.today, window.minDte),
      expirationTo: addCalendarDays(c.today, window.maxDte),
      strikeFrom: Math.floor(lastPrice * 0.9 * 100) / 100,
      strikeTo: Math.ceil(lastPrice * 1.1 * 100) / 100,
    } as const;
    const [contracts, chain] = await Promise.all([
      broker.getOptionContracts({ underlyings: [rec.symbol], ...bounds }),
      broker.getOptionSnapshots(rec.symbol, bounds),
    ]);
    // IV is observed on the whole chain (listed or not): it is market data, not an order decision.
    observeIv(c.ivObservations, rec.symbol, c.today, lastPrice, chain.map(toTradingSnapshot));
    const snapshots = listedSnapshots(contracts, chain).map(toTradingSnapshot);
    const ivHistory: IvHistory | null = await loadIvHistory(db, rec.symbol, c.today);
    return planOptionEntry({
      underlying: rec.symbol,
      side,
      strategyType: strategy,
      underlyingPrice: lastPrice,
      snapshots,
      today: c.today,
      ivHistory,
      buyingPower: (c.account.optionsBuyingPower ?? c.account.buyingPower) - c.state.spentUsd,
      exposureLeftUsd,
      tier: config.sizing,
      limitOffset: config.optionLimitOffset,
    });
  }
}

/** What this cycle has already committed, so later recs in the same cycle see it (limits, cooldown). */
class CycleState {
  readonly positions: AccountPosition[];
  spentUsd = 0;
  private readonly base: AccountFacts;
  private readonly entries: Map<string, { today: number; lastAt: Date | null }>;

  constructor(facts: AccountFacts) {
    this.base = facts;
    this.positions = [...facts.positions];
    this.entries = new Map(facts.entriesBySymbol);
  }

  facts(): AccountFacts {
    return { ...this.base, positions: this.positions, entriesBySymbol: this.entries };
  }

  recordEntry(rec: ClaimedRec, plan: Extract<EntryPlan, { ok: true }>, now: Date): void {
    this.positions.push({
      symbol: plan.symbol,
      underlying: plan.underlying,
      instrumentType: plan.instrumentType,
      side: "long",
      qty: plan.qty,
      multiplier: plan.instrumentType === "STOCK" ? 1 : 100,
      entryPrice: plan.limitPrice,
      status: "open",
    });
    const previous = this.entries.get(rec.symbol);
    this.entries.set(rec.symbol, { today: (previous?.today ?? 0) + 1, lastAt: now });
    this.spentUsd += plan.notionalUsd;
  }
}

/**
 * Each gate's measured value and threshold (and a pass's flag) are stored, so "why" is a query. The
 * volatility row also carries the reading (level, source, as_of) or why there was none: the gate's own
 * value is only the regime.
 */
function toStoredResults(recId: string, evaluation: GateEvaluation, volatility: CycleVolatility): StoredGateResult[] {
  return evaluation.results.map((r) => {
    const extra = r.gate === "volatility_regime" && volatility.storedDetail !== undefined ? { reading: volatility.storedDetail } : {};
    return {
      recId,
      gate: r.gate,
      passed: r.ok,
      code: r.ok ? null : r.code,
      detail: r.ok
        ? { value: r.value, threshold: r.threshold, ...(r.flag !== undefined ? { flag: r.flag } : {}), ...extra }
        : { value: r.value, threshold: r.threshold, detail: r.detail, ...extra },
    };
  });
}

function countOutcome(counts: DispatchCounts, result: SubmitResult): void {
  if (result.kind === "accepted") counts.ordered += 1;
  else if (result.kind === "unresolved") counts.unresolved += 1;
  else if (result.kind === "rejected") counts.rejected += 1;
}

/** The IV of the contract nearest the money, once per underlying and day (seed 52). */
function observeIv(
  into: Map<string, IvObservation>,
  symbol: string,
  today: string,
  price: number,
  snapshots: readonly { symbol: string; strike: number; iv: number | null }[],
): void {
  if (into.has(symbol)) return;
  const withIv = snapshots.filter((s) => s.iv !== null && Number.isFinite(s.iv) && s.iv > 0);
  const nearest = withIv.sort((a, b) => Math.abs(a.strike - price) - Math.abs(b.strike - price))[0];
  if (nearest?.iv != null) into.set(symbol, { symbol, day: today, iv: nearest.iv, source: `chain_atm:${nearest.symbol}` });
}

import type { Broker, BrokerPosition } from "@ops/broker-alpaca";
import { DEFAULT_VOLATILITY_LEVELS, MarketCalendar, etDateString } from "@ops/core";
import type { Clock, CycleContext, Db, Logger, VolatilityConfig } from "@ops/core";
import { settleOpenOrders } from "@ops/execution";
import type { ExecutionDeps } from "@ops/execution";
import { DEFAULT_ACCOUNT_RISK, DEFAULT_EOD_RULES, DEFAULT_EXIT_POLICY, eodRulesProblems } from "@ops/trading";
import type { AccountId, EodRules, ExitPolicy } from "@ops/trading";
import { applyProtections } from "./apply-protections.js";
import type { ProtectionSettings } from "./apply-protections.js";
import type { PositionManagerCycleConfig } from "./config.js";
import { honourCloseRequests } from "./honour-close-requests.js";
import { manageExits } from "./manage-exits.js";
import { openPositionsFromEntries } from "./open-positions-from-entries.js";
import { insertAccountSnapshot } from "./queries.js";
import { NO_RECONCILIATION, reconcileWithBroker } from "./reconcile-with-broker.js";
import { resolveClosing } from "./resolve-closing.js";
import { errorMessage } from "./step-context.js";
import type { StepContext } from "./step-context.js";

export interface PositionManagerDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  config: PositionManagerCycleConfig;
  /** The broker of exactly `account` (checked: seed 40 closed with the other account's keys). */
  broker: Broker;
  account: AccountId;
  /** Exchange calendar for "is the market open"; default NYSE rules around the clock's year. */
  calendar?: MarketCalendar;
  /** Default DEFAULT_EXIT_POLICY from @ops/trading. */
  exitPolicy?: ExitPolicy;
  /** Default DEFAULT_EOD_RULES[account] from @ops/trading; refused at construction when invalid. */
  eodRules?: EodRules;
  /** The volatility source for the end-of-day engine; default none (no effect, as the entry gate's not_supplied). */
  volatility?: VolatilityConfig;
  /** Daily loss limit and protections; default DEFAULT_ACCOUNT_RISK[account] (the dispatcher's own numbers). */
  protections?: ProtectionSettings;
}

/**
 * One pass for one account, in the order that keeps every decision on settled facts:
 * 1. settle our exit orders with the broker (execution records fills);
 * 2. filled entry orders → positions (price and qty from fills);
 * 3. closing positions → closed from exit fills, or open again when the broker says the exit failed;
 * 4. reconcile with the broker's positions (phantoms, adoptions, quantities);
 * 5. mark open positions by exact instrument and decide exits (market hours only);
 * 6. place exits (closing + exit order in one transaction).
 * Then a broker account snapshot (the dispatcher's buying-power view, the day's peak equity), and the
 * account protections on the settled day: risk mode changes and entry locks for the dispatcher's gates.
 */
export function createPositionManagerCycle(deps: PositionManagerDeps): (ctx: CycleContext) => Promise<Record<string, number>> {
  if (deps.broker.account !== deps.account) {
    throw new Error(`position-manager for ${deps.account} was given the broker of ${deps.broker.account}`);
  }
  let calendar = deps.calendar ?? defaultCalendar(deps.clock.now());
  const exitPolicy = deps.exitPolicy ?? DEFAULT_EXIT_POLICY;
  const eodRules = deps.eodRules ?? DEFAULT_EOD_RULES[deps.account];
  const eodProblems = eodRulesProblems(eodRules);
  if (eodProblems.length > 0) throw new Error(`invalid end-of-day rules for ${deps.account}: ${eodProblems.join("; ")}`);
  const volatility = deps.volatility ?? NO_VOLATILITY_SOURCE;
  const protections = deps.protections ?? DEFAULT_ACCOUNT_RISK[deps.account];
  if (protections.accountId !== deps.account) {
    throw new Error(`position-manager for ${deps.account} was given the protections of ${protections.accountId}`);
  }

  return async (ctx) => {
    const now = ctx.now;
    const log = ctx.logger ?? deps.logger;
    // A long-running process crosses years: the built-in calendar follows (an explicit one is kept).
    if (deps.calendar === undefined && !calendar.covers(etDateString(now))) calendar = defaultCalendar(now);
    const execution: ExecutionDeps = {
      db: deps.db,
      broker: deps.broker,
      logger: log,
      unresolvedGraceS: deps.config.OPS_PM_UNRESOLVED_GRACE_S,
    };
    const step: StepContext = { db: deps.db, broker: deps.broker, account: deps.account, now, log, config: deps.config, calendar, exitPolicy, eodRules, volatility, execution };

    const settled = await settleOpenOrders(execution, deps.account, now, { purpose: "exit" });
    const opened = await openPositionsFromEntries(step);

    let brokerPositions: BrokerPosition[] | undefined;
    try {
      brokerPositions = await deps.broker.listPositions();
    } catch (error) {
      log.warn({ event: "broker.positions_unavailable", error: errorMessage(error) }, "broker positions unavailable: no reconciliation this cycle");
    }

    const closing = await resolveClosing(step);
    const reconciled = brokerPositions === undefined
      ? NO_RECONCILIATION
      : await reconcileWithBroker(step, brokerPositions);
    // Operator close-all requests go first, through the same exit path; what they close is no longer open below.
    const closeRequests = await honourCloseRequests(step);
    const exits = await manageExits(step, brokerPositions);
    const snapshots = await snapshotAccount(step);
    const guarded = await applyProtections(step, protections);

    return {
      orders_checked: settled.checked,
      orders_updated: settled.updated,
      orders_not_at_broker: settled.notAtBroker,
      fills_inserted: settled.fillsInserted,
      settle_errors: settled.errors,
      broker_positions: brokerPositions?.length ?? -1,
      ...opened,
      ...closing,
      ...reconciled,
      ...closeRequests,
      ...exits,
      account_snapshots: snapshots,
      ...guarded,
    };
  };
}

/** Broker account state for the dispatcher's buying-power view; a failure costs one snapshot only. */
async function snapshotAccount(step: StepContext): Promise<number> {
  try {
    const account = await step.broker.getAccount();
    return await insertAccountSnapshot(
      step.db,
      step.account,
      { equity: account.equity, cash: account.cash, buyingPower: account.buyingPower, optionsBuyingPower: account.optionsBuyingPower, raw: account },
      step.now,
    );
  } catch (error) {
    step.log.warn({ event: "account.snapshot_failed", error: errorMessage(error) }, "account snapshot skipped this cycle");
    return 0;
  }
}

const NO_VOLATILITY_SOURCE: VolatilityConfig = {
  source: { kind: "none" },
  settings: { levels: DEFAULT_VOLATILITY_LEVELS, maxAgeSeconds: 300, realizedWindow: 60 },
};

function defaultCalendar(now: Date): MarketCalendar {
  const year = now.getUTCFullYear();
  return MarketCalendar.nyse(year - 1, year + 1);
}

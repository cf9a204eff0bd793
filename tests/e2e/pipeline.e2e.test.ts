// The walking skeleton end to end: every service as its own OS process on a throwaway PostgreSQL database,
// trading against the local Alpaca simulator replaying 2013-10-07 (SPY, BAC, IBM, AIG). The test owns the
// simulator's clock and moves it in lock-step with the services' heartbeats.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { databaseNow, describeHeartbeats, heartbeatOf, readHeartbeats } from "./support/heartbeats.js";
import { LockStep } from "./support/lock-step.js";
import { pipelineServices, serviceEnv } from "./support/pipeline-services.js";
import type { PipelineEnvContext, ServiceSpec } from "./support/pipeline-services.js";
import {
  countBarsUntil, readDispatchStatus, readFills, readOrders, readPositionHistory, readPositions, readRecommendation, vwap,
} from "./support/pipeline-rows.js";
import type { OrderRow, PositionRow } from "./support/pipeline-rows.js";
import { enableTrading, simFeedUrls } from "../../scripts/pipeline/in-process-pipeline.js";
import { requestCloseAll } from "../../scripts/ops/actions/request-close-all.js";
import { describeProcesses, spawnService, stopServices } from "./support/service-process.js";
import type { ServiceProcess } from "./support/service-process.js";
import { createDefaultSimulator } from "@ops/alpaca-sim";
import { deterministicClientOrderId } from "@ops/broker-alpaca";
import { MarketCalendar, etDateTime } from "@ops/core";
import { describeWithPostgres, freshPostgresDb } from "@ops/core/testing";
import type { DefaultSimulator } from "@ops/alpaca-sim";
import type { Db } from "@ops/core";
import type { FreshPostgresDb } from "@ops/core/testing";
import type { AccountId } from "@ops/trading";

const repoRoot = resolve(import.meta.dirname, "..", "..");
const sharedDataDir = resolve(repoRoot, "..", "shared", "data");
const DAY = "2013-10-07";
const SYMBOLS = ["SPY", "BAC", "IBM", "AIG"] as const;
const calendar = MarketCalendar.nyse(2012, 2014);
const MINUTE_MS = 60_000;
/** Real time the LOOP run may take before it stops itself with a diagnosis (the test timeout is a bit longer). */
const RUN_BUDGET_MS = 225_000;

interface Replay {
  readonly fresh: FreshPostgresDb;
  readonly sim: DefaultSimulator;
}

/** A migrated throwaway database and the simulator, with the day before as history (as `npm start` loads it). */
async function startReplay(adminUrl: string, start: Date): Promise<Replay> {
  if (!existsSync(join(sharedDataDir, "bars"))) throw new Error(`the e2e replay needs the shared fixtures at ${sharedDataDir}`);
  const sim = await createDefaultSimulator({
    sharedDataDir,
    days: [calendar.previousTradingDay(DAY), DAY],
    symbols: SYMBOLS,
    start,
    // Eleven processes read the clock with one key pair; Alpaca's own limit is per account per wall minute.
    rateLimitPerMinute: 100_000,
  });
  try {
    return { fresh: await freshPostgresDb(adminUrl), sim };
  } catch (error) {
    await sim.close();
    throw error;
  }
}

async function stopReplay(replay: Replay | undefined, processes: readonly ServiceProcess[]): Promise<void> {
  await stopServices(processes);
  await replay?.sim.close();
  await replay?.fresh.cleanup();
}

async function envContext(replay: Replay, mode: "LOOP" | "ONCE"): Promise<PipelineEnvContext> {
  return { databaseUrl: replay.fresh.url, simUrl: replay.sim.url, mode, symbols: SYMBOLS, newsFeeds: await simFeedUrls(replay.sim.url) };
}

describeWithPostgres("the pipeline as separate processes on PostgreSQL, against the simulator", (adminUrl) => {
  let replay: Replay | undefined;
  let logDir = "";
  let keepLogs = false;
  const processes: ServiceProcess[] = [];

  beforeAll(async () => {
    logDir = mkdtempSync(join(tmpdir(), "ops-e2e-pipeline-"));
    replay = await startReplay(adminUrl, etDateTime(DAY, "10:45"));
  });

  afterAll(async () => {
    await stopReplay(replay, processes);
    // A failed run keeps its logs; the failure output names each file.
    if (logDir !== "" && !keepLogs) rmSync(logDir, { recursive: true, force: true });
  }, 60_000);

  it("carries bars through a recommendation, an entry order, a position and its exit into position history", async () => {
    const { fresh: { db }, sim } = replay!;
    const budgetEnd = Date.now() + RUN_BUDGET_MS;
    await enableTrading(db, sim.clock.now(), "e2e test", "end-to-end test against the simulator");
    const ctx = await envContext(replay!, "LOOP");
    const specs = pipelineServices();
    const lockStep = new LockStep({ db, clock: sim.clock, processes, stepTimeoutMs: 30_000 });
    const spawnAll = (list: readonly ServiceSpec[]): void => {
      processes.push(...list.map((spec) => spawnService(repoRoot, spec, serviceEnv(spec, ctx), logDir)));
    };
    const step = async (to: Date, phase: string): Promise<void> => {
      if (Date.now() > budgetEnd) throw new Error(`${phase}: the run used its ${RUN_BUDGET_MS} ms budget before ${to.toISOString()}`);
      await lockStep.advanceTo(to);
    };

    try {
      // ai-watchlist first: telemetry fetches bars only for the symbols it has put in the universe.
      const [universe, ...rest] = specs;
      const startedAt = await databaseNow(db);
      spawnAll([universe!]);
      await lockStep.waitForCycles(startedAt, "ai-watchlist's first cycle");
      spawnAll(rest);
      await lockStep.waitForCycles(startedAt, "every service's first cycle");

      // Minute by minute until an entry has filled into an open position, then one more minute so the
      // other account can finish acting on the same recommendation.
      const entryDeadline = etDateTime(DAY, "12:30");
      while ((await openPositions(db)).length === 0) {
        const next = new Date(sim.clock.now().getTime() + MINUTE_MS);
        if (next > entryDeadline) throw new Error(`no entry had filled into an open position by ${entryDeadline.toISOString()}`);
        await step(next, "waiting for an entry");
      }
      await step(new Date(sim.clock.now().getTime() + MINUTE_MS), "waiting for an entry");
      const tracked = await openPositions(db);

      // Five minutes a step towards the exit; the last quarter hour minute by minute, where the day's exits
      // bunch up. Ends when every tracked position is closed, or five minutes after the close.
      const closeMs = calendar.day(DAY)!.close.getTime();
      // The day's exits are market-driven; if a tracked position is still open late in the day, the operator's
      // close-all (the same request `pnpm ops close-all` writes) makes the position manager close it through its
      // normal close path, so the chain below is always exercised to the end.
      const closeAllAt = etDateTime(DAY, "15:40").getTime();
      let closeAllRequested = false;
      while (!(await allClosed(db, tracked))) {
        const now = sim.clock.now().getTime();
        if (now >= closeMs + 5 * MINUTE_MS) break;
        if (!closeAllRequested && now >= closeAllAt) {
          closeAllRequested = true;
          const closed = new Set((await readPositionHistory(db)).map((h) => h.positionId));
          const accounts = new Set(tracked.filter((p) => !closed.has(p.positionId)).map((p) => p.accountId as AccountId));
          for (const account of accounts) {
            const result = await requestCloseAll(db, { account, actor: "e2e test", reason: "end the replay flat", now: sim.clock.now() });
            expect(result.outcome, result.message).toBe("done");
          }
        }
        await step(new Date(now + (closeMs - now > 15 * MINUTE_MS ? 5 : 1) * MINUTE_MS), "waiting for an exit");
      }

      await expectChain(db, sim, tracked);
      expect(lockStep.cycleErrors, "cycles that failed during the run").toEqual([]);
    } catch (error) {
      keepLogs = true;
      const heartbeats = await readHeartbeats(db).then((rows) => describeHeartbeats(rows, specs), (e: unknown) => `  (unreadable: ${String(e)})`);
      console.error(`e2e pipeline failed at market time ${sim.clock.now().toISOString()} after ${lockStep.steps} steps\n` +
        `heartbeats:\n${heartbeats}\n${describeProcesses(processes)}`);
      throw error;
    }
  }, RUN_BUDGET_MS + 30_000);
});

describeWithPostgres("each service process with MODE=ONCE", (adminUrl) => {
  let replay: Replay | undefined;
  let logDir = "";
  let keepLogs = false;
  const processes: ServiceProcess[] = [];

  beforeAll(async () => {
    logDir = mkdtempSync(join(tmpdir(), "ops-e2e-once-"));
    replay = await startReplay(adminUrl, etDateTime(DAY, "11:00"));
  });

  afterAll(async () => {
    await stopReplay(replay, processes);
    if (logDir !== "" && !keepLogs) rmSync(logDir, { recursive: true, force: true });
  }, 60_000);

  it("runs one cycle against the migrated database and the simulator, then exits 0", async () => {
    const { db } = replay!.fresh;
    const ctx = await envContext(replay!, "ONCE");
    const specs = pipelineServices();
    try {
      // Four at a time: each process compiles its TypeScript as it starts, and CI may have two cores.
      for (let i = 0; i < specs.length; i += 4) {
        const group = specs.slice(i, i + 4).map((spec) => spawnService(repoRoot, spec, serviceEnv(spec, ctx), logDir));
        processes.push(...group);
        const exits = await Promise.all(group.map((p) => withTimeout(p.exited, 45_000, `${p.label} did not exit`)));
        expect(exits.map((s, j) => `${group[j]!.label}: ${s.code}`)).toEqual(group.map((p) => `${p.label}: 0`));
      }
      const rows = await readHeartbeats(db);
      for (const spec of specs) {
        const row = heartbeatOf(rows, spec);
        expect(row, `heartbeat of ${spec.name} ${spec.account ?? ""}`).toBeDefined();
        expect({ service: spec, cycles: row!.cycles, lastError: row!.lastError }).toEqual({ service: spec, cycles: 1, lastError: null });
      }
    } catch (error) {
      keepLogs = true;
      console.error(describeProcesses(processes));
      throw error;
    }
  }, 180_000);
});

async function openPositions(db: Db): Promise<PositionRow[]> {
  return (await readPositions(db)).filter((p) => p.status === "open" && p.entryOrderId !== null);
}

async function allClosed(db: Db, tracked: readonly PositionRow[]): Promise<boolean> {
  const closed = new Set((await readPositionHistory(db)).map((h) => h.positionId));
  return tracked.every((p) => closed.has(p.positionId));
}

/**
 * Follows each tracked position back to its bars and forward to its position_history row: bars → recommendation
 * → dispatch → entry order (deterministic client_order_id, same order at the simulator) → fills → position →
 * exit order → closed position whose exit price is the volume-weighted price of its exit fills.
 */
async function expectChain(db: Db, sim: DefaultSimulator, tracked: readonly PositionRow[]): Promise<void> {
  const orders = await readOrders(db);
  const positions = await readPositions(db);
  const history = await readPositionHistory(db);
  const fills = await readFills(db);
  const closed: string[] = [];
  expect(tracked.length, "positions opened from entry fills").toBeGreaterThan(0);

  for (const opened of tracked) {
    const account = opened.accountId as AccountId;
    const entry = orders.find((o) => o.orderId === opened.entryOrderId);
    expect(entry, `entry order of position ${opened.positionId}`).toBeDefined();
    expect(entry!.purpose).toBe("entry");
    const rec = await readRecommendation(db, entry!.recId!);
    expect(rec?.symbol, "the recommendation names the entry's underlying").toBe(entry!.underlying);
    expect(await countBarsUntil(db, rec!.symbol, rec!.signalTs), "bars up to the signal").toBeGreaterThan(30);
    expect(await readDispatchStatus(db, rec!.recId, account)).toBe("ordered");

    expect(entry!.clientOrderId).toBe(deterministicClientOrderId({ recId: entry!.recId!, account, purpose: "entry", attempt: entry!.attempt }));
    expect(entry!.status).toBe("filled");
    expectSameOrderAtSimulator(sim, account, entry!);
    expect({ symbol: opened.symbol, qty: opened.qty }).toEqual({ symbol: entry!.symbol, qty: entry!.filledQty });
    expect(opened.avgEntryPrice).toBeCloseTo(vwap(fills.filter((f) => f.orderId === entry!.orderId)), 6);

    const done = history.find((h) => h.positionId === opened.positionId);
    if (done === undefined) continue;
    const exits = orders.filter((o) => o.purpose === "exit" && o.positionId === opened.positionId);
    const filledExit = exits.find((o) => o.status === "filled");
    expect(filledExit, `a filled exit order for position ${opened.positionId}`).toBeDefined();
    expect(filledExit!.clientOrderId).toBe(
      deterministicClientOrderId({ positionId: opened.positionId, account, purpose: "exit", attempt: filledExit!.attempt }),
    );
    expect({ symbol: filledExit!.symbol, side: filledExit!.side }).toEqual({ symbol: opened.symbol, side: "sell" });
    expectSameOrderAtSimulator(sim, account, filledExit!);

    const exitPrice = vwap(fills.filter((f) => exits.some((o) => o.orderId === f.orderId)));
    const position = positions.find((p) => p.positionId === opened.positionId)!;
    expect(position.status).toBe("closed");
    expect(position.exitPrice).toBeCloseTo(exitPrice, 6);
    expect(done.exitPriceSource).toBe("fills");
    expect(done.exitPrice).toBeCloseTo(exitPrice, 6);
    expect(done.pnlUsd).toBeCloseTo((exitPrice - done.entryPrice) * done.qty * done.multiplier, 2);
    closed.push(account);
  }
  expect(closed.length, "tracked positions closed into position_history").toBeGreaterThan(0);
}

/** The order row and the simulator's order with its client_order_id are the same order, filled the same. */
function expectSameOrderAtSimulator(sim: DefaultSimulator, account: AccountId, order: OrderRow): void {
  const atBroker = sim.broker.getOrderByClientOrderId(account, order.clientOrderId);
  expect(atBroker, `order ${order.clientOrderId} at the simulator`).toBeDefined();
  expect({ id: atBroker!.id, symbol: atBroker!.symbol, side: atBroker!.side, qty: atBroker!.qty, status: atBroker!.status, filled: atBroker!.filledQty })
    .toEqual({ id: order.brokerOrderId, symbol: order.symbol, side: order.side, qty: order.qty, status: order.status, filled: order.filledQty });
  const brokerFills = sim.broker.fills(account).filter((f) => f.orderId === atBroker!.id);
  expect(order.filledAvgPrice).toBeCloseTo(vwap(brokerFills), 6);
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

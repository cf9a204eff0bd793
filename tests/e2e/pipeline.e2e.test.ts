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
  countBarsBySymbol, readFills, readOrders, readPositionHistory, readPositions, readRecommendation, vwap,
} from "./support/pipeline-rows.js";
import type { OrderRow, PositionRow } from "./support/pipeline-rows.js";
import { enableTrading, simFeedUrls } from "./support/pipeline-setup.js";
import { describeProcesses, spawnService, stopServices } from "./support/service-process.js";
import type { ServiceProcess } from "./support/service-process.js";
import {
  ACCOUNT_IDS, MarketCalendar, createDefaultSimulator, describeWithPostgres, deterministicClientOrderId, etDateTime,
  freshPostgresDb,
} from "./support/workspace.js";
import type { AccountId, DefaultSimulator, FreshPostgresDb } from "./support/workspace.js";

const repoRoot = resolve(import.meta.dirname, "..", "..");
const sharedDataDir = resolve(repoRoot, "..", "shared", "data");
const DAY = "2013-10-07";
const SYMBOLS = ["SPY", "BAC", "IBM", "AIG"] as const;
const calendar = MarketCalendar.nyse(2012, 2014);
const MINUTE_MS = 60_000;

/** The replay's simulator and database, with the day before as history (as `npm start` loads it). */
async function startReplay(adminUrl: string, start: Date): Promise<{ fresh: FreshPostgresDb; sim: DefaultSimulator }> {
  if (!existsSync(join(sharedDataDir, "bars"))) throw new Error(`the e2e replay needs the shared fixtures at ${sharedDataDir}`);
  const sim = await createDefaultSimulator({
    sharedDataDir,
    days: [calendar.previousTradingDay(DAY), DAY],
    symbols: SYMBOLS,
    start,
    // Eleven processes poll one key pair's clock; Alpaca's real limit is per account per wall minute.
    rateLimitPerMinute: 100_000,
  });
  try {
    const fresh = await freshPostgresDb(adminUrl);
    return { fresh, sim };
  } catch (error) {
    await sim.close();
    throw error;
  }
}

async function envContext(fresh: FreshPostgresDb, sim: DefaultSimulator, mode: "LOOP" | "ONCE"): Promise<PipelineEnvContext> {
  return { databaseUrl: fresh.url, simUrl: sim.url, mode, symbols: SYMBOLS, newsFeeds: await simFeedUrls(sim.url) };
}

describeWithPostgres("the pipeline as separate processes on PostgreSQL, against the simulator", (adminUrl) => {
  let fresh: FreshPostgresDb | undefined;
  let sim: DefaultSimulator | undefined;
  let logDir = "";
  let failed = false;
  const processes: ServiceProcess[] = [];

  beforeAll(async () => {
    logDir = mkdtempSync(join(tmpdir(), "ops-e2e-pipeline-"));
    ({ fresh, sim } = await startReplay(adminUrl, etDateTime(DAY, "10:45")));
  });

  afterAll(async () => {
    await stopServices(processes);
    await sim?.close();
    await fresh?.cleanup();
    // A failed run keeps its logs (the failure message names the folder).
    if (logDir !== "" && !failed && !process.env.E2E_KEEP) rmSync(logDir, { recursive: true, force: true });
  });

  it("carries bars through a recommendation, an entry order, a position and its exit to position history", async () => {
    const { db } = fresh!;
    const replay = sim!;
    await enableTrading(db, replay.clock.now(), "e2e test");
    const ctx = await envContext(fresh!, replay, "LOOP");
    const specs = pipelineServices();
    const lockStep = new LockStep({ db, clock: replay.clock, processes, stepTimeoutMs: 30_000 });
    const spawnAll = (list: readonly ServiceSpec[]): ServiceProcess[] => {
      const started = list.map((spec) => spawnService(repoRoot, spec, serviceEnv(spec, ctx), logDir));
      processes.push(...started);
      return started;
    };

    try {
      // The universe comes first: telemetry fetches bars only for symbols ai-watchlist has listed.
      const [universe, ...rest] = specs;
      const startedAt = await databaseNow(db);
      spawnAll([universe!]);
      await lockStep.waitForCycles(startedAt, "ai-watchlist's first cycle");
      spawnAll(rest);
      await lockStep.waitForCycles(startedAt, "every service's first cycle");

      // Minute by minute until an entry has filled and its position is open.
      const entryDeadline = etDateTime(DAY, "11:40");
      let tracked: PositionRow[] = [];
      while (tracked.length === 0) {
        const next = new Date(replay.clock.now().getTime() + MINUTE_MS);
        if (next > entryDeadline) throw new Error(`no entry filled into an open position by ${entryDeadline.toISOString()}`);
        await lockStep.advanceTo(next);
        tracked = (await readPositions(db)).filter((p) => p.status === "open" && p.entryOrderId !== null);
      }

      // Then in bigger steps to the exit; the last minutes before the close one by one again, where the
      // day's exits bunch up.
      const close = calendar.day(DAY)!.close;
      const closeMs = close.getTime();
      const allClosed = async (): Promise<boolean> => {
        const ids = new Set(tracked.map((p) => p.positionId));
        const history = await readPositionHistory(db);
        return history.filter((h) => ids.has(h.positionId)).length === ids.size;
      };
      while (!(await allClosed())) {
        const now = replay.clock.now().getTime();
        if (now >= closeMs + 5 * MINUTE_MS) break;
        const step = closeMs - now > 15 * MINUTE_MS ? 5 * MINUTE_MS : MINUTE_MS;
        await lockStep.advanceTo(new Date(now + step));
      }

      await assertChain(db, replay, tracked);
      expect(lockStep.cycleErrors, "cycles that failed during the run").toEqual([]);
    } catch (error) {
      failed = true;
      console.error(`e2e pipeline failed at market time ${replay.clock.now().toISOString()}\n` +
        `heartbeats:\n${describeHeartbeats(await readHeartbeats(db), specs)}\n${describeProcesses(processes)}`);
      throw error;
    }
  }, 240_000);
});

describeWithPostgres("each service process with MODE=ONCE", (adminUrl) => {
  let fresh: FreshPostgresDb | undefined;
  let sim: DefaultSimulator | undefined;
  let logDir = "";
  const processes: ServiceProcess[] = [];

  beforeAll(async () => {
    logDir = mkdtempSync(join(tmpdir(), "ops-e2e-once-"));
    ({ fresh, sim } = await startReplay(adminUrl, etDateTime(DAY, "11:00")));
  });

  afterAll(async () => {
    await stopServices(processes);
    await sim?.close();
    await fresh?.cleanup();
    if (logDir !== "") rmSync(logDir, { recursive: true, force: true });
  });

  it("runs one cycle against the migrated database and the simulator and exits 0", async () => {
    const { db } = fresh!;
    const ctx = await envContext(fresh!, sim!, "ONCE");
    const specs = pipelineServices();
    try {
      // A few at a time: each process compiles its TypeScript on start, and the machine may have two cores.
      for (let i = 0; i < specs.length; i += 4) {
        const group = specs.slice(i, i + 4).map((spec) => spawnService(repoRoot, spec, serviceEnv(spec, ctx), logDir));
        processes.push(...group);
        const statuses = await Promise.all(group.map((p) => withTimeout(p.exited, 45_000, `${p.label} did not exit`)));
        expect(statuses.map((s, j) => `${group[j]!.label}: ${s.code}`)).toEqual(group.map((p) => `${p.label}: 0`));
      }
      const rows = await readHeartbeats(db);
      for (const spec of specs) {
        const row = heartbeatOf(rows, spec);
        expect(row, `heartbeat of ${spec.name}`).toBeDefined();
        expect({ cycles: row!.cycles, lastError: row!.lastError }).toEqual({ cycles: 1, lastError: null });
      }
    } catch (error) {
      console.error(describeProcesses(processes));
      throw error;
    }
  }, 180_000);
});

/** Follows each tracked position from its bars to its position_history row, checking every link. */
async function assertChain(db: FreshPostgresDb["db"], sim: DefaultSimulator, tracked: readonly PositionRow[]): Promise<void> {
  const bars = await countBarsBySymbol(db);
  const orders = await readOrders(db);
  const positions = await readPositions(db);
  const history = await readPositionHistory(db);
  const fills = await readFills(db);
  const closedAccounts: AccountId[] = [];

  for (const opened of tracked) {
    const account = opened.accountId as AccountId;
    expect(ACCOUNT_IDS).toContain(account);
    const entry = orders.find((o) => o.orderId === opened.entryOrderId);
    expect(entry, `entry order of position ${opened.positionId}`).toBeDefined();
    const rec = await readRecommendation(db, entry!.recId!);
    expect(rec?.symbol, "the recommendation is for the entry's underlying").toBe(entry!.underlying);
    expect(bars.get(entry!.underlying) ?? 0, `bars of ${entry!.underlying}`).toBeGreaterThan(60);

    expect(entry!.clientOrderId).toBe(deterministicClientOrderId({ recId: entry!.recId!, account, purpose: "entry", attempt: entry!.attempt }));
    expectBrokerAgrees(sim, account, entry!);
    expect(entry!.status).toBe("filled");
    expect(opened.qty).toBe(entry!.filledQty);
    expect(opened.symbol).toBe(entry!.symbol);
    expect(opened.avgEntryPrice).toBeCloseTo(vwap(fills.filter((f) => f.orderId === entry!.orderId)), 6);

    const done = history.find((h) => h.positionId === opened.positionId);
    if (done === undefined) continue;
    const position = positions.find((p) => p.positionId === opened.positionId)!;
    const exits = orders.filter((o) => o.purpose === "exit" && o.positionId === opened.positionId);
    const filledExit = exits.find((o) => o.status === "filled");
    expect(filledExit, `a filled exit order for position ${opened.positionId}`).toBeDefined();
    expect(filledExit!.clientOrderId).toBe(
      deterministicClientOrderId({ positionId: opened.positionId, account, purpose: "exit", attempt: filledExit!.attempt }),
    );
    expect(filledExit!.symbol).toBe(opened.symbol);
    expect(filledExit!.side).toBe("sell");
    expectBrokerAgrees(sim, account, filledExit!);

    const exitFills = fills.filter((f) => exits.some((o) => o.orderId === f.orderId));
    const exitPrice = vwap(exitFills);
    expect(position.status).toBe("closed");
    expect(position.exitPrice).toBeCloseTo(exitPrice, 6);
    expect(done.exitPriceSource).toBe("fills");
    expect(done.exitPrice).toBeCloseTo(exitPrice, 6);
    expect(done.pnlUsd).toBeCloseTo((exitPrice - done.entryPrice) * done.qty * done.multiplier, 2);
    closedAccounts.push(account);
  }
  expect(closedAccounts.length, "positions closed with a position_history row").toBeGreaterThan(0);
}

/** The order row and the simulator's order with the same client_order_id are the same order, equally filled. */
function expectBrokerAgrees(sim: DefaultSimulator, account: AccountId, order: OrderRow): void {
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

// Entry limits that do not fill: cancelled after the timeout; with re-pricing on, re-sent a bounded number
// of times closer to the ask, each as a new attempt with its own deterministic client_order_id, and never
// two live at once. A partly filled entry is cancelled for the rest and never re-priced.
import { deterministicClientOrderId } from "@ops/broker-alpaca";
import { submitEntryOrder } from "@ops/execution";
import { describe, expect, it } from "vitest";
import { createDispatcherCycle, defaultDispatcherSettings } from "../src/index.js";
import type { DispatcherSettings } from "../src/index.js";
import { CALL_1DTE, at, count, startSim } from "./helpers/sim.js";
import type { SimHarness } from "./helpers/sim.js";
import { captureLogs, cycleContext, insertRec, rows } from "./helpers/world.js";
import { useDispatcherDb } from "./helpers/dispatcher-db.js";

const db = useDispatcherDb({ enable: ["large-100k"] });

function dispatcher(h: SimHarness, settings: Partial<DispatcherSettings>) {
  const logs = captureLogs("large-100k");
  const cycle = createDispatcherCycle({
    db, clock: h.clock, logger: logs.logger, broker: h.broker("large-100k"), account: "large-100k",
    config: { ...defaultDispatcherSettings("large-100k", "stale-test"), ...settings },
  });
  return {
    logs,
    run: (hhmm: string) => {
      h.advanceTo(hhmm);
      return cycle(cycleContext(at(hhmm), logs.logger));
    },
  };
}

const entryRows = (recId: string) =>
  rows(db, "SELECT attempt, client_order_id, status, limit_price, filled_qty, qty FROM orders WHERE rec_id = $1::bigint ORDER BY attempt", [recId]);
const clientId = (recId: string, attempt: number) => deterministicClientOrderId({ recId, account: "large-100k", purpose: "entry", attempt });

describe("unfilled entry limits", () => {
  it("are cancelled after the entry timeout and, with re-pricing off, never re-sent", async () => {
    const h = await startSim();
    const d = dispatcher(h, { entryTimeoutS: 300, entryRepriceSteps: 0 });
    const recId = await insertRec(db, { createdAt: at("09:59:30") });
    await d.run("10:00");
    expect(await d.run("10:04")).toMatchObject({ entry_timeouts: 0 });

    expect(await d.run("10:05:30")).toMatchObject({ entry_timeouts: 1, entry_canceled: 1, repriced: 0 });
    expect(await entryRows(recId)).toMatchObject([{ attempt: 1, status: "canceled" }]);
    expect(h.sim.broker.orders("large-100k").map((o) => o.status)).toEqual(["canceled"]);
    await d.run("10:07");
    expect(count(h, "POST /v2/orders")).toBe(1);
    expect(d.logs.events()).toContain("entry.timeout");
  });

  it("are re-priced toward the ask within the step bound, one live attempt at a time, until one fills", async () => {
    const h = await startSim();
    // Half-spread of two ticks: mid 10.20, then 10.30, then the ask 10.40 (which the simulator fills).
    h.options.setQuote(CALL_1DTE, { bid: 10.0, ask: 10.4 });
    const d = dispatcher(h, { entryTimeoutS: 60, entryRepriceSteps: 2, entryRepriceStep: 0.5 });
    const recId = await insertRec(db, { createdAt: at("09:59:30") });

    await d.run("10:00");
    expect(await d.run("10:01:30")).toMatchObject({ entry_timeouts: 1, entry_canceled: 1, repriced: 1 });
    expect(await d.run("10:03")).toMatchObject({ repriced: 1 });
    await d.run("10:04");
    await d.run("10:06");

    const orders = await entryRows(recId);
    expect(orders.map((o) => [o.attempt, o.client_order_id, o.status, Number(o.limit_price)])).toEqual([
      [1, clientId(recId, 1), "canceled", 10.2],
      [2, clientId(recId, 2), "canceled", 10.3],
      [3, clientId(recId, 3), "filled", 10.4],
    ]);
    expect(new Set(orders.map((o) => Number(o.qty))).size).toBe(1);
    const atSim = h.sim.broker.orders("large-100k");
    expect(atSim.map((o) => [o.clientOrderId, o.status])).toEqual([
      [clientId(recId, 1), "canceled"],
      [clientId(recId, 2), "canceled"],
      [clientId(recId, 3), "filled"],
    ]);
    expect(count(h, "POST /v2/orders")).toBe(3);
  });

  it("stop after the configured number of re-prices and leave the last attempt cancelled", async () => {
    const h = await startSim();
    h.options.setQuote(CALL_1DTE, { bid: 10.0, ask: 10.4 });
    const d = dispatcher(h, { entryTimeoutS: 60, entryRepriceSteps: 1, entryRepriceStep: 0.25 });
    const recId = await insertRec(db, { createdAt: at("09:59:30") });
    await d.run("10:00");
    await d.run("10:01:30");
    await d.run("10:03");
    await d.run("10:05");
    expect((await entryRows(recId)).map((o) => [o.attempt, o.status])).toEqual([[1, "canceled"], [2, "canceled"]]);
    expect(h.sim.broker.orders("large-100k")).toHaveLength(2);
  });

  it("a partly filled entry is cancelled for the remainder, keeps its fills and is not re-priced", async () => {
    const h = await startSim();
    const d = dispatcher(h, { entryTimeoutS: 90, entryRepriceSteps: 2 });
    const recId = await insertRec(db, { createdAt: at("09:59:30") });
    await d.run("10:00");
    h.sim.setFaults({ partialFillRate: 1, partialFillFraction: 0.5 });
    h.options.setQuote(CALL_1DTE, { bid: 2.05, ask: 2.15 });
    await d.run("10:01");
    expect((await entryRows(recId))[0]?.status).toBe("partially_filled");
    h.options.setQuote(CALL_1DTE, { bid: 2.1, ask: 2.2 });
    h.sim.setFaults({ partialFillRate: 0 });
    expect(await d.run("10:02")).toMatchObject({ entry_timeouts: 1, entry_canceled: 1, repriced: 0 });

    const [order] = await entryRows(recId);
    expect(order?.status).toBe("canceled");
    expect(Number(order?.filled_qty)).toBeGreaterThan(0);
    expect(Number(order?.filled_qty)).toBeLessThan(Number(order?.qty));
    const fills = await rows(db, "SELECT qty FROM fills");
    expect(fills.reduce((s, f) => s + Number(f.qty), 0)).toBe(Number(order?.filled_qty));
    expect(h.sim.broker.orders("large-100k")).toHaveLength(1);
  });

  it("a second attempt while the first is still live is refused before any POST (schema: one live entry per rec and account)", async () => {
    const h = await startSim();
    const d = dispatcher(h, {});
    const recId = await insertRec(db, { createdAt: at("09:59:30") });
    await d.run("10:00");
    const result = await submitEntryOrder(
      { db, broker: h.broker("large-100k"), logger: captureLogs("large-100k").logger },
      { account: "large-100k", recId, symbol: CALL_1DTE, underlying: "AAA", instrumentType: "CALL", qty: 1, limitPrice: 2.2, now: at("10:00:10"), attempt: 2 },
    );
    expect(result).toMatchObject({ kind: "refused", code: "DUPLICATE_ORDER" });
    expect(count(h, "POST /v2/orders")).toBe(1);
  });
});

import { describe, expect, it } from "vitest";
import { FaultInjector } from "../src/faults.js";
import { AAA_BARS, at, atSeconds, LARGE, rejection, startTestSim } from "./broker-fixtures.js";
import { errors } from "./server-sdk-client.js";

const controlHeaders = { "APCA-API-KEY-ID": LARGE.keyId, "APCA-API-SECRET-KEY": LARGE.secretKey, "Content-Type": "application/json" };
const status = (err: unknown): number | undefined => (err as { status?: number }).status;

describe("fault injection", () => {
  it("errorRate answers 500 before handling, so nothing happens; POST /sim/faults turns it off", async () => {
    const { sim, large } = await startTestSim(atSeconds("09:31", 30), { faults: { errorRate: 1 } });
    const err = await rejection(large.trading.orders.market({ symbol: "AAA", qty: 1, side: "buy", clientOrderId: "during-outage" }));
    expect(err).toBeInstanceOf(errors.ApiError);
    expect(status(err)).toBe(500);

    const off = await fetch(`${sim.url}/sim/faults`, { method: "POST", headers: controlHeaders, body: JSON.stringify({ errorRate: 0 }) });
    expect(off.status).toBe(200);
    const missing = await rejection(large.trading.orders.getOrderByClientOrderId({ clientOrderId: "during-outage" }));
    expect(missing).toBeInstanceOf(errors.NotFoundError);
  });

  it("latencyMs delays every API response by at least that long", async () => {
    const { sim, large } = await startTestSim(atSeconds("09:31", 30));
    sim.setFaults({ latencyMs: 150 });
    const started = performance.now();
    await large.trading.account.getAccount();
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });

  it("timeoutAfterAcceptRate: the client sees a network error, yet the order exists and fills", async () => {
    const { sim, large, clock } = await startTestSim(atSeconds("09:31", 30), { faults: { timeoutAfterAcceptRate: 1 } });
    const err = await rejection(large.trading.orders.market({ symbol: "AAA", qty: 3, side: "buy", clientOrderId: "ambiguous-1" }));
    expect(err).not.toBeInstanceOf(errors.ApiError); // no HTTP status at all: the socket died
    sim.setFaults({ timeoutAfterAcceptRate: 0 });
    const stored = await large.trading.orders.getOrderByClientOrderId({ clientOrderId: "ambiguous-1" });
    expect(stored.qty).toBe("3");
    clock.advanceTo(at("09:32"));
    expect((await large.trading.orders.getOrderByClientOrderId({ clientOrderId: "ambiguous-1" })).status).toBe("filled");
  });

  it("partialFillRate fills only partialFillFraction of the remaining qty; the rest fills at a later bar", async () => {
    const { sim, large, clock } = await startTestSim(atSeconds("09:31", 30), {
      faults: { partialFillRate: 1, partialFillFraction: 0.4 },
      slippageBps: 0,
    });
    const order = await large.trading.orders.market({ symbol: "AAA", qty: 10, side: "buy" });
    clock.advanceTo(atSeconds("09:32", 30));
    const partial = await large.trading.orders.getOrderByOrderID({ orderId: order.id as string });
    expect(partial.status).toBe("partially_filled");
    expect(partial.filledQty).toBe("4");
    expect((await large.trading.positions.getOpenPosition({ symbolOrAssetId: "AAA" })).qty).toBe("4");
    const fills = await large.trading.accountActivities.getAccountActivities({ activityTypes: ["FILL"] });
    expect(fills.map((f) => [f.type, f.qty, f.leavesQty])).toEqual([["partial_fill", "4", "6"]]);

    sim.setFaults({ partialFillRate: 0 });
    clock.advanceTo(at("09:33"));
    const done = await large.trading.orders.getOrderByOrderID({ orderId: order.id as string });
    expect(done.status).toBe("filled");
    const open32 = AAA_BARS.find((b) => b.ts.getTime() === at("09:32").getTime())!.open;
    const open33 = AAA_BARS.find((b) => b.ts.getTime() === at("09:33").getTime())!.open;
    expect(Number(done.filledAvgPrice)).toBeCloseTo((4 * open32 + 6 * open33) / 10, 4);
  });

  it("rejectRate refuses valid orders with 403 or 422 and stores nothing", async () => {
    const { sim, large } = await startTestSim(atSeconds("09:31", 30), { faults: { rejectRate: 1 } });
    const err = await rejection(large.trading.orders.market({ symbol: "AAA", qty: 1, side: "buy", clientOrderId: "refused-1" }));
    expect([403, 422]).toContain(status(err));
    sim.setFaults({ rejectRate: 0 });
    expect(await large.trading.orders.getAllOrders({ status: "all" })).toEqual([]);
    // Nothing was stored, so the id is still free.
    await expect(large.trading.orders.market({ symbol: "AAA", qty: 1, side: "buy", clientOrderId: "refused-1" })).resolves.toBeDefined();
  });

  it("invalid knob values are refused and leave the faults unchanged", async () => {
    const { sim } = await startTestSim(atSeconds("09:31", 30));
    const bad = await fetch(`${sim.url}/sim/faults`, { method: "POST", headers: controlHeaders, body: JSON.stringify({ errorRate: 2 }) });
    expect(bad.status).toBe(422);
    expect(() => sim.setFaults({ partialFillFraction: 1 })).toThrow(RangeError);
    expect(sim.faults.errorRate).toBe(0);
  });
});

describe("FaultInjector", () => {
  it("draws the same decisions for the same seed, so faulty runs are reproducible", () => {
    const decisions = (seed: number): boolean[] => {
      const f = new FaultInjector({ errorRate: 0.5, seed });
      return Array.from({ length: 64 }, () => f.shouldError());
    };
    expect(decisions(7)).toEqual(decisions(7));
    expect(decisions(7)).not.toEqual(decisions(8));
    const hits = decisions(7).filter(Boolean).length;
    expect(hits).toBeGreaterThan(16);
    expect(hits).toBeLessThan(48);
  });

  it("never splits a single unit and always leaves something for a later fill", () => {
    const f = new FaultInjector({ partialFillRate: 1, partialFillFraction: 0.9 });
    expect(f.fillQty(1)).toBe(1);
    expect(f.fillQty(10)).toBe(9);
    expect(f.fillQty(2)).toBe(1);
  });
});

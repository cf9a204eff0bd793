// The broker's bad days, each ending in a recorded state that matches the broker: 429 and 5xx on the
// POST (with and without the order having been placed), partial fills, and a rejection for buying power
// spent between the account read and the POST. Never a second POST, never a fake fill.
import type { AccountId } from "@ops/trading";
import { describe, expect, it } from "vitest";
import { createDispatcherCycle, defaultDispatcherSettings } from "../src/index.js";
import { CALL_1DTE, at, count, startSim } from "./helpers/sim.js";
import type { Intercept, SimHarness } from "./helpers/sim.js";
import { captureLogs, cycleContext, insertRec, rows } from "./helpers/world.js";
import { useDispatcherDb } from "./helpers/dispatcher-db.js";

const db = useDispatcherDb({ enable: ["large-100k", "tiny-1k"] });

function dispatcher(h: SimHarness, account: AccountId = "large-100k", intercept?: Intercept) {
  const logs = captureLogs(account);
  const cycle = createDispatcherCycle({
    db, clock: h.clock, logger: logs.logger, broker: h.broker(account, intercept), account,
    // No entry timeout inside these short scenarios: they are about the broker's answers, not re-pricing.
    config: { ...defaultDispatcherSettings(account, `faults-${account}`), unresolvedGraceS: 60, entryTimeoutS: 3_600 },
  });
  return (now: Date) => cycle(cycleContext(now, logs.logger));
}

const later = (hhmm: string, seconds: number) => new Date(at(hhmm).getTime() + seconds * 1000);
const orderOf = async (recId: string) => {
  const found = await rows(db, "SELECT order_id::text AS order_id, status, last_error, qty, filled_qty, broker_order_id FROM orders WHERE rec_id = $1::bigint", [recId]);
  expect(found).toHaveLength(1);
  return found[0] as Record<string, unknown>;
};
const fillsOf = (orderId: unknown) => rows(db, "SELECT fill_id, qty FROM fills WHERE order_id = $1::bigint ORDER BY filled_at", [String(orderId)]);

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

/** Answers the first POST /v2/orders with `answer`, optionally after forwarding it to the simulator. */
function failFirstPost(answer: () => Response, forwardFirst: boolean): Intercept {
  let failed = false;
  return async (request, forward) => {
    if (request !== "POST /v2/orders" || failed) return forward();
    failed = true;
    if (forwardFirst) await forward();
    return answer();
  };
}

describe("dispatcher under broker faults", () => {
  it("a 429 on the POST places nothing: the row stays unresolved, is never re-posted, and ends rejected as not_at_broker", async () => {
    const h = await startSim();
    const run = dispatcher(h, "large-100k", failFirstPost(() => json(429, { code: 42910000, message: "rate limit exceeded" }), false));
    const recId = await insertRec(db, { createdAt: at("09:59:30") });

    expect(await run(at("10:00"))).toMatchObject({ unresolved: 1, ordered: 0 });
    expect(await orderOf(recId)).toMatchObject({ status: "unresolved", last_error: expect.stringMatching(/429/) });
    await run(later("10:00", 30));
    expect((await orderOf(recId)).status).toBe("unresolved");
    h.advanceTo("10:02");
    expect(await run(at("10:02"))).toMatchObject({ not_at_broker: 1 });

    expect(await orderOf(recId)).toMatchObject({ status: "rejected", last_error: "not_at_broker" });
    expect(count(h, "POST /v2/orders")).toBe(0);
    expect(h.sim.broker.orders("large-100k")).toHaveLength(0);
  });

  it("a 500 before the broker handled the POST ends rejected as not_at_broker without a second POST", async () => {
    const h = await startSim();
    const run = dispatcher(h, "large-100k", failFirstPost(() => json(500, { message: "internal error" }), false));
    const recId = await insertRec(db, { createdAt: at("09:59:30") });

    expect(await run(at("10:00"))).toMatchObject({ unresolved: 1 });
    expect((await orderOf(recId)).last_error).toMatch(/500/);
    h.advanceTo("10:02");
    await run(at("10:02"));

    expect(await orderOf(recId)).toMatchObject({ status: "rejected", last_error: "not_at_broker" });
    expect(h.sim.broker.orders("large-100k")).toHaveLength(0);
  });

  it("a 503 after the broker placed the order is adopted by client_order_id: exactly one order at the broker", async () => {
    const h = await startSim();
    const run = dispatcher(h, "large-100k", failFirstPost(() => json(503, { message: "upstream unavailable" }), true));
    const recId = await insertRec(db, { createdAt: at("09:59:30") });

    expect(await run(at("10:00"))).toMatchObject({ unresolved: 1 });
    await run(later("10:00", 20));

    const [atSim] = h.sim.broker.orders("large-100k");
    expect(await orderOf(recId)).toMatchObject({ status: "accepted", broker_order_id: atSim?.id });
    expect(count(h, "POST /v2/orders")).toBe(1);
    expect(h.sim.broker.orders("large-100k")).toHaveLength(1);
  });

  it("a partial fill is recorded as partially_filled with its own fill, then filled with one fill row per broker fill", async () => {
    const h = await startSim();
    const run = dispatcher(h);
    const recId = await insertRec(db, { createdAt: at("09:59:30") });
    await run(at("10:00"));
    const placed = await orderOf(recId);
    expect(Number(placed.qty)).toBeGreaterThanOrEqual(2);

    h.sim.setFaults({ partialFillRate: 1, partialFillFraction: 0.5 });
    h.options.setQuote(CALL_1DTE, { bid: 2.05, ask: 2.15 });
    h.advanceTo("10:02");
    await run(at("10:02"));
    const partial = await orderOf(recId);
    const firstFills = await fillsOf(partial.order_id);
    expect(partial.status).toBe("partially_filled");
    expect(Number(partial.filled_qty)).toBeGreaterThan(0);
    expect(Number(partial.filled_qty)).toBeLessThan(Number(partial.qty));
    expect(firstFills.reduce((s, f) => s + Number(f.qty), 0)).toBe(Number(partial.filled_qty));

    h.sim.setFaults({ partialFillRate: 0 });
    h.advanceTo("10:03");
    await run(at("10:03"));
    await run(later("10:03", 20));
    const done = await orderOf(recId);
    const allFills = await fillsOf(done.order_id);
    expect(done.status).toBe("filled");
    expect(allFills.reduce((s, f) => s + Number(f.qty), 0)).toBe(Number(done.qty));
    expect(new Set(allFills.map((f) => f.fill_id)).size).toBe(allFills.length);
    expect(allFills.length).toBe(h.sim.broker.fills("large-100k").length);
  });

  it("buying power spent between the account read and the POST ends rejected with the broker's reason", async () => {
    const h = await startSim();
    const elsewhere = h.broker("tiny-1k");
    // Another order takes $900 of the tiny account's $1,000 just before the dispatcher's POST lands.
    const run = dispatcher(h, "tiny-1k", async (request, forward) => {
      if (request === "POST /v2/orders") {
        await elsewhere.submitOrder({ clientOrderId: "elsewhere-1", symbol: "AAA", qty: 9, side: "buy", type: "limit", limitPrice: 100, timeInForce: "day" });
      }
      return forward();
    });
    const recId = await insertRec(db, { createdAt: at("09:59:30") });

    expect(await run(at("10:00"))).toMatchObject({ rejected: 1, ordered: 0 });
    const row = await orderOf(recId);
    expect(row.status).toBe("rejected");
    expect(String(row.last_error)).toMatch(/^403: .*buying power/i);
    await run(later("10:00", 30));
    expect((await orderOf(recId)).status).toBe("rejected");
    expect(h.sim.broker.orders("tiny-1k").map((o) => o.clientOrderId)).toEqual(["elsewhere-1"]);
    expect(await rows(db, "SELECT * FROM fills")).toEqual([]);
  });
});

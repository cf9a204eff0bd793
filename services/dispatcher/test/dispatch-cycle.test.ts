// The dispatcher cycle on PGlite against the real simulator over HTTP: rec → gates → one limit order
// with the deterministic client_order_id → fill recorded; the broker's other outcomes; denials stored.
import { deterministicClientOrderId } from "@ops/broker-alpaca";
import { GATE_NAMES } from "@ops/trading";
import { describe, expect, it } from "vitest";
import { createDispatcherCycle, defaultDispatcherSettings } from "../src/index.js";
import type { DispatcherSettings } from "../src/index.js";
import { CALL_1DTE, at, count, startSim } from "./helpers/sim.js";
import type { SimHarness } from "./helpers/sim.js";
import { captureLogs, cycleContext, insertRec, rows } from "./helpers/world.js";
import { useDispatcherDb } from "./helpers/dispatcher-db.js";

// Each test starts with no recs in flight and trading enabled for both accounts.
const db = useDispatcherDb({ enable: ["large-100k", "tiny-1k"] });

function dispatcher(h: SimHarness, account: "large-100k" | "tiny-1k" = "large-100k", settings: Partial<DispatcherSettings> = {}) {
  const logs = captureLogs(account);
  const config = { ...defaultDispatcherSettings(account, `test-${account}`), ...settings };
  const cycle = createDispatcherCycle({ db, clock: h.clock, logger: logs.logger, broker: h.broker(account), account, config });
  return { logs, run: (now: Date) => cycle(cycleContext(now, logs.logger)) };
}

const ordersOf = (recId: string) => rows(db, "SELECT * FROM orders WHERE rec_id = $1::bigint", [recId]);
const dispatchOf = (recId: string, account = "large-100k") =>
  rows(db, "SELECT * FROM recommendation_dispatches WHERE rec_id = $1::bigint AND account_id = $2", [recId, account]);
const gatesOf = (recId: string) => rows(db, "SELECT * FROM risk_gate_evaluations WHERE rec_id = $1::bigint ORDER BY id", [recId]);

describe("dispatcher cycle", () => {
  it("turns a fresh recommendation into one limit order at the mid with the deterministic client order id, then records its fill", async () => {
    const h = await startSim();
    const d = dispatcher(h);
    const recId = await insertRec(db, { createdAt: at("09:59:30") });

    const first = await d.run(at("10:00"));
    const [order] = await ordersOf(recId);
    const clientOrderId = deterministicClientOrderId({ recId, account: "large-100k", purpose: "entry", attempt: 1 });
    expect(first).toMatchObject({ claimed: 1, ordered: 1, skipped: 0 });
    expect(order).toMatchObject({ client_order_id: clientOrderId, symbol: CALL_1DTE, side: "buy", position_intent: "buy_to_open", order_type: "limit", status: "accepted" });
    expect(Number(order?.limit_price)).toBe(2.15);
    expect(Number(order?.qty)).toBeGreaterThan(0);
    const atSim = h.sim.broker.orders("large-100k");
    expect(atSim.map((o) => o.clientOrderId)).toEqual([clientOrderId]);
    expect((await dispatchOf(recId))[0]).toMatchObject({ status: "ordered", claimed_by: "test-large-100k" });
    const gates = await gatesOf(recId);
    expect(gates.map((g) => g.gate)).toEqual([...GATE_NAMES]);
    expect(gates.every((g) => g.passed === true)).toBe(true);

    h.options.setQuote(CALL_1DTE, { bid: 2.05, ask: 2.15 });
    h.advanceTo("10:02");
    const second = await d.run(at("10:02"));
    const [filled] = await ordersOf(recId);
    const fills = await rows(db, "SELECT * FROM fills WHERE order_id = $1::bigint", [String(filled?.order_id)]);
    expect(second).toMatchObject({ settle_updated: 1, claimed: 0 });
    expect(filled?.status).toBe("filled");
    expect(fills.reduce((s, f) => s + Number(f.qty), 0)).toBe(Number(filled?.qty));
    expect(count(h, "POST /v2/orders")).toBe(1);
  });

  it("an unresolved POST is settled by client order id on the next cycle without a second order", async () => {
    const h = await startSim();
    const d = dispatcher(h);
    const recId = await insertRec(db, { createdAt: at("09:59:30") });
    h.sim.setFaults({ timeoutAfterAcceptRate: 1 });
    const first = await d.run(at("10:00"));
    expect(first).toMatchObject({ unresolved: 1, ordered: 0 });
    expect((await ordersOf(recId))[0]?.status).toBe("unresolved");

    h.sim.setFaults({ timeoutAfterAcceptRate: 0 });
    const second = await d.run(at("10:01"));
    expect(second.settle_updated).toBe(1);
    expect((await ordersOf(recId))[0]?.status).toBe("accepted");
    expect(h.sim.broker.orders("large-100k")).toHaveLength(1);
    expect(count(h, "POST /v2/orders")).toBe(1);
  });

  it("a broker rejection is recorded on the order and the recommendation is not tried again", async () => {
    const h = await startSim();
    const d = dispatcher(h);
    const recId = await insertRec(db, { createdAt: at("09:59:30") });
    h.sim.setFaults({ rejectRate: 1 });
    const first = await d.run(at("10:00"));
    h.sim.setFaults({ rejectRate: 0 });
    await d.run(at("10:01"));

    expect(first.rejected).toBe(1);
    expect((await ordersOf(recId)).map((o) => o.status)).toEqual(["rejected"]);
    expect(count(h, "POST /v2/orders")).toBe(1);
    expect(h.sim.broker.orders("large-100k")).toHaveLength(0);
  });

  it("stores every gate result of a denied recommendation and skips it with the deny code, never a fake fill", async () => {
    const h = await startSim();
    const d = dispatcher(h);
    await db.query(`UPDATE risk_state SET trading_enabled = false, halted_reason = 'operator pause' WHERE account_id = 'large-100k'`);
    const recId = await insertRec(db, { createdAt: at("09:59:30") });
    const stockRec = await insertRec(db, { action: "BUY_STOCK", createdAt: at("09:59:40") });

    const counts = await d.run(at("10:00"));
    expect(counts).toMatchObject({ claimed: 2, skipped: 2, ordered: 0 });
    expect((await dispatchOf(recId))[0]).toMatchObject({ status: "skipped", skip_code: "TRADING_DISABLED" });
    const gates = await gatesOf(stockRec);
    expect(gates).toHaveLength(GATE_NAMES.length);
    expect(gates.filter((g) => g.passed === false).map((g) => g.code).sort()).toEqual(["ACTION_NOT_ALLOWED", "TRADING_DISABLED"]);
    expect(await rows(db, "SELECT * FROM orders")).toHaveLength(0);
    expect(count(h, "POST /v2/orders")).toBe(0);
    expect(d.logs.events()).toContain("gate.denied");
  });

  it("only claims recommendations that can still pass the freshness gate", async () => {
    const h = await startSim();
    const d = dispatcher(h);
    const stale = await insertRec(db, { createdAt: at("09:50"), confidence: 0.99 });
    const fresh = await insertRec(db, { createdAt: at("09:59:30") });
    const counts = await d.run(at("10:00"));
    expect(counts.claimed).toBe(1);
    expect(await dispatchOf(stale)).toHaveLength(0);
    expect((await dispatchOf(fresh))[0]?.status).toBe("ordered");
  });

  it("a second recommendation for the same underlying and type in one cycle is denied as a duplicate of the order just placed", async () => {
    const h = await startSim();
    const d = dispatcher(h);
    const first = await insertRec(db, { createdAt: at("09:59:30"), confidence: 0.9 });
    const second = await insertRec(db, { createdAt: at("09:59:40"), confidence: 0.8, strategy: "gap_fade" });
    const counts = await d.run(at("10:00"));
    expect(counts).toMatchObject({ ordered: 1, skipped: 1 });
    expect((await dispatchOf(first))[0]?.status).toBe("ordered");
    expect((await dispatchOf(second))[0]).toMatchObject({ status: "skipped", skip_code: "DUPLICATE_POSITION" });
  });

  it("a contract too expensive for the tiny account is a skip with the sizing code", async () => {
    const h = await startSim();
    h.options.setQuote(CALL_1DTE, { bid: 12, ask: 12.2 });
    const d = dispatcher(h, "tiny-1k");
    const recId = await insertRec(db, { createdAt: at("09:59:30") });
    const counts = await d.run(at("10:00"));
    expect(counts).toMatchObject({ skipped: 1, ordered: 0 });
    expect((await dispatchOf(recId, "tiny-1k"))[0]).toMatchObject({ status: "skipped", skip_code: "NO_BUYING_POWER" });
    expect(count(h, "POST /v2/orders")).toBe(0);
  });

  it("an illiquid chain is a skip with the selection code (seed 27)", async () => {
    const h = await startSim();
    h.options.setQuote(CALL_1DTE, { bid: 1.8, ask: 2.2 });
    const d = dispatcher(h);
    const recId = await insertRec(db, { createdAt: at("09:59:30") });
    await d.run(at("10:00"));
    expect((await dispatchOf(recId))[0]).toMatchObject({ status: "skipped", skip_code: "NO_LIQUID_CONTRACT" });
  });

  it("a stock recommendation on an account that allows stock becomes a share limit order without position intent", async () => {
    const h = await startSim();
    const d = dispatcher(h, "tiny-1k");
    const recId = await insertRec(db, { action: "BUY_STOCK", createdAt: at("09:59:30") });
    const counts = await d.run(at("10:00"));
    expect(counts.ordered).toBe(1);
    const [order] = await ordersOf(recId);
    expect(order).toMatchObject({ symbol: "AAA", underlying: "AAA", instrument_type: "STOCK", side: "buy", position_intent: null, order_type: "limit" });
    expect(Number(order?.qty) * Number(order?.limit_price)).toBeLessThanOrEqual(1_000);
    expect(h.sim.broker.orders("tiny-1k").map((o) => o.symbol)).toEqual(["AAA"]);
  });

  it("records the day's implied volatility of the underlying once", async () => {
    const h = await startSim();
    const d = dispatcher(h);
    await insertRec(db, { createdAt: at("09:59:30") });
    await d.run(at("10:00"));
    await insertRec(db, { createdAt: at("10:00:30"), action: "BUY_PUT" });
    await d.run(at("10:01"));
    const iv = await rows(db, "SELECT symbol, observed_on::text AS day FROM iv_history");
    expect(iv).toEqual([{ symbol: "AAA", day: "2024-03-05" }]);
  });

  it("refuses to be built with another account's broker", async () => {
    const h = await startSim();
    expect(() =>
      createDispatcherCycle({ db, clock: h.clock, logger: captureLogs("tiny-1k").logger, broker: h.broker("large-100k"), account: "tiny-1k", config: defaultDispatcherSettings("tiny-1k") }),
    ).toThrow(/large-100k/);
  });
});

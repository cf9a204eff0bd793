// How the dispatcher reads option chains: listed contracts from /v2/options/contracts with explicit
// expiration bounds (the endpoint otherwise defaults to the current week) joined to snapshots; every
// chain's IV stored so the history accumulates; IV rank from that history decides.
import type { OptionContract, OptionSnapshot } from "@ops/broker-alpaca";
import { addCalendarDays } from "@ops/core";
import { describe, expect, it } from "vitest";
import { createDispatcherCycle, defaultDispatcherSettings } from "../src/index.js";
import { listedSnapshots } from "../src/listed-chain.js";
import { CALL_1DTE, DAY, at, startSim } from "./helpers/sim.js";
import type { SimHarness } from "./helpers/sim.js";
import { captureLogs, cycleContext, insertRec, rows } from "./helpers/world.js";
import { useDispatcherDb } from "./helpers/dispatcher-db.js";

const db = useDispatcherDb({ enable: ["large-100k"] });

function dispatcher(h: SimHarness) {
  const logs = captureLogs("large-100k");
  const cycle = createDispatcherCycle({
    db, clock: h.clock, logger: logs.logger, broker: h.broker("large-100k"), account: "large-100k",
    config: defaultDispatcherSettings("large-100k", "chain-test"),
  });
  return (now: Date) => cycle(cycleContext(now, logs.logger));
}

/** 30 earlier trading-day observations of AAA's IV, evenly from lo to hi. */
async function seedIvHistory(lo: number, hi: number): Promise<void> {
  for (let i = 1; i <= 30; i++) {
    const iv = lo + ((hi - lo) * (i - 1)) / 29;
    await db.query("INSERT INTO iv_history (symbol, observed_on, implied_volatility, source) VALUES ('AAA', $1::date, $2, 'test')", [addCalendarDays(DAY, -i), iv]);
  }
}

const dispatchOf = async (recId: string) => (await rows(db, "SELECT status, skip_code FROM recommendation_dispatches WHERE rec_id = $1::bigint", [recId]))[0];

describe("option chains in the dispatcher", () => {
  it("asks /v2/options/contracts for the strategy's expiry window explicitly (day trade: today to tomorrow)", async () => {
    const h = await startSim();
    await insertRec(db, { createdAt: at("09:59:30") });
    await dispatcher(h)(at("10:00"));
    const contractsCall = h.urls.map((u) => new URL(u)).find((u) => u.pathname === "/v2/options/contracts");
    expect(contractsCall?.searchParams.get("expiration_date_gte")).toBe(DAY);
    expect(contractsCall?.searchParams.get("expiration_date_lte")).toBe(addCalendarDays(DAY, 1));
    expect(contractsCall?.searchParams.get("underlying_symbols")).toBe("AAA");
    expect(contractsCall?.searchParams.get("type")).toBe("call");
  });

  it("skips with IV_RANK_TOO_HIGH when today's IV is at the top of a year of stored history", async () => {
    const h = await startSim();
    await seedIvHistory(0.1, 0.2);
    const recId = await insertRec(db, { createdAt: at("09:59:30") });
    await dispatcher(h)(at("10:00"));
    expect(await dispatchOf(recId)).toEqual({ status: "skipped", skip_code: "IV_RANK_TOO_HIGH" });
    expect(h.sim.broker.orders("large-100k")).toHaveLength(0);
  });

  it("orders when the IV rank is moderate, records the rank on the order, and adds today's IV to the history", async () => {
    const h = await startSim();
    await seedIvHistory(0.2, 0.5);
    const recId = await insertRec(db, { createdAt: at("09:59:30") });
    await dispatcher(h)(at("10:00"));
    expect((await dispatchOf(recId))?.status).toBe("ordered");
    const [order] = await rows(db, "SELECT symbol, (raw->'request'->>'iv_rank')::float8 AS iv_rank FROM orders WHERE rec_id = $1::bigint", [recId]);
    expect(order?.symbol).toBe(CALL_1DTE);
    // The simulator quotes calls at IV 0.31: (0.31 − 0.20) / (0.50 − 0.20).
    expect(Number(order?.iv_rank)).toBeCloseTo((0.31 - 0.2) / 0.3, 3);
    const history = await rows(db, "SELECT observed_on::text AS day, implied_volatility FROM iv_history WHERE symbol = 'AAA' ORDER BY observed_on DESC");
    expect(history).toHaveLength(31);
    expect(history[0]).toEqual({ day: DAY, implied_volatility: 0.31 });
  });
});

describe("listedSnapshots", () => {
  const contract = (symbol: string, over: Partial<OptionContract> = {}): OptionContract => ({
    symbol, underlying: "AAA", instrumentType: "CALL", strike: 100, expiration: "2024-03-06", multiplier: 100,
    style: "american", status: "active", tradable: true, openInterest: 10, closePrice: 2, ...over,
  });
  const snapshot = (symbol: string): OptionSnapshot => ({
    symbol, underlying: "AAA", instrumentType: "CALL", strike: 100, expiration: "2024-03-06", quote: undefined,
    lastTradePrice: undefined, greeks: undefined, impliedVolatility: 0.3, dailyVolume: 1_000, prevDailyClose: undefined,
  } as OptionSnapshot);

  it("keeps only snapshots of listed, active, tradable standard contracts", () => {
    const contracts = [contract("A1"), contract("A2", { tradable: false }), contract("A3", { status: "inactive" }), contract("A4", { multiplier: 10 })];
    const kept = listedSnapshots(contracts, ["A1", "A2", "A3", "A4", "UNLISTED"].map(snapshot));
    expect(kept.map((s) => s.symbol)).toEqual(["A1"]);
  });
});

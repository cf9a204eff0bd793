// Issue 8: the volatility_regime gate reads the configured source's stored bars once per cycle. A blocked
// regime denies the entry (no POST); no usable reading passes, flagged, and the stored row says why.
import type { Queryable } from "@ops/core";
import type { VolatilitySource } from "@ops/trading";
import { describe, expect, it } from "vitest";
import { createDispatcherCycle, defaultDispatcherSettings } from "../src/index.js";
import { at, count, startSim } from "./helpers/sim.js";
import type { SimHarness } from "./helpers/sim.js";
import { captureLogs, cycleContext, insertRec, rows } from "./helpers/world.js";
import { useDispatcherDb } from "./helpers/dispatcher-db.js";

const db = useDispatcherDb({ alsoClear: ["DELETE FROM bars WHERE symbol <> 'AAA'"], enable: ["large-100k"] });

const SETTINGS = { levels: { complacentBelow: 15, normalBelow: 20, elevatedBelow: 30, highBelow: 40 }, maxAgeSeconds: 300, realizedWindow: 4 };

function dispatcher(h: SimHarness, source: VolatilitySource) {
  const logs = captureLogs("large-100k");
  const config = { ...defaultDispatcherSettings("large-100k", "test-vol"), volatility: { source, settings: SETTINGS } };
  const cycle = createDispatcherCycle({ db, clock: h.clock, logger: logs.logger, broker: h.broker("large-100k"), account: "large-100k", config });
  return { run: (now: Date) => cycle(cycleContext(now, logs.logger)), logs };
}

/** One bar per minute before `until`, with these closes, oldest first. */
async function seedCloses(q: Queryable, symbol: string, until: Date, closes: readonly number[]): Promise<void> {
  for (const [i, close] of closes.entries()) {
    const ts = new Date(until.getTime() - (closes.length - i) * 60_000);
    await q.query(
      `INSERT INTO bars (symbol, ts, open, high, low, close, volume) VALUES ($1, $2, $3, $3, $3, $3, 1000)
       ON CONFLICT (symbol, ts) DO UPDATE SET close = EXCLUDED.close`,
      [symbol, ts.toISOString(), close],
    );
  }
}

const dispatchOf = async (recId: string) =>
  (await rows(db, "SELECT status, skip_code FROM recommendation_dispatches WHERE rec_id = $1::bigint AND account_id = 'large-100k'", [recId]))[0];
const volatilityRow = async (recId: string) =>
  (await rows(db, "SELECT passed, code, detail FROM risk_gate_evaluations WHERE rec_id = $1::bigint AND gate = 'volatility_regime'", [recId]))[0];

describe("dispatcher volatility gate", () => {
  it("an extreme close-source reading denies every entry of the cycle, stores regime, level and threshold, and logs once", async () => {
    const h = await startSim();
    await seedCloses(db, "VIXY", at("10:00"), [38, 41, 45]);
    const { run, logs } = dispatcher(h, { kind: "close", symbol: "VIXY" });
    const first = await insertRec(db, { createdAt: at("09:59:30") });
    const second = await insertRec(db, { action: "BUY_PUT", createdAt: at("09:59:40") });

    expect(await run(at("10:00"))).toMatchObject({ claimed: 2, skipped: 2, ordered: 0 });
    expect(count(h, "POST /v2/orders")).toBe(0);
    for (const recId of [first, second]) {
      expect(await dispatchOf(recId)).toEqual({ status: "skipped", skip_code: "VOLATILITY_REGIME" });
      expect(await volatilityRow(recId)).toMatchObject({
        passed: false,
        code: "VOLATILITY_REGIME",
        detail: { value: "extreme", threshold: "extreme", reading: { source: "close:VIXY", regime: "extreme", level: 45, as_of: at("09:59").toISOString() } },
      });
    }
    expect(logs.lines.filter((l) => l.event === "volatility.regime")).toEqual([
      expect.objectContaining({ regime: "extreme", previous: null, level: 45, source: "close:VIXY" }),
    ]);
  });

  it("a realized reading from the source's own minute returns blocks when extreme and lets entries through when calm", async () => {
    const h = await startSim();
    // Log returns ±0.002 around 0 over 4 returns: stdev 0.002·√(4/3), × √98280 × 100 ≈ 72.4 → extreme.
    const wild = [100, 100 * Math.exp(0.002), 100, 100 * Math.exp(0.002), 100];
    await seedCloses(db, "SPY", at("10:00"), wild);
    const { run, logs } = dispatcher(h, { kind: "realized", symbol: "SPY" });
    const denied = await insertRec(db, { createdAt: at("09:59:30") });
    await run(at("10:00"));
    expect(await dispatchOf(denied)).toEqual({ status: "skipped", skip_code: "VOLATILITY_REGIME" });
    const level = ((await volatilityRow(denied))?.detail as { reading: { level: number } }).reading.level;
    expect(level).toBeCloseTo(0.002 * Math.sqrt(4 / 3) * Math.sqrt(98_280) * 100, 3);

    // The same minutes corrected to flat closes: the four returns are 0, the regime drops to complacent.
    await seedCloses(db, "SPY", at("10:00"), [100, 100, 100, 100, 100]);
    const allowed = await insertRec(db, { action: "BUY_PUT", createdAt: at("09:59:50") });
    await run(at("10:00:20"));
    expect(await dispatchOf(allowed)).toEqual({ status: "ordered", skip_code: null });
    expect(await volatilityRow(allowed)).toMatchObject({
      passed: true, detail: { value: "complacent", threshold: "extreme", reading: { source: "realized:SPY", regime: "complacent", level: 0 } },
    });
    expect(logs.lines.filter((l) => l.event === "volatility.regime").map((l) => [l.previous, l.regime])).toEqual([
      [null, "extreme"],
      ["extreme", "complacent"],
    ]);
  });

  it("a stale source passes flagged no_reading, says why in the stored row and warns once per cycle", async () => {
    const h = await startSim();
    // Extreme, but ten minutes old with a 300 s limit: no reading, and no data means pass (the seed's default).
    await seedCloses(db, "VIXY", at("09:50"), [45]);
    const { run, logs } = dispatcher(h, { kind: "close", symbol: "VIXY" });
    // The stronger rec is decided first; the second one (same symbol) then meets the cooldown, not the gate.
    const recId = await insertRec(db, { confidence: 0.9, createdAt: at("09:59:30") });
    await insertRec(db, { action: "BUY_PUT", createdAt: at("09:59:40") });
    expect(await run(at("10:00"))).toMatchObject({ claimed: 2 });
    expect(await dispatchOf(recId)).toEqual({ status: "ordered", skip_code: null });
    expect(await volatilityRow(recId)).toMatchObject({
      passed: true,
      code: null,
      detail: { value: null, threshold: "extreme", flag: "no_reading", reading: { source: "close:VIXY", reason: "stale", newest_bar_ts: at("09:49").toISOString() } },
    });
    const warnings = logs.lines.filter((l) => l.event === "volatility.no_reading");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: "warn", reason: "stale" });
  });

  it("a source without any bar passes flagged no_reading (reason no_bars)", async () => {
    const h = await startSim();
    const recId = await insertRec(db, { createdAt: at("09:59:30") });
    await dispatcher(h, { kind: "close", symbol: "VIXY" }).run(at("10:00"));
    expect(await volatilityRow(recId)).toMatchObject({ passed: true, detail: { flag: "no_reading", reading: { reason: "no_bars" } } });
  });

  it("without a configured source the gate passes flagged not_supplied and reads no bars", async () => {
    const h = await startSim();
    await seedCloses(db, "VIXY", at("10:00"), [45]);
    const recId = await insertRec(db, { createdAt: at("09:59:30") });
    const { run, logs } = dispatcher(h, { kind: "none" });
    await run(at("10:00"));
    expect(await dispatchOf(recId)).toEqual({ status: "ordered", skip_code: null });
    const row = await volatilityRow(recId);
    expect(row).toMatchObject({ passed: true, detail: { value: null, flag: "not_supplied" } });
    expect(row?.detail).not.toHaveProperty("reading");
    expect(logs.events().filter((e) => typeof e === "string" && e.startsWith("volatility."))).toEqual([]);
  });
});

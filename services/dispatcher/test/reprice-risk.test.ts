// A re-price of a timed-out entry is a new buy POST, so it passes the account's gates again; and an
// account that leaves ACTIVE (an operator's halt or reduce, or the position manager's protections) has
// its resting buy entries cancelled at once, not at their timeout — it must not keep collecting fills.
import { describe, expect, it } from "vitest";
import { createDispatcherCycle, defaultDispatcherSettings } from "../src/index.js";
import { CALL_1DTE, at, count, startSim } from "./helpers/sim.js";
import type { SimHarness } from "./helpers/sim.js";
import { captureLogs, cycleContext, insertRec, rows } from "./helpers/world.js";
import { useDispatcherDb } from "./helpers/dispatcher-db.js";

const db = useDispatcherDb({ alsoClear: ["DELETE FROM risk_locks"], enable: ["large-100k"] });

function dispatcher(h: SimHarness) {
  const logs = captureLogs("large-100k");
  const cycle = createDispatcherCycle({
    db, clock: h.clock, logger: logs.logger, broker: h.broker("large-100k"), account: "large-100k",
    config: { ...defaultDispatcherSettings("large-100k", "reprice-risk"), entryTimeoutS: 60, entryRepriceSteps: 2, entryRepriceStep: 0.5 },
  });
  return {
    logs,
    run: (hhmm: string) => {
      h.advanceTo(hhmm);
      return cycle(cycleContext(at(hhmm), logs.logger));
    },
  };
}

/** One option buy limit resting at the mid (10.20) of a 10.00 × 10.40 quote, which the simulator does not fill. */
async function restingEntry(h: SimHarness): Promise<{ d: ReturnType<typeof dispatcher>; recId: string }> {
  h.options.setQuote(CALL_1DTE, { bid: 10.0, ask: 10.4 });
  const d = dispatcher(h);
  const recId = await insertRec(db, { createdAt: at("09:59:30") });
  expect(await d.run("10:00")).toMatchObject({ ordered: 1 });
  return { d, recId };
}

const statuses = async (recId: string) =>
  (await rows(db, "SELECT status FROM orders WHERE rec_id = $1::bigint ORDER BY attempt", [recId])).map((r) => r.status);

describe("re-pricing and resting entries follow the account's risk state", () => {
  it.each([
    ["HALTED", `UPDATE risk_state SET trading_enabled = false, halted_reason = 'daily loss', updated_by = 'test' WHERE account_id = 'large-100k'`],
    ["REDUCING", `UPDATE risk_state SET mode = 'REDUCING', mode_reason = 'daily loss', updated_by = 'test' WHERE account_id = 'large-100k'`],
  ])("%s: the resting buy is cancelled on the next cycle, before its timeout, and never re-priced", async (_mode, sql) => {
    const h = await startSim();
    const { d, recId } = await restingEntry(h);
    await db.query(sql);

    const counts = await d.run("10:00:30");
    expect(counts).toMatchObject({ entry_canceled_risk_mode: 1, entry_canceled: 1, repriced: 0 });
    expect(await statuses(recId)).toEqual(["canceled"]);
    await d.run("10:02");
    await d.run("10:04");
    expect(count(h, "POST /v2/orders")).toBe(1);
    expect(d.logs.events()).toContain("entry.canceled_risk_mode");
  });

  it("ACTIVE but the underlying locked since the first attempt: the timed-out entry is cancelled and the re-price refused", async () => {
    const h = await startSim();
    const { d, recId } = await restingEntry(h);
    await db.query(
      `INSERT INTO risk_locks (account_id, symbol, reason, locked_at, locked_until, created_by) VALUES ('large-100k', 'AAA', 'losing_exit', $1, $2, 'test')`,
      [at("10:00:10").toISOString(), at("10:30").toISOString()],
    );
    const counts = await d.run("10:01:30");
    expect(counts).toMatchObject({ entry_timeouts: 1, entry_canceled: 1, repriced: 0, reprice_denied: 1, entry_canceled_risk_mode: 0 });
    expect(await statuses(recId)).toEqual(["canceled"]);
    expect(count(h, "POST /v2/orders")).toBe(1);
    const denied = d.logs.lines.find((l) => l.event === "entry.reprice_denied");
    expect(denied?.codes).toEqual(["SYMBOL_LOCKED"]);
  });

  it("ACTIVE with nothing changed: the timed-out entry is re-priced as before", async () => {
    const h = await startSim();
    const { d, recId } = await restingEntry(h);
    expect(await d.run("10:01:30")).toMatchObject({ entry_canceled: 1, repriced: 1, reprice_denied: 0 });
    expect(await statuses(recId)).toEqual(["canceled", "accepted"]);
    expect(count(h, "POST /v2/orders")).toBe(2);
  });
});

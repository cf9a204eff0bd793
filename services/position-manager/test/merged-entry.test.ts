// When the broker holds more of an instrument than our row (a merged second entry after a race, or a
// buy placed outside the pipeline), the row follows the broker's quantity AND its cost basis, so the
// exit's P&L is computed on what both lots cost, not on the first lot's price alone.
import { describe, expect, it } from "vitest";
import { AAA_CALL, at, eventTypes, historyRow, positionRows, startHarness } from "./helpers/harness.js";

describe("position manager: more held at the broker than in our row", () => {
  it("moves the row to the broker's combined quantity and average price, and books the exit on both", async () => {
    const h = await startHarness();
    await h.enter({ symbol: AAA_CALL, underlying: "AAA", instrumentType: "CALL", qty: 1, limitPrice: 2.05 });
    await h.cycle(at("10:02"));
    h.options.setMid(AAA_CALL, at("10:03"), 3.0);
    h.advanceTo(at("10:03:30"));
    // One more contract bought directly at the broker (not through our orders table).
    const outside = await h.broker.submitOrder({ clientOrderId: "outside-buy-1", symbol: AAA_CALL, qty: 1, side: "buy", type: "limit", limitPrice: 3.1, timeInForce: "day" });
    expect(outside, JSON.stringify(outside)).toMatchObject({ kind: "accepted" });
    await h.cycle(at("10:05"));

    const [merged] = await positionRows(h.db);
    const held = h.sim.broker.positions("large-100k", h.clock.now()).find((p) => p.symbol === AAA_CALL);
    expect(Number(merged?.qty)).toBe(2);
    expect(Number(merged?.avg_entry_price)).toBeCloseTo(Number(held?.avgEntryPrice), 6);
    // Both lots: 2.05 and the 3.05 ask the simulator filled the outside buy at.
    expect(Number(merged?.avg_entry_price)).toBeCloseTo((2.05 + 3.05) / 2, 6);
    expect(await eventTypes(h.db, merged?.position_id)).toContain("qty_synced");

    h.options.setMid(AAA_CALL, at("10:06"), 0.5); // far below the −60 % stop on 2.55
    await h.cycle(at("10:06:30"));
    await h.cycle(at("10:07:30"));
    const [closed] = await positionRows(h.db);
    expect(closed).toMatchObject({ status: "closed", close_reason: "option_stop_loss" });
    const history = await historyRow(h.db, closed?.position_id);
    expect(Number(history?.qty)).toBe(2);
    expect(Number(history?.pnl_usd)).toBeCloseTo((Number(history?.exit_price) - 2.55) * 2 * 100, 6);
  });
});

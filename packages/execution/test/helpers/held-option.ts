// Buys AAA calls through the execution module and waits for the fill, so the simulator really holds
// them; then writes the positions row the position manager would write.
import type { Db } from "@ops/core";
import type { AccountId } from "@ops/trading";
import { expect } from "vitest";
import { settleOpenOrders, submitEntryOrder } from "../../src/index.js";
import type { ExecutionDeps } from "../../src/index.js";
import { insertPosition, insertRec } from "./rows.js";
import { AAA_CALL, at } from "./sim.js";
import type { SimHarness } from "./sim.js";

export async function holdCalls(db: Db, h: SimHarness, deps: ExecutionDeps, account: AccountId, qty: number): Promise<string> {
  const recId = await insertRec(db, "AAA", "BUY_CALL", at("09:59"));
  const entry = await submitEntryOrder(deps, {
    account, recId, symbol: AAA_CALL, underlying: "AAA", instrumentType: "CALL", qty, limitPrice: 2.15, now: at("10:00"),
  });
  expect(entry.kind).toBe("accepted");
  h.options.setQuote(AAA_CALL, 2.05, 2.15);
  h.advanceTo("10:02");
  await settleOpenOrders(deps, account, at("10:02"), { purpose: "entry" });
  // Tests share one database: an earlier test's row for the same contract is retired first.
  await db.query(
    `UPDATE positions SET status = 'closed', closed_at = opened_at, close_reason = 'manual' WHERE account_id = $1 AND symbol = $2 AND status <> 'closed'`,
    [account, AAA_CALL],
  );
  return insertPosition(db, { account, symbol: AAA_CALL, underlying: "AAA", instrumentType: "CALL", qty, avgEntryPrice: 2.15, openedAt: at("10:01") });
}

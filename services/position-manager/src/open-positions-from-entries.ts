// Filled entry orders become positions, priced from their fills (seed 50) and carrying the
// recommendation's strategy and features (seed 48: the seed's sync never matched its own account ids).
import { positionFromEntry } from "./position-from-entry.js";
import { insertEvents, insertPositions, selectFilledEntriesWithoutPosition, selectLivePositions } from "./queries.js";
import type { EventRow, FilledEntry, NewPosition } from "./queries.js";
import type { StepContext } from "./step-context.js";

export interface OpenFromEntriesCounts {
  readonly positions_opened: number;
  readonly entries_merged: number;
  readonly entries_deferred: number;
  readonly entries_invalid: number;
}

/**
 * At most one live row per (account, instrument) (seed 29). An entry for an instrument that already
 * has an OPEN row is recorded on that row as 'entry_merged' (the broker holds one combined position,
 * and reconciliation makes the row's qty follow it). An entry for an instrument whose row is CLOSING
 * waits until that close resolves, then opens its own row.
 */
export async function openPositionsFromEntries(step: StepContext): Promise<OpenFromEntriesCounts> {
  const { db, account, now, log } = step;
  const entries = await selectFilledEntriesWithoutPosition(db, account, now);
  if (entries.length === 0) return { positions_opened: 0, entries_merged: 0, entries_deferred: 0, entries_invalid: 0 };

  const liveBySymbol = new Map((await selectLivePositions(db, account)).map((p) => [p.symbol, p]));
  const toInsert: { entry: FilledEntry; position: NewPosition }[] = [];
  const merges: EventRow[] = [];
  let deferred = 0;
  let invalid = 0;
  for (const entry of entries) {
    const built = positionFromEntry(entry);
    if (!built.ok) {
      invalid += 1;
      log.error(
        { event: "entry.invalid", symbol: entry.symbol, rec_id: entry.recId, order_id: entry.orderId, reason: built.problem },
        "filled entry order cannot become a position; skipped",
      );
      continue;
    }
    const existing = liveBySymbol.get(entry.symbol);
    if (existing === undefined) {
      toInsert.push({ entry, position: built.position });
    } else if (existing.status === "open") {
      merges.push({
        positionId: existing.positionId,
        eventType: "entry_merged",
        detail: { entry_order_id: entry.orderId, rec_id: entry.recId, qty: entry.qtyText, avg_price: entry.avgPriceText },
      });
    } else {
      deferred += 1;
    }
  }

  const inserted = await db.transaction(async (tx) => {
    const rows = await insertPositions(tx, account, toInsert.map((t) => t.position), now);
    const byOrder = new Map(toInsert.map((t) => [t.entry.orderId, t.entry]));
    const opened: EventRow[] = rows.map((row) => {
      const entry = row.entryOrderId === null ? undefined : byOrder.get(row.entryOrderId);
      return {
        positionId: row.positionId,
        eventType: "opened",
        detail: { entry_order_id: row.entryOrderId, rec_id: entry?.recId ?? null, qty: entry?.qtyText, avg_price: entry?.avgPriceText, source: "entry_fills" },
      };
    });
    await insertEvents(tx, account, [...opened, ...merges], now);
    return rows;
  });

  for (const row of inserted) {
    const entry = row.entryOrderId === null ? undefined : toInsert.find((t) => t.entry.orderId === row.entryOrderId)?.entry;
    log.info(
      { event: "position.opened", symbol: row.symbol, position_id: row.positionId, rec_id: entry?.recId ?? null, entry_order_id: row.entryOrderId, qty: entry?.qtyText, avg_price: entry?.avgPriceText },
      "position opened from entry fills",
    );
  }
  for (const merge of merges) {
    log.warn({ event: "position.entry_merged", position_id: merge.positionId, ...merge.detail }, "second entry for a held instrument merged into the open position");
  }
  // A row skipped by ON CONFLICT (two entries for one instrument in one batch) is merged next cycle.
  return { positions_opened: inserted.length, entries_merged: merges.length, entries_deferred: deferred, entries_invalid: invalid };
}

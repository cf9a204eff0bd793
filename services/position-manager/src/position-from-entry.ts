// Pure: a filled entry order → the position it opened. Option fields come from the OCC symbol itself,
// so the row can only describe the contract that was actually bought (seed 21, 36).
import { OccSymbolError, parseOccSymbol, tryParseOccSymbol } from "@ops/core";
import type { FilledEntry, NewPosition } from "./queries.js";

export type PositionFromEntry = { readonly ok: true; readonly position: NewPosition } | { readonly ok: false; readonly problem: string };

export function positionFromEntry(entry: FilledEntry): PositionFromEntry {
  const qty = Number(entry.qtyText);
  const price = Number(entry.avgPriceText);
  if (!(Number.isFinite(qty) && qty > 0)) return fail(`filled qty ${entry.qtyText} is not positive`);
  if (!(Number.isFinite(price) && price > 0)) return fail(`average fill price ${entry.avgPriceText} is not positive`);
  const base = {
    symbol: entry.symbol,
    qtyText: entry.qtyText,
    avgEntryPriceText: entry.avgPriceText,
    entryOrderId: entry.orderId,
    recId: entry.recId,
    strategyType: entry.strategyType,
    openedAt: entry.firstFillAt,
    entryFeatures: entry.featuresSnapshot,
  };
  if (entry.instrumentType === "STOCK") {
    if (tryParseOccSymbol(entry.symbol) !== undefined) return fail(`stock entry carries option symbol ${entry.symbol}`);
    if (entry.symbol !== entry.underlying) return fail(`stock entry symbol ${entry.symbol} differs from underlying ${entry.underlying}`);
    return {
      ok: true,
      position: { ...base, underlying: entry.underlying, instrumentType: "STOCK", optionExpiry: null, optionStrike: null, optionRight: null, multiplier: 1 },
    };
  }
  let occ;
  try {
    occ = parseOccSymbol(entry.symbol);
  } catch (error) {
    return fail(error instanceof OccSymbolError ? error.message : `unparseable option symbol ${entry.symbol}`);
  }
  if (occ.underlying !== entry.underlying) return fail(`option ${entry.symbol} is not on underlying ${entry.underlying}`);
  if ((occ.right === "call") !== (entry.instrumentType === "CALL")) return fail(`option ${entry.symbol} is a ${occ.right}, order says ${entry.instrumentType}`);
  if (!Number.isInteger(qty)) return fail(`option entry filled a fractional ${entry.qtyText} contracts`);
  return {
    ok: true,
    position: {
      ...base,
      underlying: occ.underlying,
      instrumentType: entry.instrumentType,
      optionExpiry: occ.expiration,
      optionStrike: occ.strike,
      optionRight: occ.right,
      multiplier: 100,
    },
  };
}

function fail(problem: string): PositionFromEntry {
  return { ok: false, problem };
}

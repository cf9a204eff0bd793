import type { Bar } from "@ops/trading";
import { hashString } from "../market-data/seeded-random.js";
import { rfc3339 } from "./query-params.js";

const MINUTE_MS = 60_000;
/** IEX, the free feed the pipeline asks for. */
const EXCHANGE = "V";
const TAPE = "C";

/** A quote and a trade implied by the last complete bar (the fixtures hold bars only). */
export function stockTradeJson(bar: Bar): Record<string, unknown> {
  const at = new Date(bar.ts.getTime() + MINUTE_MS - 1_000);
  return {
    t: rfc3339(at),
    x: EXCHANGE,
    p: bar.close,
    s: 100,
    c: ["@"],
    i: hashString(`${bar.symbol}|${bar.ts.getTime()}`),
    z: TAPE,
  };
}

export function stockQuoteJson(bar: Bar): Record<string, unknown> {
  // About a 2 bp spread, at least one cent each side of the close.
  const cents = Math.round(bar.close * 100);
  const halfTicks = Math.max(1, Math.round(bar.close * 0.01));
  const at = new Date(bar.ts.getTime() + MINUTE_MS - 500);
  return {
    t: rfc3339(at),
    ax: EXCHANGE,
    ap: (cents + halfTicks) / 100,
    as: 3,
    bx: EXCHANGE,
    bp: (cents - halfTicks) / 100,
    bs: 3,
    c: ["R"],
    z: TAPE,
  };
}

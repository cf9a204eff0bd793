// Bars of one page, parsed one by one: a malformed bar is reported and skipped so the rest of the page
// is still stored (telemetry counts and logs each one). The page envelope itself must be readable.
import type { Bar } from "@ops/trading";
import type { MalformedBar } from "./broker.js";
import { BrokerContractError } from "./errors.js";
import { parseStockBar } from "./parse.js";

export interface ParsedBarsPage {
  readonly bars: Bar[];
  readonly malformed: MalformedBar[];
  readonly nextPageToken: string | undefined;
}

/** `{ bars: { SYM: [ {t,o,h,l,c,v}, ... ] }, next_page_token }` → bars plus the ones that failed. */
export function parseBarsPageLenient(body: unknown): ParsedBarsPage {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new BrokerContractError("stock bars response is not a JSON object");
  }
  const envelope = body as { bars?: unknown; next_page_token?: unknown };
  const token = envelope.next_page_token;
  if (token !== undefined && token !== null && typeof token !== "string") {
    throw new BrokerContractError(`stock bars next_page_token is not a string: ${JSON.stringify(token)}`);
  }
  const barsBySymbol = envelope.bars ?? {};
  if (barsBySymbol === null || typeof barsBySymbol !== "object" || Array.isArray(barsBySymbol)) {
    throw new BrokerContractError("stock bars response has no bars object");
  }
  const bars: Bar[] = [];
  const malformed: MalformedBar[] = [];
  for (const [symbol, list] of Object.entries(barsBySymbol as Record<string, unknown>)) {
    if (list === null) continue;
    if (!Array.isArray(list)) {
      malformed.push({ symbol, reason: `bars of ${symbol} are not a list` });
      continue;
    }
    for (const raw of list as unknown[]) {
      try {
        if (raw === null || typeof raw !== "object") throw new BrokerContractError(`bar ${symbol} is not an object`);
        bars.push(parseStockBar(symbol, raw as Parameters<typeof parseStockBar>[1]));
      } catch (error) {
        malformed.push({ symbol, reason: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  return { bars, malformed, nextPageToken: typeof token === "string" && token !== "" ? token : undefined };
}

// Adapter over @ops/core's OCC parser: the broker speaks the domain's CALL/PUT (vocabulary.ts), core
// speaks Alpaca's call/put.
import { tryParseOccSymbol } from "@ops/core";

export interface OptionInstrument {
  readonly underlying: string;
  /** "YYYY-MM-DD". */
  readonly expiration: string;
  readonly instrumentType: "CALL" | "PUT";
  readonly strike: number;
}

/** The option behind an OCC symbol, or undefined for an equity ticker (or anything malformed). */
export function optionInstrument(symbol: string): OptionInstrument | undefined {
  const contract = tryParseOccSymbol(symbol);
  if (!contract) return undefined;
  return {
    underlying: contract.underlying,
    expiration: contract.expiration,
    instrumentType: contract.right === "call" ? "CALL" : "PUT",
    strike: contract.strike,
  };
}

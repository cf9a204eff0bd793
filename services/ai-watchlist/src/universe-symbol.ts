/** The universe table's CHECK: an upper-case ticker, optionally with a class suffix (BRK.B). */
export const UNIVERSE_SYMBOL_PATTERN = /^[A-Z][A-Z0-9.]{0,9}$/;

export function isUniverseSymbol(symbol: string): boolean {
  return UNIVERSE_SYMBOL_PATTERN.test(symbol);
}

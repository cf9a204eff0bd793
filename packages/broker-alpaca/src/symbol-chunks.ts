/**
 * Splits symbols into groups whose comma-joined, URL-encoded list fits `maxSymbolChars`, keeping order
 * and dropping duplicates. A multi-symbol GET carries the list in its query string and hosts refuse
 * URLs past a few kilobytes (HTTP 414), so a chunk is sized by encoded length, not by count.
 */
export function chunkSymbolsForUrl(symbols: readonly string[], maxSymbolChars: number): string[][] {
  if (!(maxSymbolChars >= 1)) throw new RangeError(`maxSymbolChars must be >= 1, got ${maxSymbolChars}`);
  const separator = encodeURIComponent(",").length;
  const chunks: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const symbol of new Set(symbols)) {
    const size = encodeURIComponent(symbol).length;
    if (current.length > 0 && length + separator + size > maxSymbolChars) {
      chunks.push(current);
      current = [];
      length = 0;
    }
    length += (current.length > 0 ? separator : 0) + size;
    current.push(symbol);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * Alpaca sends money and quantities as decimal strings ("100000", "646.72"). Rounds to `decimals`
 * and drops trailing zeros; never exponent notation.
 */
export function formatDecimal(value: number, decimals = 2): string {
  const fixed = roundTo(value, decimals).toFixed(decimals);
  const trimmed = fixed.includes(".") ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed;
  return trimmed === "-0" ? "0" : trimmed;
}

export function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round((value + Number.EPSILON * Math.sign(value)) * f) / f;
}

export function roundCents(value: number): number {
  return roundTo(value, 2);
}

/** True when `value` is a whole multiple of `increment` (within float noise). */
export function isMultipleOf(value: number, increment: number): boolean {
  const ratio = value / increment;
  return Math.abs(ratio - Math.round(ratio)) < 1e-6;
}

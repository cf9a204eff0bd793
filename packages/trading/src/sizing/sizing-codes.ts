/** Why an order was sized to zero. Zero is a skip with a reason, never a simulated fill (seed 26). */
export const SIZING_SKIP_CODES = [
  "INVALID_PRICE",
  "NO_BUYING_POWER",
  "EXPOSURE_LIMIT_REACHED",
  "RISK_BUDGET_TOO_SMALL",
  "INVALID_STOP",
  "INVALID_RISK_PCT",
] as const;
export type SizingSkipCode = (typeof SIZING_SKIP_CODES)[number];

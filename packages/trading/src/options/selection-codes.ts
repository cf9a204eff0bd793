/** Why no contract was chosen; stored as the skip reason (seed 26/27: never a fallback fill). */
export const SELECTION_SKIP_CODES = [
  "INVALID_UNDERLYING_PRICE",
  "NO_CHAIN",
  "NO_CONTRACT_IN_WINDOW",
  "NO_LIQUID_CONTRACT",
  "NO_QUALITY_CONTRACT",
  "IV_RANK_TOO_HIGH",
] as const;
export type SelectionSkipCode = (typeof SELECTION_SKIP_CODES)[number];

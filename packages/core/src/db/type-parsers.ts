// Both backends return the same JS types: int8 → number when it is a safe integer (else the exact
// decimal string), numeric → string (money stays exact; callers convert), timestamptz → Date.

export const PG_TYPE_INT8 = 20;
export const PG_TYPE_INT8_ARRAY = 1016;
export const PG_TYPE_NUMERIC = 1700;
export const PG_TYPE_TIMESTAMPTZ = 1184;

export function parseInt8(text: string): number | string {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : text;
}

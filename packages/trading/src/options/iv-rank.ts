/** Stored implied-volatility observations of the underlying over the lookback (252 trading days). */
export interface IvHistory {
  readonly observations: number;
  readonly min: number;
  readonly max: number;
}

export const IV_RANK_MIN_OBSERVATIONS = 30;
export const IV_RANK_MAX = 0.8;

/** (iv − min) / (max − min), clamped to [0, 1]; null when there is not enough history to judge. */
export function ivRank(iv: number | null, history: IvHistory | null | undefined): number | null {
  if (iv === null || !(iv > 0) || history == null || history.observations < IV_RANK_MIN_OBSERVATIONS) return null;
  const range = history.max - history.min;
  if (!(range > 0)) return iv > history.max ? 1 : 0;
  return Math.min(1, Math.max(0, (iv - history.min) / range));
}

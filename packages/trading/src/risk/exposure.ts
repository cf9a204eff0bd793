import type { AccountPosition } from "./gate-input.js";

/** Capital committed to one position: qty × entry price × multiplier (×100 for options, seed 45). */
export function positionExposureUsd(position: Pick<AccountPosition, "qty" | "entryPrice" | "multiplier">): number {
  return Math.abs(position.qty * position.entryPrice * position.multiplier);
}

/** Positions still carrying risk: open, and closing ones whose close has not been confirmed. */
export function liveAccountPositions<P extends Pick<AccountPosition, "status">>(positions: readonly P[]): P[] {
  return positions.filter((p) => p.status === "open" || p.status === "closing");
}

export function accountExposureUsd(positions: readonly AccountPosition[]): number {
  return liveAccountPositions(positions).reduce((sum, p) => sum + positionExposureUsd(p), 0);
}

import { ACTIONS, STRATEGY_TYPES } from "../domain/vocabulary.js";
import type { Action, InstrumentType, StrategyType } from "../domain/vocabulary.js";
import { liveAccountPositions } from "./exposure.js";
import type { GateInput } from "./gate-input.js";

const INSTRUMENT_OF: Readonly<Record<Action, InstrumentType>> = {
  BUY_STOCK: "STOCK",
  SELL_STOCK: "STOCK",
  BUY_CALL: "CALL",
  BUY_PUT: "PUT",
};

export function asAction(value: string): Action | undefined {
  return ACTIONS.find((a) => a === value);
}

export function asStrategyType(value: string): StrategyType | undefined {
  return STRATEGY_TYPES.find((s) => s === value);
}

export function instrumentForAction(action: Action): InstrumentType {
  return INSTRUMENT_OF[action];
}

export function hasLongStock(input: GateInput): boolean {
  return liveAccountPositions(input.account.positions).some(
    (p) => p.instrumentType === "STOCK" && p.side === "long" && p.underlying === input.rec.symbol && p.qty > 0,
  );
}

/**
 * A SELL_STOCK against a held long only shrinks risk, so position-count, exposure and duplicate
 * limits must not block it (they exist to stop new risk).
 */
export function isRiskReducing(input: GateInput): boolean {
  return input.rec.action === "SELL_STOCK" && hasLongStock(input);
}

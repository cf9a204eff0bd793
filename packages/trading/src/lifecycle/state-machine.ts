/** A transition table: one entry per allowed (state, event) pair; every other pair is illegal. */
export type TransitionTable<S extends string, E extends string> = Readonly<Record<S, Readonly<Partial<Record<E, S>>>>>;

export class IllegalTransitionError extends Error {
  override readonly name = "IllegalTransitionError";
  constructor(
    readonly machine: string,
    readonly state: string,
    readonly event: string,
  ) {
    super(`${machine}: event "${event}" is not allowed in state "${state}"`);
  }
}

export interface StateMachine<S extends string, E extends string> {
  readonly name: string;
  readonly states: readonly S[];
  readonly events: readonly E[];
  readonly table: TransitionTable<S, E>;
  /** The next state, or throws IllegalTransitionError. */
  transition(state: S, event: E): S;
  /** The next state, or undefined for an illegal pair (for callers that branch instead of failing). */
  next(state: S, event: E): S | undefined;
  isTerminal(state: S): boolean;
}

export function defineStateMachine<S extends string, E extends string>(
  name: string,
  states: readonly S[],
  events: readonly E[],
  table: TransitionTable<S, E>,
): StateMachine<S, E> {
  const next = (state: S, event: E): S | undefined =>
    Object.hasOwn(table, state) && Object.hasOwn(table[state], event) ? table[state][event] : undefined;
  return {
    name,
    states,
    events,
    table,
    next,
    transition(state, event) {
      const to = next(state, event);
      if (to === undefined) throw new IllegalTransitionError(name, state, event);
      return to;
    },
    isTerminal(state) {
      return Object.keys(table[state] ?? {}).length === 0;
    },
  };
}

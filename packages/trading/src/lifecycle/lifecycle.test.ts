import { describe, expect, it } from "vitest";
import { DISPATCH_LIFECYCLE } from "./dispatch-lifecycle.js";
import { ORDER_LIFECYCLE } from "./order-lifecycle.js";
import { POSITION_LIFECYCLE } from "./position-lifecycle.js";
import { IllegalTransitionError } from "./state-machine.js";
import type { StateMachine } from "./state-machine.js";

// The allowed pairs, written out independently of the tables under test: any drift between the two
// fails below, in one direction or the other.
const EXPECTED: Record<string, readonly (readonly [string, string, string])[]> = {
  position: [
    ["open", "close_requested", "closing"],
    ["open", "broker_position_gone", "closed"],
    ["closing", "close_filled", "closed"],
    ["closing", "close_failed", "open"],
    ["closing", "close_canceled", "open"],
    ["closing", "broker_position_gone", "closed"],
  ],
  order: [
    ["pending_submit", "accepted", "accepted"],
    ["pending_submit", "rejected", "rejected"],
    ["pending_submit", "submit_unknown", "unresolved"],
    ["unresolved", "accepted", "accepted"],
    ["unresolved", "rejected", "rejected"],
    ["accepted", "partial_fill", "partially_filled"],
    ["accepted", "fill", "filled"],
    ["accepted", "canceled", "canceled"],
    ["accepted", "expired", "expired"],
    ["accepted", "rejected", "rejected"],
    ["partially_filled", "partial_fill", "partially_filled"],
    ["partially_filled", "fill", "filled"],
    ["partially_filled", "canceled", "canceled"],
    ["partially_filled", "expired", "expired"],
  ],
  dispatch: [
    ["claimed", "skip", "skipped"],
    ["claimed", "order_submitted", "ordered"],
    ["claimed", "error", "failed"],
  ],
};

const MACHINES: readonly StateMachine<string, string>[] = [POSITION_LIFECYCLE, ORDER_LIFECYCLE, DISPATCH_LIFECYCLE];

describe.each(MACHINES.map((m) => [m.name, m] as const))("%s lifecycle", (name, machine) => {
  const allowed = new Map((EXPECTED[name] ?? []).map(([s, e, to]) => [`${s}|${e}`, to]));
  const pairs = machine.states.flatMap((state) => machine.events.map((event) => [state, event] as const));

  it("walks every (state, event) pair: allowed pairs move to the expected state, every other pair throws", () => {
    for (const [state, event] of pairs) {
      const expected = allowed.get(`${state}|${event}`);
      if (expected === undefined) {
        expect(() => machine.transition(state, event), `${state} + ${event}`).toThrow(IllegalTransitionError);
        expect(machine.next(state, event)).toBeUndefined();
      } else {
        expect(machine.transition(state, event), `${state} + ${event}`).toBe(expected);
      }
    }
    expect(pairs.filter(([s, e]) => allowed.has(`${s}|${e}`))).toHaveLength(allowed.size);
  });

  it("has no way out of a terminal state and reaches every state from the first", () => {
    const [initial] = machine.states;
    const seen = new Set<string>(initial === undefined ? [] : [initial]);
    const queue = [...seen];
    for (let state = queue.shift(); state !== undefined; state = queue.shift()) {
      for (const event of machine.events) {
        const to = machine.next(state, event);
        if (to !== undefined && !seen.has(to)) {
          seen.add(to);
          queue.push(to);
        }
      }
    }
    expect([...seen].sort()).toEqual([...machine.states].sort());
    for (const state of machine.states.filter((s) => machine.isTerminal(s))) {
      for (const event of machine.events) expect(machine.next(state, event)).toBeUndefined();
    }
  });
});

describe("position lifecycle invariants", () => {
  it("a failed close returns to open only through closing (seed 30: never a blind flip to closed)", () => {
    expect(POSITION_LIFECYCLE.transition("closing", "close_failed")).toBe("open");
    expect(() => POSITION_LIFECYCLE.transition("open", "close_filled")).toThrow(IllegalTransitionError);
  });

  it("a closed position never reopens (seed 49: a late sell fill re-created an open phantom)", () => {
    for (const event of POSITION_LIFECYCLE.events) {
      expect(() => POSITION_LIFECYCLE.transition("closed", event)).toThrow(IllegalTransitionError);
    }
  });

  it("the error names the machine, state and event", () => {
    expect(() => ORDER_LIFECYCLE.transition("filled", "canceled")).toThrow('order: event "canceled" is not allowed in state "filled"');
  });
});

describe("order lifecycle invariants", () => {
  it("an unresolved submit is settled by lookup, never filled without first being found", () => {
    expect(ORDER_LIFECYCLE.next("unresolved", "fill")).toBeUndefined();
    expect(ORDER_LIFECYCLE.next("unresolved", "submit_unknown")).toBeUndefined();
  });
});

import fc from "fast-check";
import { ACCOUNT_IDS, ORDER_PURPOSES } from "@ops/trading";
import { describe, expect, it } from "vitest";
import { CLIENT_ORDER_ID_MAX_LENGTH, deterministicClientOrderId } from "../src/index.js";

const refArb = fc.oneof(
  fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }),
  fc.uuid(),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,80}$/),
);
const inputArb = fc.record({
  ref: refArb,
  byPosition: fc.boolean(),
  account: fc.constantFrom(...ACCOUNT_IDS),
  purpose: fc.constantFrom(...ORDER_PURPOSES),
  attempt: fc.integer({ min: 1, max: 999 }),
});
type Input = typeof inputArb extends fc.Arbitrary<infer T> ? T : never;
const build = (i: Input) =>
  i.byPosition
    ? deterministicClientOrderId({ positionId: i.ref, account: i.account, purpose: i.purpose, attempt: i.attempt })
    : deterministicClientOrderId({ recId: i.ref, account: i.account, purpose: i.purpose, attempt: i.attempt });

describe("deterministicClientOrderId", () => {
  it("gives the same id for the same inputs, every time", () => {
    fc.assert(fc.property(inputArb, (input) => build(input) === build({ ...input })));
  });

  it("never exceeds the length limit and uses only URL-safe characters", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const id = build(input);
        return id.length <= CLIENT_ORDER_ID_MAX_LENGTH && /^[A-Za-z0-9_-]+$/.test(id);
      }),
    );
  });

  it("gives different ids when any input differs", () => {
    fc.assert(
      fc.property(inputArb, inputArb, (a, b) => {
        const same = String(a.ref) === String(b.ref) && a.byPosition === b.byPosition && a.account === b.account && a.purpose === b.purpose && a.attempt === b.attempt;
        return same || build(a) !== build(b);
      }),
    );
  });

  it("keeps short ids readable: purpose, rec, account and attempt are visible", () => {
    const id = deterministicClientOrderId({ recId: 1234, account: "large-100k", purpose: "entry", attempt: 1 });
    expect(id).toContain("1234");
    expect(id).toContain("large-100k");
    expect(id.endsWith("a1")).toBe(true);
    const exit = deterministicClientOrderId({ positionId: 77, account: "tiny-1k", purpose: "exit", attempt: 2 });
    expect(exit).toContain("77");
    expect(exit).toContain("tiny-1k");
    expect(exit).not.toBe(id);
  });

  it("distinguishes a rec id from a position id with the same number", () => {
    const common = { account: "tiny-1k", purpose: "entry", attempt: 1 } as const;
    expect(deterministicClientOrderId({ recId: 5, ...common })).not.toBe(deterministicClientOrderId({ positionId: 5, ...common }));
  });

  it("rejects ambiguous or malformed input", () => {
    const base = { account: "large-100k", purpose: "entry", attempt: 1 } as const;
    expect(() => deterministicClientOrderId({ ...base } as never)).toThrow(/exactly one/);
    expect(() => deterministicClientOrderId({ recId: 1, positionId: 2, ...base } as never)).toThrow(/exactly one/);
    expect(() => deterministicClientOrderId({ recId: "a b", ...base })).toThrow(RangeError);
    expect(() => deterministicClientOrderId({ recId: 1, ...base, attempt: 0 })).toThrow(/attempt/);
    expect(() => deterministicClientOrderId({ recId: 1, ...base, attempt: 1.5 })).toThrow(/attempt/);
    expect(() => deterministicClientOrderId({ recId: 1, ...base, account: "large" as never })).toThrow(/account/);
  });
});

// The chain the selector may choose from: snapshots (quotes, greeks) of contracts the broker LISTS as
// active and tradable in the window (GET /v2/options/contracts with explicit expiration bounds — the
// endpoint defaults to the current week). A snapshot of an unlisted or untradable contract is dropped, so
// an order is never sent for a contract the broker would refuse.
import type { OptionContract, OptionSnapshot } from "@ops/broker-alpaca";

export function listedSnapshots(contracts: readonly OptionContract[], snapshots: readonly OptionSnapshot[]): OptionSnapshot[] {
  const tradable = new Set(contracts.filter((c) => c.tradable && c.status === "active" && c.multiplier === 100).map((c) => c.symbol));
  return snapshots.filter((s) => tradable.has(s.symbol));
}

import type { AccountId } from "../domain/vocabulary.js";
import type { AccountState } from "./gate-input.js";

/** One real (broker-accepted) entry, any account. */
export interface EntryRecord {
  readonly accountId: AccountId;
  readonly underlying: string;
  readonly enteredAt: Date;
}

/**
 * The per-symbol counters the daily-limit and cooldown gates read, counted for ONE account: the seed
 * counted every account's executions, so one account's trade used up the other's limit (seed 46).
 */
export function symbolEntryFacts(
  entries: readonly EntryRecord[],
  accountId: AccountId,
  symbol: string,
  dayStart: Date,
  now: Date,
): Pick<AccountState, "tradesTodayForSymbol" | "lastEntryAtForSymbol"> {
  const mine = entries.filter(
    (e) => e.accountId === accountId && e.underlying === symbol && e.enteredAt.getTime() <= now.getTime(),
  );
  const today = mine.filter((e) => e.enteredAt.getTime() >= dayStart.getTime());
  const newest = mine.reduce<number | null>((max, e) => (max === null || e.enteredAt.getTime() > max ? e.enteredAt.getTime() : max), null);
  return { tradesTodayForSymbol: today.length, lastEntryAtForSymbol: newest === null ? null : new Date(newest) };
}

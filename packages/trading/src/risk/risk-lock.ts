import type { AccountId } from "../domain/vocabulary.js";

/** A risk_locks row: blocks entries for the whole account (symbol null) or one underlying until `lockedUntil`. */
export interface RiskLock {
  readonly accountId: AccountId;
  readonly symbol: string | null;
  readonly reason: string;
  readonly lockedAt: Date;
  readonly lockedUntil: Date;
}

/** Active in [lockedAt, lockedUntil): a lock from the future or an expired one blocks nothing. */
export function isLockActive(lock: RiskLock, now: Date): boolean {
  const t = now.getTime();
  return t >= lock.lockedAt.getTime() && t < lock.lockedUntil.getTime();
}

/** This account's locks that block entries at `now`; other accounts' locks never apply (seed 46). */
export function activeLocksFor(locks: readonly RiskLock[], accountId: AccountId, now: Date): RiskLock[] {
  return locks.filter((l) => l.accountId === accountId && isLockActive(l, now));
}

/**
 * Ops lifts a lock by ending it now, never by deleting it: the row stays as history, and because the
 * protections dedupe on (account, symbol, reason, lockedAt) a lifted lock is not re-created from the
 * same trades. Mirrors scripts/ops unlock (`GREATEST(now, locked_at + 1 ms)`).
 */
export function liftLock(lock: RiskLock, now: Date): RiskLock {
  const end = Math.max(now.getTime(), lock.lockedAt.getTime() + 1);
  return end >= lock.lockedUntil.getTime() ? lock : { ...lock, lockedUntil: new Date(end) };
}

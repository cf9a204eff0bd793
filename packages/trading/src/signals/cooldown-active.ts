/**
 * True while a recommendation written at `lastRecAt` still blocks a new one for the same symbol:
 * i.e. it is less than `minutes` old at `now`. A timestamp from the future (clock skew) also blocks.
 */
export function cooldownActive(lastRecAt: Date | null, now: Date, minutes: number): boolean {
  if (lastRecAt === null) return false;
  const t = lastRecAt.getTime();
  // An unreadable time cannot prove the cooldown is over.
  if (Number.isNaN(t)) return true;
  return t > now.getTime() - minutes * 60_000;
}

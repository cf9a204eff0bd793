/** Clock skew we tolerate before a timestamp "from the future" is treated as broken input. */
export const MAX_FUTURE_SKEW_SECONDS = 60;

export function ageSeconds(now: Date, ts: Date): number {
  return (now.getTime() - ts.getTime()) / 1000;
}

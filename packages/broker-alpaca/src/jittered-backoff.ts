/**
 * Wait before retry number `attempt` (0 = first retry): base × 2^attempt capped at maxMs, of which a
 * random half is taken away ("equal jitter"), so clients that failed together do not retry together
 * yet each still waits at least half the step.
 */
export function jitteredBackoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const step = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(0, attempt), 30));
  return Math.round(step / 2 + (step / 2) * random());
}

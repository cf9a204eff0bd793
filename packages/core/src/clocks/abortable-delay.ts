// setTimeout cannot wait longer than 2^31-1 ms; longer waits are chained.
const MAX_TIMEOUT_MS = 2_147_483_647;

/** Resolves after ms of real time, or early (without throwing) when the signal aborts. */
export function abortableDelay(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted || !(ms > 0)) return Promise.resolve();
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout;
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const step = (remaining: number) => {
      timer = setTimeout(() => {
        const left = remaining - MAX_TIMEOUT_MS;
        if (left > 0) step(left);
        else done();
      }, Math.min(remaining, MAX_TIMEOUT_MS));
    };
    signal?.addEventListener("abort", done, { once: true });
    step(ms);
  });
}

import type { Logger } from "pino";

const SHUTDOWN_SIGNALS = ["SIGTERM", "SIGINT"] as const;

export interface ShutdownSignal {
  signal: AbortSignal;
  /** Removes the process handlers (if any were installed). */
  dispose(): void;
}

/**
 * The caller's signal if given; otherwise one that aborts on SIGTERM/SIGINT. Installing the handlers
 * replaces Node's default "exit now", so the running cycle can finish first.
 */
export function shutdownSignal(external: AbortSignal | undefined, logger?: Logger): ShutdownSignal {
  if (external) return { signal: external, dispose: () => undefined };
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      logger?.warn({ event: "shutdown.repeated", signal: name }, "shutdown already in progress");
      return;
    }
    logger?.info({ event: "shutdown.requested", signal: name }, "shutdown requested; finishing the current cycle");
    controller.abort();
  };
  for (const name of SHUTDOWN_SIGNALS) process.on(name, onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const name of SHUTDOWN_SIGNALS) process.off(name, onSignal);
    },
  };
}

import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { Clock } from "../clock.js";
import { abortableDelay } from "../clocks/abortable-delay.js";
import type { RunMode } from "../config/base-service-schema.js";
import type { Db } from "../db/types.js";
import { LeaseLostError, isFatalError, toError } from "../errors.js";
import { redactString } from "../log/redact.js";
import { serializeError } from "../log/serialize-error.js";
import { backoffDelayMs, defaultMaxBackoffMs } from "./backoff.js";
import { cycleMetrics } from "./cycle-metrics.js";
import { recordCycleFinish, recordCycleStart, type HeartbeatIdentity } from "./heartbeat.js";
import { acquireLease, leaseTtlMs, releaseLease, renewLease, type LeaseRequest } from "./lease.js";
import { shutdownSignal } from "./shutdown-signal.js";

export type LoopIdentity = HeartbeatIdentity;

export type CycleCounts = Record<string, number>;

export interface CycleContext {
  /** Clock time at the start of the cycle (market time under a replay clock). */
  now: Date;
  cycleId: string;
  /** Child logger carrying cycle_id. */
  logger: Logger;
  /** Aborts on shutdown; a long cycle may check it to finish early, but need not. */
  signal: AbortSignal;
}

export interface RunLoopOptions {
  name: string;
  mode: RunMode;
  /** Cycle start to cycle start, in clock time. */
  intervalMs: number;
  clock: Clock;
  logger: Logger;
  db: Db;
  identity: LoopIdentity;
  /** Hold the (service, account) lease while running; a second instance waits. */
  lease?: boolean;
  /** Stop request. When omitted, SIGTERM/SIGINT handlers are installed for the loop's lifetime. */
  signal?: AbortSignal;
  runCycle: (context: CycleContext) => Promise<CycleCounts | void>;
  /** Cap of the back-off after failed cycles (clock time); default max(interval, 5 min). */
  maxBackoffMs?: number;
  /** How often a waiting instance retries the lease (real time); default min(5 s, ttl / 3). */
  leasePollMs?: number;
  /** Lease time to live (database time); default max(30 s, 3 × interval). */
  leaseTtlMs?: number;
}

/** 0: stopped cleanly (or the ONCE cycle succeeded); 1: the ONCE cycle failed, a fatal error, or the lease was lost. */
export type LoopExitCode = 0 | 1;

interface CycleOutcome {
  ok: boolean;
  fatal: boolean;
}

/**
 * The one loop every service runs (see freqtrade's worker): heartbeat, lease, try/catch around each
 * cycle, back-off, graceful stop. A cycle's error never ends the loop (seed failure 4) unless it is
 * fatal (FatalError, ConfigError), which returns 1 so the process exits and is restarted. On a stop
 * request the running cycle finishes, the lease is released, and runLoop resolves; the caller then
 * closes the db and exits with the returned code.
 */
export async function runLoop(options: RunLoopOptions): Promise<LoopExitCode> {
  const { clock, db, identity, mode, name } = options;
  if (!(options.intervalMs > 0) || !Number.isFinite(options.intervalMs)) {
    throw new RangeError(`runLoop(${name}): intervalMs must be a positive number`);
  }
  const intervalMs = options.intervalMs;
  const logger = options.logger;
  const maxBackoffMs = options.maxBackoffMs ?? defaultMaxBackoffMs(intervalMs);
  const ttlMs = options.leaseTtlMs ?? leaseTtlMs(intervalMs);
  const leasePollMs = options.leasePollMs ?? Math.min(5_000, Math.ceil(ttlMs / 3));
  const leaseRequest: LeaseRequest = {
    service: identity.service,
    account: identity.account,
    holder: identity.instance,
    ttlMs,
  };
  const shutdown = shutdownSignal(options.signal, logger);
  const signal = shutdown.signal;
  let holdsLease = false;
  let firstBeat = true;

  const heartbeat = async (write: () => Promise<void>): Promise<void> => {
    try {
      await write();
    } catch (error) {
      logger.warn({ event: "heartbeat.failed", loop: name, error: serializeError(error) }, "heartbeat write failed");
    }
  };

  // Clocks differ on abort: ours resolve, others (e.g. the simulator's) reject with the abort reason.
  const sleepUntil = async (until: number): Promise<void> => {
    try {
      await clock.sleepUntil(new Date(until), signal);
    } catch (error) {
      if (signal.aborted) return;
      logger.warn({ event: "clock.sleep_failed", loop: name, error: serializeError(error) }, "clock sleep failed; waiting one second");
      await abortableDelay(1_000, signal);
    }
  };

  const waitForLease = async (): Promise<boolean> => {
    let polls = 0;
    let lastHolder: string | null | undefined;
    while (!signal.aborted) {
      try {
        const state = await acquireLease(db, leaseRequest);
        if (state.acquired) {
          logger.info({ event: "lease.acquired", loop: name, expires_at: state.expiresAt }, "lease acquired");
          return true;
        }
        // Log when the holder changes, and now and then while it does not.
        if (state.holder !== lastHolder || polls % 60 === 0) {
          logger.info(
            { event: "lease.waiting", loop: name, holder: state.holder, expires_at: state.expiresAt },
            "another instance holds the lease; waiting",
          );
          lastHolder = state.holder;
        }
      } catch (error) {
        logger.warn({ event: "lease.error", loop: name, error: serializeError(error) }, "could not take the lease; retrying");
      }
      polls += 1;
      await abortableDelay(leasePollMs, signal);
    }
    return false;
  };

  const runOneCycle = async (): Promise<CycleOutcome> => {
    const cycleId = randomUUID();
    const cycleLogger = logger.child({ cycle_id: cycleId });
    const now = clock.now();
    const first = firstBeat;
    firstBeat = false;
    await heartbeat(() => recordCycleStart(db, identity, first));
    const startedAt = performance.now();
    // A cycle may outlast the lease (a long backfill): it is renewed on a real-time timer meanwhile, and a
    // lost lease aborts the cycle's signal so the other instance is not doubled for longer than one step.
    const cycleAbort = new AbortController();
    const forwardShutdown = (): void => cycleAbort.abort(signal.reason);
    signal.addEventListener("abort", forwardShutdown, { once: true });
    const renewing = options.lease ? renewDuringCycle(cycleAbort) : undefined;
    try {
      const returned = await options.runCycle({ now, cycleId, logger: cycleLogger, signal: cycleAbort.signal });
      const counts = cleanCounts(returned);
      const durationMs = Math.round(performance.now() - startedAt);
      const metrics = cycleMetrics({ service: identity.service, account: identity.account, at: new Date(), durationMs, failed: false, counts });
      cycleLogger.info({ event: "cycle.done", loop: name, counts, duration_ms: durationMs, ...metrics }, "cycle done");
      await heartbeat(() => recordCycleFinish(db, identity, { counts, error: null }));
      return { ok: true, fatal: false };
    } catch (thrown) {
      const error = toError(thrown);
      const fatal = isFatalError(error);
      const durationMs = Math.round(performance.now() - startedAt);
      try {
        cycleLogger.error(
          {
            event: "cycle.failed", loop: name, fatal, duration_ms: durationMs, error: serializeError(error),
            ...cycleMetrics({ service: identity.service, account: identity.account, at: new Date(), durationMs, failed: true, counts: {} }),
          },
          "cycle failed",
        );
      } catch {
        // Logging must not be the thing that ends the loop.
      }
      await heartbeat(() => recordCycleFinish(db, identity, { counts: {}, error: describeError(error) }));
      return { ok: false, fatal };
    } finally {
      if (renewing !== undefined) clearInterval(renewing);
      signal.removeEventListener("abort", forwardShutdown);
    }
  };

  let leaseLostDuringCycle = false;
  const renewDuringCycle = (cycleAbort: AbortController): ReturnType<typeof setInterval> => {
    let inFlight = false;
    const timer = setInterval(() => {
      if (inFlight || leaseLostDuringCycle) return;
      inFlight = true;
      void renew()
        .then((state) => {
          if (state !== "lost") return;
          leaseLostDuringCycle = true;
          cycleAbort.abort(new LeaseLostError({ service: identity.service, account: identity.account ?? "", holder: "another instance" }));
        })
        .finally(() => {
          inFlight = false;
        });
    }, Math.max(10, Math.floor(ttlMs / 3)));
    timer.unref?.();
    return timer;
  };

  logger.info({ event: "loop.started", loop: name, mode, interval_ms: intervalMs, lease: options.lease === true }, "loop started");
  let exitCode: LoopExitCode = 0;
  try {
    if (options.lease) {
      holdsLease = await waitForLease();
      if (!holdsLease) return 0;
    }
    let failures = 0;
    let cyclesRun = 0;
    while (!signal.aborted) {
      if (options.lease && cyclesRun > 0) {
        const renewed = await renew();
        if (renewed === "lost") {
          exitCode = 1;
          break;
        }
        if (renewed === "unknown") {
          // Not sure we still hold it: do not act this round.
          failures += 1;
          await sleepUntil(clock.now().getTime() + backoffDelayMs(failures, intervalMs, maxBackoffMs));
          continue;
        }
      }
      const cycleStart = clock.now().getTime();
      const outcome = await runOneCycle();
      cyclesRun += 1;
      if (leaseLostDuringCycle) {
        exitCode = 1;
        break;
      }
      if (mode === "ONCE") {
        exitCode = outcome.ok ? 0 : 1;
        break;
      }
      if (outcome.fatal) {
        logger.error({ event: "loop.fatal", loop: name }, "fatal error; stopping so the process can be restarted");
        exitCode = 1;
        break;
      }
      failures = outcome.ok ? 0 : failures + 1;
      const nextAt = outcome.ok
        ? cycleStart + intervalMs
        : clock.now().getTime() + backoffDelayMs(failures, intervalMs, maxBackoffMs);
      await sleepUntil(nextAt);
    }
    return exitCode;
  } finally {
    if (holdsLease) {
      try {
        await releaseLease(db, leaseRequest);
        logger.info({ event: "lease.released", loop: name }, "lease released");
      } catch (error) {
        logger.warn({ event: "lease.release_failed", loop: name, error: serializeError(error) }, "could not release the lease; it will expire");
      }
    }
    shutdown.dispose();
    logger.info({ event: "loop.stopped", loop: name, exit_code: exitCode }, "loop stopped");
  }

  async function renew(): Promise<"held" | "lost" | "unknown"> {
    try {
      const state = await renewLease(db, leaseRequest);
      if (state.acquired) return "held";
      holdsLease = false;
      const lost = new LeaseLostError({ service: identity.service, account: identity.account ?? "", holder: state.holder });
      logger.error({ event: "lease.lost", loop: name, holder: state.holder, error: serializeError(lost) }, "lease lost; stopping");
      return "lost";
    } catch (error) {
      logger.warn({ event: "lease.renew_failed", loop: name, error: serializeError(error) }, "could not renew the lease; skipping this cycle");
      return "unknown";
    }
  }
}

/** Keeps finite numeric counts only; anything else a cycle returns is ignored. */
function cleanCounts(value: unknown): CycleCounts {
  const counts: CycleCounts = {};
  if (value === null || typeof value !== "object") return counts;
  for (const [key, count] of Object.entries(value)) {
    if (typeof count === "number" && Number.isFinite(count)) counts[key] = count;
  }
  return counts;
}

function describeError(error: Error): string {
  return redactString(`${error.name}: ${error.message}`).slice(0, 2_000);
}

import { databaseNow, describeHeartbeats, finishedCycleSince, heartbeatOf, readHeartbeats } from "./heartbeats.js";
import type { HeartbeatRow } from "./heartbeats.js";
import { serviceLabel } from "./pipeline-services.js";
import type { ServiceSpec } from "./pipeline-services.js";
import type { ServiceProcess } from "./service-process.js";
import type { Db } from "@ops/core";

export interface ManualMarketClock {
  now(): Date;
  advanceTo(t: Date): void;
}

export interface LockStepOptions {
  readonly db: Db;
  readonly clock: ManualMarketClock;
  readonly processes: readonly ServiceProcess[];
  /** Real time one step may take before the run is declared stuck. */
  readonly stepTimeoutMs: number;
  /** Real-time interval between heartbeat reads. */
  readonly pollMs?: number;
}

export interface CycleError {
  readonly service: string;
  readonly marketTime: Date;
  readonly error: string;
}

/**
 * Drives every LOOP process one cycle per clock step: move the simulator's clock, then wait until each
 * process has started and finished a cycle after the move. So every step sees the whole pipeline react
 * to the same market minute, as in production, however slowly the machine runs.
 */
export class LockStep {
  readonly cycleErrors: CycleError[] = [];
  #steps = 0;

  constructor(private readonly options: LockStepOptions) {}

  get steps(): number {
    return this.#steps;
  }

  /** Waits for a cycle of every process that started after `since` (database time). */
  async waitForCycles(since: Date, what: string): Promise<void> {
    const { db, processes, stepTimeoutMs } = this.options;
    const specs: ServiceSpec[] = processes.map((p) => p.spec);
    const deadline = Date.now() + stepTimeoutMs;
    for (;;) {
      const dead = processes.filter((p) => p.exitStatus() !== undefined);
      if (dead.length > 0) {
        const rows = await readHeartbeats(db);
        throw new Error(`${what}: service process(es) exited: ${dead.map((p) => `${p.label} (${JSON.stringify(p.exitStatus())})`).join(", ")}\n` +
          `heartbeats:\n${describeHeartbeats(rows, specs)}`);
      }
      const rows = await readHeartbeats(db);
      const waiting = specs.filter((spec) => !finishedCycleSince(heartbeatOf(rows, spec), since));
      if (waiting.length === 0) {
        this.#recordErrors(rows, specs, since);
        return;
      }
      if (Date.now() > deadline) {
        throw new Error(`${what}: no cycle within ${stepTimeoutMs} ms from ${waiting.map(serviceLabel).join(", ")}\n` +
          `heartbeats (cycle times are database time; waiting for cycles started after ${since.toISOString()}):\n` +
          describeHeartbeats(rows, specs));
      }
      await new Promise((resolve) => setTimeout(resolve, this.options.pollMs ?? 50));
    }
  }

  /** Moves market time to `t` and returns once every process has run its cycle for it. */
  async advanceTo(t: Date): Promise<void> {
    const since = await databaseNow(this.options.db);
    this.options.clock.advanceTo(t);
    this.#steps += 1;
    await this.waitForCycles(since, `step ${this.#steps} to ${t.toISOString()}`);
  }

  /** Every process whose cycles failed since `since`, even if a later cycle in the same step succeeded. */
  #recordErrors(rows: readonly HeartbeatRow[], specs: readonly ServiceSpec[], since: Date): void {
    for (const spec of specs) {
      const row = heartbeatOf(rows, spec);
      if (row === undefined || row.lastErrorAt === null || row.lastErrorAt <= since) continue;
      const error = row.lastError ?? "(a cycle failed; a later cycle of the same step succeeded)";
      this.cycleErrors.push({ service: serviceLabel(spec), marketTime: this.options.clock.now(), error });
    }
  }
}

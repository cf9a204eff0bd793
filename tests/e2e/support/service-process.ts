import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serviceLabel, serviceMainPath } from "./pipeline-services.js";
import type { ServiceSpec } from "./pipeline-services.js";

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ServiceProcess {
  readonly spec: ServiceSpec;
  readonly label: string;
  readonly logPath: string;
  readonly child: ChildProcess;
  /** Resolves when the process has exited. */
  readonly exited: Promise<ExitStatus>;
  /** The exit status once the process has exited, undefined while it runs. */
  exitStatus(): ExitStatus | undefined;
}

// Children that may still be running. If the test process ends without afterAll, the exit hook still kills
// them; if it is killed outright, each child's parent watchdog stops it.
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
const watchdogPath = fileURLToPath(new URL("./parent-watchdog.ts", import.meta.url));

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const child of live) child.kill("SIGKILL");
  });
}

/** Starts `node services/<name>/src/main.ts` as its own process; stdout and stderr go to a file in logDir. */
export function spawnService(repoRoot: string, spec: ServiceSpec, env: Record<string, string>, logDir: string): ServiceProcess {
  installExitHook();
  const label = serviceLabel(spec);
  const logPath = join(logDir, `${label.replace(/\//g, "_")}.log`);
  const fd = openSync(logPath, "a");
  let child: ChildProcess;
  try {
    const args = ["--conditions=development", "--import", "tsx", "--import", watchdogPath, serviceMainPath(repoRoot, spec.name)];
    child = spawn(process.execPath, args, {
      cwd: repoRoot,
      env: { ...env, OPS_E2E_PARENT_PID: String(process.pid) },
      stdio: ["ignore", fd, fd],
    });
  } finally {
    closeSync(fd);
  }
  live.add(child);
  let status: ExitStatus | undefined;
  const exited = new Promise<ExitStatus>((resolve) => {
    const done = (code: number | null, signal: NodeJS.Signals | null): void => {
      live.delete(child);
      status ??= { code, signal };
      resolve(status);
    };
    child.once("exit", done);
    child.once("error", () => done(null, null));
  });
  return { spec, label, logPath, child, exited, exitStatus: () => status };
}

/** SIGTERM (a clean stop releases leases), then SIGKILL whatever is still running after graceMs. */
export async function stopServices(processes: readonly ServiceProcess[], graceMs = 5_000): Promise<void> {
  const running = processes.filter((p) => p.exitStatus() === undefined);
  for (const p of running) p.child.kill("SIGTERM");
  const allExited = Promise.all(running.map((p) => p.exited)).then(() => true);
  const timedOut = new Promise<false>((resolve) => setTimeout(() => resolve(false), graceMs).unref());
  if (await Promise.race([allExited, timedOut])) return;
  for (const p of running) if (p.exitStatus() === undefined) p.child.kill("SIGKILL");
  await Promise.all(running.map((p) => p.exited));
}

/** The last `lines` lines of a process's captured output. */
export function logTail(p: ServiceProcess, lines = 10): string {
  let text: string;
  try {
    text = readFileSync(p.logPath, "utf8");
  } catch {
    return "(no output captured)";
  }
  const all = text.trimEnd().split("\n");
  return all.slice(-lines).map((line) => (line.length > 400 ? `${line.slice(0, 400)}…` : line)).join("\n") || "(empty)";
}

/** Every process's status and output tail, for a failure message. */
export function describeProcesses(processes: readonly ServiceProcess[], lines = 10): string {
  return processes
    .map((p) => {
      const status = p.exitStatus();
      const state = status === undefined ? "running" : `exited code=${status.code} signal=${status.signal}`;
      return `--- ${p.label} (${state}; ${p.logPath})\n${logTail(p, lines)}`;
    })
    .join("\n");
}

import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, coreMigrationsDir } from "./helpers.js";

describe("runLoop in a real process", () => {
  it("on SIGTERM mid-cycle finishes that cycle, starts no other, and exits 0", async () => {
    const script = fileURLToPath(new URL("./fixtures/loop-sigterm.ts", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", "--conditions=development", script], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, FIXTURE_MIGRATIONS_DIR: coreMigrationsDir() },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const events: string[] = [];
    let stderr = "";
    let buffered = "";
    let signalled = false;
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        if (!line.trim().startsWith("{")) continue;
        const event = String((JSON.parse(line) as { event?: unknown }).event ?? "");
        events.push(event);
        if (event === "fixture.cycle_started" && !signalled) {
          signalled = true;
          child.kill("SIGTERM");
        }
      }
    });
    const exitCode = await new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

    expect(stderr).toBe("");
    expect(signalled).toBe(true);
    expect(exitCode).toBe(0);
    const relevant = events.filter((event) =>
      ["fixture.cycle_started", "shutdown.requested", "fixture.cycle_completed", "cycle.done", "loop.stopped", "fixture.exiting"].includes(event),
    );
    expect(relevant).toEqual([
      "fixture.cycle_started",
      "shutdown.requested",
      "fixture.cycle_completed",
      "cycle.done",
      "loop.stopped",
      "fixture.exiting",
    ]);
  });
});

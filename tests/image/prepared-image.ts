// What the image tests share: preparing an image's folder the Dockerfile's way (docker/prepare-service.mjs) and
// starting processes in it as the image's CMD or an ECS task's command would.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const repoRoot = resolve(import.meta.dirname, "..", "..");
export const dockerfile = readFileSync(join(repoRoot, "docker", "Dockerfile"), "utf8");

/** Development-only packages that must not be in any image. */
export const DEV_ONLY = ["typescript", "vitest", "tsx", "esbuild", "@ops+alpaca-sim", "aws-cdk-lib", "fast-check"];

export interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Async on purpose: a simulator answers from this process's event loop while a service runs. */
export function runProcess(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Exit> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** The runtime stage's CMD, so the tests start images exactly as the image does. */
export function dockerCmd(): string[] {
  const match = /^CMD\s+(\[.*\])\s*$/m.exec(dockerfile);
  if (!match?.[1]) throw new Error("docker/Dockerfile has no exec-form CMD");
  return JSON.parse(match[1]) as string[];
}

export function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** No inherited DATABASE_URL, TEST_DATABASE_URL or AWS settings: only what an ECS task would be given. */
export function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmpdir(), NODE_ENV: "production", ...extra };
}

/** docker/prepare-service.mjs for one image (a folder under services/, or a script image such as `ops`). */
export function prepareImage(image: string, out: string): Promise<Exit> {
  return runProcess(process.execPath, [join(repoRoot, "docker", "prepare-service.mjs"), image, out], repoRoot, baseEnv({}), 120_000);
}

/** The image's migration runner, started as the ECS migrate task starts it. */
export function migrateWith(imageDir: string, databaseUrl: string): Promise<Exit> {
  return runProcess(
    "node",
    ["--import", "./runtime/set-database-url.mjs", "runtime/migrate.mjs"],
    imageDir,
    baseEnv({ DATABASE_URL: databaseUrl, BUILD_ID: "smoke" }),
    60_000,
  );
}

export function summary(exit: Exit): string {
  return `exit ${exit.code}\n--- stdout (tail)\n${exit.stdout.slice(-3000)}\n--- stderr (tail)\n${exit.stderr.slice(-3000)}`;
}

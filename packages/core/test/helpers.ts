import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createLogger } from "../src/log/create-logger.js";
import type { Logger } from "../src/log/create-logger.js";
import type { LogLevel } from "../src/config/base-service-schema.js";

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const CORE_MIGRATION = join(REPO_ROOT, "migrations", "0001_core.sql");

/**
 * A migrations folder holding only 0001_core.sql, so plumbing tests do not depend on the domain
 * migrations other packages own.
 */
export function coreMigrationsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "ops-core-migrations-"));
  copyFileSync(CORE_MIGRATION, join(dir, "0001_core.sql"));
  return dir;
}

export interface CapturedLog {
  logger: Logger;
  /** Raw JSON lines written so far. */
  text(): string;
  /** Parsed lines written so far. */
  lines(): Array<Record<string, unknown>>;
  events(name: string): Array<Record<string, unknown>>;
}

export function captureLogger(options: { service?: string; account?: string; level?: LogLevel } = {}): CapturedLog {
  const chunks: string[] = [];
  const logger = createLogger({
    service: options.service ?? "test-service",
    account: options.account,
    instance: "test-instance",
    buildId: "build-123",
    level: options.level ?? "debug",
    destination: { write: (chunk: string) => void chunks.push(chunk) },
  });
  const lines = () =>
    chunks
      .join("")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    logger,
    text: () => chunks.join(""),
    lines,
    events: (name) => lines().filter((line) => line.event === name),
  };
}

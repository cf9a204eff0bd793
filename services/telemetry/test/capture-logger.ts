import { createLogger } from "@ops/core";
import type { Logger } from "@ops/core";

export interface LogLine {
  readonly level: string;
  readonly event?: string;
  readonly message?: string;
  readonly [key: string]: unknown;
}

/** A real pino logger whose JSON lines are kept for assertions. */
export function captureLogger(service = "telemetry"): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = createLogger({
    service,
    buildId: "test",
    level: "debug",
    destination: { write: (chunk: string) => void lines.push(JSON.parse(chunk) as LogLine) },
  });
  return { logger, lines };
}

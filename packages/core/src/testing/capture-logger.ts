import { createLogger, type Logger } from "../log/create-logger.js";

export interface LogLine {
  readonly level: string;
  readonly event?: string;
  readonly message?: string;
  readonly [key: string]: unknown;
}

/** A real (redacting) pino logger whose JSON lines are kept for assertions. */
export function captureLogger(service = "test"): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = createLogger({
    service,
    buildId: "test",
    level: "debug",
    destination: { write: (chunk: string) => void lines.push(JSON.parse(chunk) as LogLine) },
  });
  return { logger, lines };
}

import { createLogger, type Logger } from "@ops/core";

export interface CapturedLogs {
  logger: Logger;
  lines: Array<Record<string, unknown>>;
  events(name: string): Array<Record<string, unknown>>;
}

/** A real JSON logger whose lines are kept in memory for assertions. */
export function captureLogs(service = "news"): CapturedLogs {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    service,
    buildId: "test",
    level: "debug",
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { logger, lines, events: (name) => lines.filter((l) => l.event === name) };
}

import { hostname } from "node:os";
import type { Logger } from "pino";
import { redactValue } from "./redact.js";

/**
 * The first line every service writes (seed failure 6: "fixes deployed but old code running"):
 * which build is running and with what validated config, secrets masked.
 */
export function logStartup(logger: Logger, config: Readonly<Record<string, unknown>>): void {
  logger.info(
    {
      event: "service.starting",
      config: redactValue(config),
      node_version: process.version,
      pid: process.pid,
      host: hostname(),
    },
    "service starting",
  );
}

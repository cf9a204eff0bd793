import type { Logger } from "pino";
import { ConfigError, toError } from "../errors.js";
import { redactString } from "../log/redact.js";
import { serializeError } from "../log/serialize-error.js";

/**
 * Startup failure path (seed failure 5): the reason goes to stderr and to the log before the process
 * exits 1, so a crash-looping task always says why.
 */
export function exitOnConfigError(error: unknown, logger?: Logger): never {
  const normalised = toError(error);
  const text = redactString(
    normalised instanceof ConfigError ? normalised.message : `startup failed: ${normalised.message}`,
  );
  if (logger) {
    try {
      logger.fatal({ event: "config.invalid", error: serializeError(normalised) }, text);
      logger.flush?.();
    } catch {
      // stderr below still carries the reason.
    }
  }
  process.stderr.write(`${text}\n`);
  process.exit(1);
}

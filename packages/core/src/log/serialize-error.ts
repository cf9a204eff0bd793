import { toError } from "../errors.js";
import { errorToPlain, redactValue } from "./redact.js";

/** The `error` field of a log line: `{ name, message, cause, ... }`, redacted, for anything thrown. */
export function serializeError(error: unknown): Record<string, unknown> {
  return redactValue(errorToPlain(toError(error))) as Record<string, unknown>;
}

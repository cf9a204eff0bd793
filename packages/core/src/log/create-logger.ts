import { pino, type Bindings, type ChildLoggerOptions, type DestinationStream, type Logger } from "pino";
import type { LogLevel } from "../config/base-service-schema.js";
import { redactString, redactValue } from "./redact.js";

export type { Logger } from "pino";

export interface CreateLoggerOptions {
  service: string;
  account?: string | undefined;
  instance?: string | undefined;
  buildId: string;
  level?: LogLevel | undefined;
  /** Where JSON lines go; stdout (synchronously, so nothing is lost on exit) when omitted. */
  destination?: DestinationStream | undefined;
}

/**
 * One JSON line per event with fixed snake_case base keys (service, account, instance, build_id),
 * `message`, ISO `timestamp`, and every secret masked before it is written.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const base: Record<string, string> = { service: options.service, build_id: options.buildId };
  if (options.account) base.account = options.account;
  if (options.instance) base.instance = options.instance;
  const logger = pino(
    {
      level: options.level ?? "info",
      messageKey: "message",
      errorKey: "error",
      // formatters.log already turned errors into { name, message, cause }; pino's default would
      // fold the cause messages into message.
      serializers: { err: (value: unknown) => value },
      base,
      timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
      formatters: {
        level: (label) => ({ level: label }),
        bindings: (bindings) => redactValue(bindings) as Record<string, unknown>,
        log: (object) => redactValue(object) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const cleaned = args.map((arg: unknown) => (typeof arg === "string" ? redactString(arg) : arg));
          method.apply(this, cleaned as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
  // pino applies formatters.bindings to the root only; children inherit this child() (they are
  // Object.create(parent)), so bindings at every depth are redacted too.
  const originalChild = logger.child as unknown as (this: Logger, bindings: Bindings, options?: ChildLoggerOptions) => Logger;
  function redactingChild(this: Logger, bindings: Bindings, childOptions?: ChildLoggerOptions): Logger {
    return originalChild.call(this, redactValue(bindings) as Bindings, childOptions);
  }
  Object.defineProperty(logger, "child", { value: redactingChild, writable: true, configurable: true });
  return logger;
}

// Broker errors, built on @ops/core's family so the loop runner classifies them without knowing Alpaca:
// - BrokerTransientError is a core TransientError (429, 5xx, network, timeout): retried next tick.
// - AuthError (401/403) is a FatalError: a caller may refresh the secret once; unhandled, the process
//   exits and re-reads its secrets on restart (crash-only).
// - BrokerContractError (payload no longer matches parse.ts) is a FatalError: a bug, not a retry.
// - BrokerConfigError is a core ConfigError: fatal at startup.
// - BrokerRejectedError (other 4xx on a read or cancel): repeating the same request will not help.
import { ConfigError, FatalError, OpsError, TransientError } from "@ops/core";

/** Anything the adapter could not classify (kept with its cause). */
export class BrokerError extends OpsError {}

export class AuthError extends FatalError {
  readonly status: number;
  constructor(message: string, status: number, options?: { cause?: unknown }) {
    super(message, options);
    this.status = status;
  }
}

export class BrokerTransientError extends TransientError {
  /** HTTP status when there was one (429, 5xx); undefined for network failures and timeouts. */
  readonly status: number | undefined;
  /** Alpaca's Retry-After / rate-limit reset hint, when sent. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, status: number | undefined, options?: { cause?: unknown; retryAfterMs?: number }) {
    super(message, options);
    this.status = status;
    this.retryAfterMs = options?.retryAfterMs;
  }
}

export class BrokerRejectedError extends OpsError {
  readonly status: number;
  readonly code: string | number | undefined;
  constructor(message: string, status: number, code?: string | number, options?: { cause?: unknown }) {
    super(message, options);
    this.status = status;
    this.code = code;
  }
}

export class BrokerContractError extends FatalError {}

export class BrokerConfigError extends ConfigError {}

// Turns whatever the SDK threw into one of a few kinds. Duck-typed on `status` as well as instanceof,
// because the SDK ships CJS and ESM builds and a second copy would break instanceof.
import { BrokerConfigError } from "./errors.js";

export type Failure =
  | { readonly kind: "http"; readonly status: number; readonly message: string; readonly code?: string | number; readonly retryAfterMs?: number }
  /** No HTTP status: connection refused/reset, DNS, timeout or abort. */
  | { readonly kind: "network"; readonly message: string }
  /** Our own guard refused the request before it left (wrong origin). */
  | { readonly kind: "config"; readonly error: BrokerConfigError }
  /** Anything else, e.g. an unreadable body after a 2xx. */
  | { readonly kind: "other"; readonly message: string };

interface HttpLike {
  status: number;
  message?: string;
  code?: string | number;
  retryAfterMs?: number;
}

function isHttpLike(error: unknown): error is HttpLike {
  return typeof error === "object" && error !== null && typeof (error as { status?: unknown }).status === "number";
}

function findConfigError(error: unknown): BrokerConfigError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof BrokerConfigError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function classifyFailure(error: unknown): Failure {
  const config = findConfigError(error);
  if (config) return { kind: "config", error: config };
  if (isHttpLike(error)) {
    const failure: { kind: "http"; status: number; message: string; code?: string | number; retryAfterMs?: number } = {
      kind: "http",
      status: error.status,
      message: error.message || `HTTP ${error.status}`,
    };
    if (error.code !== undefined) failure.code = error.code;
    if (error.retryAfterMs !== undefined) failure.retryAfterMs = error.retryAfterMs;
    return failure;
  }
  const name = (error as { name?: unknown } | null)?.name;
  if (name === "FetchError" || name === "AbortError" || name === "TimeoutError") {
    const cause = (error as { cause?: { message?: string; name?: string } }).cause;
    const detail = cause?.message ? `${cause.name ?? "Error"}: ${cause.message}` : String((error as Error).message);
    return { kind: "network", message: detail };
  }
  return { kind: "other", message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}

export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/**
 * One error family for the plumbing. The loop runner classifies by class: a TransientError is retried
 * on the next cycle; FatalError, ConfigError and SchemaBehindError mean the process must stop and be
 * restarted (crash-only). Everything unknown is normalised once, at the boundary, with toError().
 */
export class OpsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    // new.target keeps the subclass name without each subclass repeating it.
    this.name = new.target.name;
  }
}

export interface ConfigIssue {
  /** Environment variable (or config path) the issue is about. */
  variable: string;
  message: string;
}

/** Bad or missing configuration. Its message names every offending variable. */
export class ConfigError extends OpsError {
  readonly issues: readonly ConfigIssue[];
  constructor(message: string, options?: { cause?: unknown; issues?: readonly ConfigIssue[] }) {
    super(message, options);
    this.issues = options?.issues ?? [];
  }
}

/** Worth retrying later: network, 429/5xx, lock timeouts. */
export class TransientError extends OpsError {}

/** A broken invariant; retrying cannot help. */
export class FatalError extends OpsError {}

/** The database lacks migrations that this code needs (seed failure 9). */
export class SchemaBehindError extends FatalError {
  readonly missingVersions: readonly string[];
  constructor(missingVersions: readonly string[], options?: { cause?: unknown }) {
    super(
      `database schema is behind the code: missing migration(s) ${missingVersions.join(", ")}; run \`pnpm migrate\``,
      options,
    );
    this.missingVersions = missingVersions;
  }
}

/** Another instance now holds the (service, account) lease; this one must stop acting. */
export class LeaseLostError extends FatalError {
  readonly service: string;
  readonly account: string;
  readonly holder: string | null;
  constructor(lease: { service: string; account: string; holder: string | null }, options?: { cause?: unknown }) {
    super(
      `lease for ${lease.service}/${lease.account || "-"} lost` +
        (lease.holder ? ` to ${lease.holder}` : ""),
      options,
    );
    this.service = lease.service;
    this.account = lease.account;
    this.holder = lease.holder;
  }
}

/** Normalises anything thrown (strings, objects, undefined) into an Error, keeping the original as cause. */
export function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  if (typeof value === "string") return new OpsError(value);
  let text: string;
  try {
    text = typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return new OpsError(`non-error thrown: ${text}`, { cause: value });
}

/** True for errors after which the process must exit rather than retry. */
export function isFatalError(error: unknown): boolean {
  return error instanceof FatalError || error instanceof ConfigError;
}

/**
 * A statement failed inside a transaction, the callback swallowed the error and returned, so COMMIT
 * became ROLLBACK. Raised so that nothing believes the work was saved (seed failure 10).
 */
export class TransactionAbortedError extends OpsError {
  readonly code = "25P02";
  constructor(options?: { cause?: unknown }) {
    super("transaction was rolled back instead of committed: a statement inside it failed", options);
  }
}

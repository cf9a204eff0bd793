// Secrets must never reach a log line (seed failure 43). Redaction works on keys (anything that looks
// like a credential name is masked whole) and on string values (URL passwords, key=value passwords,
// bearer tokens, and any secret value fetched at runtime).

export const REDACTED = "[REDACTED]";
const MASK = "***";

const SECRET_KEY_PATTERN = /key|secret|passw|pwd|token|authori[sz]ation|cookie|credential/i;

/** Secret values fetched at runtime (see createSecretSource); masked wherever they appear. */
const knownSecretValues = new Set<string>();

/** Masks this exact value in every later log line. Short values are ignored (too many false hits). */
export function registerSecretValue(value: string): void {
  if (value.length >= 6) knownSecretValues.add(value);
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEY_PATTERN.test(key);
}

/** Masks credentials inside free text: URL passwords, `password=...` pairs, bearer tokens, known secrets. */
export function redactString(text: string): string {
  let out = text.replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)([^\s@/]+)@/gi, `$1${MASK}@`);
  out = out.replace(/\b(password|passwd|pwd|secret|token|api_key|apikey)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&;,"']+)/gi, `$1$2${MASK}`);
  // URL query parameters whose name says credential (access_token, key, sig, X-Amz-Signature, auth...):
  // feed and API URLs carry them, and a URL is logged whole (config at start, errors).
  out = out.replace(/([?&;])([A-Za-z0-9_.-]*(?:key|token|secret|sig|signature|pass|auth|credential|session)[A-Za-z0-9_.-]*)=([^\s&;#"']+)/gi, `$1$2=${MASK}`);
  out = out.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/g, `$1 ${MASK}`);
  for (const secret of knownSecretValues) {
    if (out.includes(secret)) out = out.split(secret).join(MASK);
  }
  return out;
}

const MAX_DEPTH = 12;

/** Returns a redacted deep copy, safe to serialise (cycles and Errors become plain data). */
export function redactValue(value: unknown): unknown {
  return redactInner(value, 0, new WeakSet<object>());
}

function redactInner(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === "string") return redactString(value);
  if (typeof value === "bigint") return value.toString();
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Date) return value;
  if (depth >= MAX_DEPTH) return "[Truncated]";
  if (seen.has(value)) return "[Circular]";
  seen.add(value);
  try {
    if (value instanceof Error) return redactInner(errorToPlain(value), depth, seen);
    if (Array.isArray(value)) return value.map((item) => redactInner(item, depth + 1, seen));
    if (value instanceof Map) return redactInner(Object.fromEntries(value), depth, seen);
    if (value instanceof Set) return redactInner([...value], depth, seen);
    if (ArrayBuffer.isView(value)) return `[${value.constructor.name} ${value.byteLength} bytes]`;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = isSecretKey(key) && inner !== null && inner !== undefined && inner !== "" ? REDACTED : redactInner(inner, depth + 1, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

const ERROR_DETAIL_KEYS = ["code", "detail", "constraint", "table", "column", "routine", "status", "statusCode"] as const;

/** Plain `{ name, message, ...details, stack, cause }` form of an error (cause followed a few levels). */
export function errorToPlain(error: Error, depth = 0): Record<string, unknown> {
  const plain: Record<string, unknown> = { name: error.name, message: error.message };
  const record = error as unknown as Record<string, unknown>;
  for (const key of ERROR_DETAIL_KEYS) {
    const detail = record[key];
    if (typeof detail === "string" || typeof detail === "number") plain[key] = detail;
  }
  if (error.stack) plain.stack = error.stack;
  if (error.cause !== undefined) {
    plain.cause =
      error.cause instanceof Error
        ? depth < 3
          ? errorToPlain(error.cause, depth + 1)
          : { name: error.cause.name, message: error.cause.message }
        : error.cause;
  }
  return plain;
}

import { etDateTime } from "@ops/core";

/** A parameter problem, reported to the client as Alpaca does: HTTP 400 with a message. */
export class QueryParamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QueryParamError";
  }
}

/** "A,B , c" → ["A","B","C"] (deduped, order kept). Empty when absent. */
export function parseSymbolList(value: string | null): string[] {
  if (value === null) return [];
  const out: string[] = [];
  for (const part of value.split(",")) {
    const s = part.trim().toUpperCase();
    if (s.length > 0 && !out.includes(s)) out.push(s);
  }
  return out;
}

export function parseLimit(value: string | null, fallback: number, max: number): number {
  if (value === null || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new QueryParamError(`invalid limit: must be an integer between 1 and ${max}`);
  return n;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** RFC-3339 (any precision, Z or offset) or "YYYY-MM-DD" (midnight New York, as Alpaca reads it). */
export function parseTime(name: string, value: string | null): Date | undefined {
  if (value === null || value === "") return undefined;
  if (DATE_ONLY.test(value)) {
    try {
      return etDateTime(value, "00:00");
    } catch {
      throw new QueryParamError(`invalid ${name}: ${value}`);
    }
  }
  // Date.parse keeps milliseconds only, so longer fractions are truncated; a "+" in an unencoded
  // offset arrives as a space after query decoding.
  const normalised = value.replace(/(\.\d{3})\d+/, "$1").replace(/\s(\d{2}:?\d{2})$/, "+$1");
  const ms = Date.parse(normalised);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(normalised) || Number.isNaN(ms)) throw new QueryParamError(`invalid ${name}: ${value}`);
  return new Date(ms);
}

export function parseEnum<const T extends readonly string[]>(name: string, value: string | null, allowed: T, fallback: T[number]): T[number] {
  if (value === null || value === "") return fallback;
  const v = value.toLowerCase();
  const hit = allowed.find((a) => a.toLowerCase() === v);
  if (hit === undefined) throw new QueryParamError(`invalid ${name}: ${value}`);
  return hit;
}

export function parseNumber(name: string, value: string | null): number | undefined {
  if (value === null || value === "") return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new QueryParamError(`invalid ${name}: ${value}`);
  return n;
}

/** Page tokens are opaque to clients; ours are base64url JSON so paging stays stateless. */
export function encodePageToken(payload: unknown): string {
  return Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
}

export function decodePageToken<T>(value: string | null, isValid: (x: unknown) => x is T): T | undefined {
  if (value === null || value === "") return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    if (isValid(parsed)) return parsed;
  } catch {
    // fall through to the error below
  }
  throw new QueryParamError("invalid page_token");
}

/** RFC-3339 with second precision when whole seconds (Alpaca's bar timestamps look like this). */
export function rfc3339(d: Date): string {
  const iso = d.toISOString();
  return iso.endsWith(".000Z") ? `${iso.slice(0, 19)}Z` : iso;
}

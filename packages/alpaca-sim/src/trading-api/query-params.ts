/** Query parameter parsers shared by the trading routes; each returns a value or a ParamError. */

export interface ParamError {
  readonly error: string;
}

export function isParamError(v: unknown): v is ParamError {
  return typeof v === "object" && v !== null && "error" in v;
}

export function parseLimit(raw: string | null, fallback: number, max: number): number | ParamError {
  if (raw === null || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) return { error: "limit must be a positive integer" };
  return Math.min(n, max);
}

/** Accepts "YYYY-MM-DD" (midnight UTC) or an RFC 3339 timestamp, as Alpaca does. */
export function parseTimeParam(name: string, raw: string | null): Date | undefined | ParamError {
  if (raw === null || raw === "") return undefined;
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00Z` : raw);
  return Number.isNaN(d.getTime()) ? { error: `${name} must be a date or RFC 3339 timestamp` } : d;
}

/** "YYYY-MM-DD" from a date-only or full timestamp parameter (the SDK sends either). */
export function parseDateParam(name: string, raw: string | null): string | undefined | ParamError {
  if (raw === null || raw === "") return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(raw);
  return m?.[1] ?? { error: `${name} must be a YYYY-MM-DD date` };
}

export function parseDirection(raw: string | null): "asc" | "desc" | ParamError {
  if (raw === null || raw === "") return "desc";
  return raw === "asc" || raw === "desc" ? raw : { error: "direction must be asc or desc" };
}

export function parseSymbolList(raw: string | null): string[] | undefined {
  if (raw === null || raw.trim() === "") return undefined;
  return raw.split(",").map((s) => s.trim().toUpperCase()).filter((s) => s !== "");
}

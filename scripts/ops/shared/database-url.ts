// Which database a CLI talks to, and how it is shown (never with a password).
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

export const REPO_ROOT = resolve(import.meta.dirname, "..", "..", "..");
/** Where `pnpm start` leaves its PGlite database. */
export const DEFAULT_PGLITE_DIR = join(REPO_ROOT, ".data", "pipeline");

export class DatabaseUrlMissingError extends Error {
  override readonly name = "DatabaseUrlMissingError";
}

/** --database, else DATABASE_URL, else the PGlite directory `pnpm start` leaves behind when it exists. */
export function resolveDatabaseUrl(flag: string | undefined, env: Readonly<Record<string, string | undefined>>, fallbackDir = DEFAULT_PGLITE_DIR): string {
  const explicit = flag?.trim() || env.DATABASE_URL?.trim();
  if (explicit) return explicit;
  if (existsSync(fallbackDir)) return `pglite:${fallbackDir}`;
  throw new DatabaseUrlMissingError(`no database: pass --database URL or set DATABASE_URL (no PGlite database at ${fallbackDir}; run pnpm start first)`);
}

/** The URL with any password replaced, for output and logs. */
export function redactDatabaseUrl(url: string): string {
  if (!/^postgres(ql)?:\/\//.test(url)) return url;
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    for (const key of [...parsed.searchParams.keys()]) if (/pass|secret|key|token/i.test(key)) parsed.searchParams.set(key, "***");
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, "//***@");
  }
}

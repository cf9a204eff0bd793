import { ConfigError } from "../errors.js";
import { openPgDb, type PgDbOptions } from "./pg-db.js";
import { openPgliteDb } from "./pglite-db.js";
import type { Db } from "./types.js";

export type OpenDbOptions = PgDbOptions;

export type DatabaseTarget =
  | { kind: "pg"; url: string }
  | { kind: "pglite-memory" }
  | { kind: "pglite-dir"; dataDir: string };

const MEMORY_LOCATIONS = ["memory", "memory:"] as const;

/**
 * postgres:// or postgresql:// → PostgreSQL; pglite:memory (or pglite:memory:) → in-memory PGlite;
 * pglite:<path> → PGlite with its data directory at path. Anything else is a ConfigError naming
 * DATABASE_URL: there is no fallback database.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  const text = url.trim();
  if (text === "") {
    throw new ConfigError("DATABASE_URL: required", { issues: [{ variable: "DATABASE_URL", message: "required" }] });
  }
  if (text.startsWith("postgres://") || text.startsWith("postgresql://")) return { kind: "pg", url: text };
  if (text.startsWith("pglite:")) {
    let location = text.slice("pglite:".length);
    if (location.startsWith("//")) location = location.slice(2);
    if ((MEMORY_LOCATIONS as readonly string[]).includes(location)) return { kind: "pglite-memory" };
    if (location !== "") return { kind: "pglite-dir", dataDir: location };
  }
  // The value itself may hold a password; only its scheme is shown.
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(text)?.[0] ?? "(no scheme)";
  const message = `unsupported URL with scheme "${scheme}"; use postgres://, postgresql://, pglite:memory or pglite:<path>`;
  throw new ConfigError(`DATABASE_URL: ${message}`, { issues: [{ variable: "DATABASE_URL", message }] });
}

/** Opens the Db a DATABASE_URL names (see parseDatabaseUrl). */
export async function openDb(url: string, options: OpenDbOptions = {}): Promise<Db> {
  const target = parseDatabaseUrl(url);
  switch (target.kind) {
    case "pg":
      return openPgDb(target.url, options);
    case "pglite-memory":
      return openPgliteDb({ memory: true });
    case "pglite-dir":
      return openPgliteDb({ dataDir: target.dataDir });
  }
}

// A migrated in-memory PGlite per test file.
import type { Db } from "@ops/core";
import { freshPgliteDb } from "@ops/core/testing";

export function freshDb(): Promise<Db> {
  return freshPgliteDb();
}

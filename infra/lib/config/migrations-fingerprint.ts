import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** SHA-256 over migrations/*.sql names and contents: part of the migration resource, so new files re-run it. */
export function migrationsFingerprint(migrationsDir: string): string {
  const hash = createHash("sha256");
  for (const file of readdirSync(migrationsDir).filter((name) => name.endsWith(".sql")).sort()) {
    hash.update(file).update("\0").update(readFileSync(join(migrationsDir, file), "utf8").replace(/\r\n/g, "\n")).update("\0");
  }
  return hash.digest("hex");
}

import { describe, it } from "vitest";

/** TEST_DATABASE_URL, when set: a PostgreSQL URL whose user may CREATE DATABASE. */
export function postgresTestUrl(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const url = env.TEST_DATABASE_URL?.trim();
  return url ? url : undefined;
}

export type PostgresSuiteMode = "run" | "skip" | "fail";

/** run with a URL; without one, skip locally but fail on CI (a silently skipped suite proves nothing). */
export function postgresSuiteMode(env: Readonly<Record<string, string | undefined>> = process.env): PostgresSuiteMode {
  if (postgresTestUrl(env)) return "run";
  return env.CI === "true" ? "fail" : "skip";
}

/**
 * A describe() for tests that need real PostgreSQL (concurrency, locks, several processes).
 * fn receives TEST_DATABASE_URL; connect in hooks or tests, not in fn's body.
 */
export function describeWithPostgres(name: string, fn: (url: string) => void): void {
  const mode = postgresSuiteMode();
  const url = postgresTestUrl();
  if (mode === "run" && url) {
    describe(name, () => fn(url));
    return;
  }
  if (mode === "fail") {
    describe(name, () => {
      it("needs PostgreSQL: TEST_DATABASE_URL must be set when CI=true", () => {
        throw new Error(`"${name}" needs real PostgreSQL, but TEST_DATABASE_URL is not set and CI=true`);
      });
    });
    return;
  }
  console.log(`skipping "${name}": TEST_DATABASE_URL is not set (export a PostgreSQL URL to run it)`);
  describe.skip(name, () => fn(""));
}

import type { Db } from "@ops/core";
import { runOpsCli } from "../../ops/actions/run-ops-cli.js";

export interface OpsRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** `pnpm ops ...` as an operator runs it, on a test's database (not interactive unless `ask` is given). */
export async function runOps(db: Db, argv: readonly string[], ask?: (question: string) => Promise<string>): Promise<OpsRun> {
  let out = "";
  let err = "";
  const code = await runOpsCli(argv, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    // The database is injected below; the URL only has to resolve (a fresh clone has no .data/pipeline to fall back to).
    env: { USER: "ops-tester", DATABASE_URL: "pglite:injected-by-test" },
    interactive: ask !== undefined,
    ...(ask ? { ask } : {}),
    openDatabase: async () => ({ db, close: async () => undefined }),
  });
  return { code, out, err };
}

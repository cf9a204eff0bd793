// `pnpm report`: open the database (read-only use; a PGlite directory through a copy), write the HTML, say where.
import { resolve } from "node:path";
import { toError } from "@ops/core";
import { REPO_ROOT, redactDatabaseUrl, resolveDatabaseUrl } from "../ops/shared/database-url.js";
import { openExistingDatabase } from "../ops/shared/open-database.js";
import type { OpenedDatabase } from "../ops/shared/open-database.js";
import { REPORT_HELP, ReportUsageError, parseReportArgs } from "./parse-report-args.js";
import type { ReportArgs } from "./parse-report-args.js";
import { writeReport } from "./write-report.js";

export interface ReportIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly openDatabase?: (url: string) => Promise<OpenedDatabase>;
  /** Relative --out paths resolve against this (default: the repository root, where pnpm scripts run). */
  readonly cwd?: string;
}

/** 0 written, 1 the database could not be read, 64 usage error. */
export async function runReportCli(argv: readonly string[], io: ReportIo): Promise<number> {
  let args: ReportArgs | "help";
  try {
    args = parseReportArgs(argv);
  } catch (error) {
    if (!(error instanceof ReportUsageError)) throw error;
    io.stderr.write(`${error.message}\n\n${REPORT_HELP}`);
    return 64;
  }
  if (args === "help") {
    io.stdout.write(REPORT_HELP);
    return 0;
  }
  let opened: OpenedDatabase;
  let target = "(none)";
  try {
    const url = resolveDatabaseUrl(args.database, io.env);
    target = redactDatabaseUrl(url);
    opened = await (io.openDatabase ?? ((u: string) => openExistingDatabase(u, "read")))(url);
  } catch (error) {
    io.stderr.write(`pnpm report: cannot open ${target}: ${toError(error).message}\n`);
    return 1;
  }
  try {
    const out = resolve(io.cwd ?? REPO_ROOT, args.out);
    const data = await writeReport(opened.db, out, {
      ...(args.from ? { from: args.from } : {}), ...(args.to ? { to: args.to } : {}), ...(args.title ? { title: args.title } : {}),
    });
    const trades = data.accounts.reduce((s, a) => s + a.trades.length, 0);
    io.stdout.write(`report: ${out} (${target}, ${data.window.from} to ${data.window.to}, ${data.accounts.length} accounts, ${trades} trades)\n`);
    return 0;
  } finally {
    await opened.close();
  }
}

// `pnpm report` arguments. --from/--to take an ISO instant or a YYYY-MM-DD day (New York calendar: --from is the
// start of that day, --to its end), because replays are thought of in market days.
import { parseArgs } from "node:util";
import { etDayEnd, etDayStart } from "./et-day.js";

export interface ReportArgs {
  readonly database: string | undefined;
  readonly out: string;
  readonly from: Date | undefined;
  readonly to: Date | undefined;
  readonly title: string | undefined;
}

export class ReportUsageError extends Error {
  override readonly name = "ReportUsageError";
}

export const DEFAULT_REPORT_PATH = ".data/report.html";

export const REPORT_HELP = `Usage: pnpm report -- [options]

Writes the replay report (one offline HTML file: equity and drawdown per account, trades, gate rejections,
exit reasons, activity per minute) from the pipeline's tables. pnpm start writes one at the end of every run.

Options:
  --database URL   postgres://... or pglite:<dir> (default: DATABASE_URL, else pglite:.data/pipeline
                   when pnpm start has left one; a PGlite directory is read from a copy)
  --out FILE       where to write the HTML (default ${DEFAULT_REPORT_PATH})
  --from WHEN      ISO instant or YYYY-MM-DD (New York day start); default: the day of the newest bar
  --to WHEN        ISO instant or YYYY-MM-DD (end of that New York day); default: the end of --from's day
  --title TEXT     page title
  --help           this text
`;

export function parseReportArgs(argv: readonly string[]): ReportArgs | "help" {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv.filter((a) => a !== "--"),
      options: {
        database: { type: "string" }, out: { type: "string" }, from: { type: "string" }, to: { type: "string" },
        title: { type: "string" }, help: { type: "boolean" },
      },
      strict: true,
    }));
  } catch (error) {
    throw new ReportUsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return "help";
  const from = when(values.from, "from");
  const to = when(values.to, "to");
  if (from !== undefined && to !== undefined && to.getTime() <= from.getTime()) throw new ReportUsageError("--to must be after --from");
  const text = (v: string | boolean | undefined): string | undefined => (typeof v === "string" ? v : undefined);
  return { database: text(values.database), out: text(values.out) ?? DEFAULT_REPORT_PATH, from, to, title: text(values.title) };
}

function when(value: string | boolean | undefined, flag: "from" | "to"): Date | undefined {
  if (typeof value !== "string") return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return flag === "from" ? etDayStart(value) : etDayEnd(value);
  }
  const d = new Date(value);
  if (Number.isNaN(d.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) throw new ReportUsageError(`--${flag}: expected an ISO instant or YYYY-MM-DD, got ${value}`);
  return d;
}

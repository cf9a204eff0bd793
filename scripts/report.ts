// `pnpm report`: the replay report as one offline HTML file (see `pnpm report -- --help` and docs/report.md).
import { runReportCli } from "./report/run-report-cli.js";

runReportCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`pnpm report failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

// `pnpm status`: the pipeline at a glance (see `pnpm status --help` and docs/ops.md).
import { runStatusCli } from "./ops/status/run-status-cli.js";

runStatusCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`pnpm status failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);

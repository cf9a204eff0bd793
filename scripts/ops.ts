// `pnpm ops`: operator controls, every one audited (see `pnpm ops --help` and docs/ops.md).
import { runOpsCli } from "./ops/actions/run-ops-cli.js";

runOpsCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, interactive: process.stdin.isTTY === true }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`pnpm ops failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);

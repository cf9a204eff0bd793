#!/usr/bin/env node
// Runs the whole test suite with vitest and prints the closing line CI counts:
// "N passed, N failed, N skipped" (vitest's own summary is not in that form).
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, existsSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const outDir = join(root, ".test-results");
const outFile = join(outDir, "vitest.json");
mkdirSync(outDir, { recursive: true });
if (existsSync(outFile)) rmSync(outFile);

const args = ["exec", "vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${outFile}`, ...process.argv.slice(2)];
const run = spawnSync("pnpm", args, { cwd: root, stdio: "inherit", env: process.env });

let passed = 0, failed = 0, skipped = 0;
if (existsSync(outFile)) {
  const report = JSON.parse(readFileSync(outFile, "utf8"));
  passed = report.numPassedTests ?? 0;
  failed = (report.numFailedTests ?? 0);
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A test file that fails to load has no tests but is still a failure.
  const brokenSuites = (report.testResults ?? []).filter((f) => f.status === "failed" && (f.assertionResults ?? []).length === 0).length;
  failed += brokenSuites;
} else {
  failed = 1;
}
const code = run.status !== 0 || failed > 0 || passed === 0 ? 1 : 0;
console.log(`\nvitest: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(code);

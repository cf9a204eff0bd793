#!/usr/bin/env node
// The two README commands land here (`npm start`, `npm test`). On a machine with only Node.js and npm
// it installs the pinned pnpm and the workspace, then runs the main job or the test suite.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const pinned = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager.split("@")[1];
const [command, ...rest] = process.argv.slice(2);

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: process.env, ...opts });
  return res.status ?? 1;
}
function pnpmVersion(bin) {
  const res = spawnSync(bin, ["--version"], { cwd: root, encoding: "utf8" });
  return res.status === 0 ? res.stdout.trim() : null;
}

let pnpm = "pnpm";
if (pnpmVersion("pnpm") !== pinned) {
  const local = join(root, ".tools", "node_modules", ".bin", "pnpm");
  if (pnpmVersion(local) !== pinned) {
    console.error(`[setup] installing pnpm@${pinned} into .tools/`);
    if (run("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", join(root, ".tools"), `pnpm@${pinned}`]) !== 0) {
      console.error("[setup] could not install pnpm; install it with `npm i -g pnpm@" + pinned + "` and retry");
      process.exit(1);
    }
  }
  pnpm = local;
}
const installArgs = ["install", "--frozen-lockfile"];
{
  if (run(pnpm, installArgs, { env: { ...process.env, PATH: `${join(root, ".tools", "node_modules", ".bin")}:${process.env.PATH}` } }) !== 0) {
    console.error("[setup] pnpm install failed");
    process.exit(1);
  }
}
const env = { ...process.env, PATH: `${join(root, ".tools", "node_modules", ".bin")}:${join(root, "node_modules", ".bin")}:${process.env.PATH}` };
if (command === "test") {
  process.exit(run("node", [join(root, "scripts", "run-tests.mjs"), ...rest], { env }));
} else if (command === "start") {
  process.exit(run(pnpm, ["exec", "tsx", "--conditions=development", join(root, "scripts", "start.ts"), ...rest], { env }));
} else {
  console.error("usage: bootstrap.mjs start|test [args]");
  process.exit(2);
}

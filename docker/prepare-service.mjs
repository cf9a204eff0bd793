#!/usr/bin/env node
// @ts-check
// The image's install-and-prune step, run by docker/Dockerfile and by tests/image/image-smoke.test.ts alike, so the
// test proves what the image contains:
//   node docker/prepare-service.mjs <service> <out-dir>
// 1. `pnpm deploy --prod`: the service with only its production dependencies; workspace packages are copied in.
// 2. Every copied workspace package's src/*.ts is transpiled to dist/*.js (their "default" export condition), so
//    the image runs plain `node dist/main.js`: no tsx/esbuild at run time, no TypeScript in the image.
// 3. migrations/*.sql are copied to where @ops/core looks for them (asked from core itself, not guessed).
// 4. Sources, tests and pnpm's leftovers are removed; runtime/ entry files are added.
// 5. Import smoke (seed failure 7): dist/main.js and runtime/migrate.mjs must import, or the build fails.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const SERVICE_NAME = /^[a-z][a-z0-9-]*$/;
const workspaceRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(workspaceRoot, "package.json"));

/** @param {string} message */
function fail(message) {
  process.stderr.write(`prepare-service: ${message}\n`);
  process.exit(1);
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {string} cwd
 */
function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, stdio: ["ignore", "inherit", "inherit"], env: process.env });
  if (result.error) fail(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${args.join(" ")} exited with ${result.status}`);
}

/** @param {string} dir @returns {string[]} files below dir, relative to it */
function listFiles(dir) {
  /** @type {string[]} */
  const files = [];
  const walk = (/** @type {string} */ current) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.push(relative(dir, full));
    }
  };
  walk(dir);
  return files.sort();
}

/** @param {string} file */
function isTestSource(file) {
  return /\.test\.[cm]?ts$/.test(file) || file.split(/[\\/]/).some((part) => part === "test" || part === "__tests__");
}

/** Workspace packages pnpm deploy copied: the service itself plus one real folder per @ops/* dependency. */
function deployedPackages(/** @type {string} */ out) {
  const packages = [out];
  const store = join(out, "node_modules", ".pnpm");
  if (!existsSync(store)) return packages;
  for (const entry of readdirSync(store)) {
    if (!entry.startsWith("@ops+")) continue;
    const scope = join(store, entry, "node_modules", "@ops");
    for (const name of readdirSync(scope)) {
      const dir = join(scope, name);
      // The package's own copy is a folder; its workspace dependencies beside it are symlinks.
      if (!lstatSync(dir).isSymbolicLink()) packages.push(dir);
    }
  }
  return packages;
}

/**
 * Type-only transpile, file by file (isolatedModules semantics): type checking is CI's job (`pnpm typecheck`).
 * @param {typeof import("typescript")} ts
 * @param {string} packageDir
 */
function transpilePackage(ts, packageDir) {
  const src = join(packageDir, "src");
  if (!existsSync(src)) return 0;
  const dist = join(packageDir, "dist");
  let count = 0;
  for (const file of listFiles(src)) {
    if (isTestSource(file) || file.endsWith(".d.ts")) continue;
    const from = join(src, file);
    if (!/\.[cm]?ts$/.test(file)) {
      // Data files next to the code keep their relative position.
      mkdirSync(dirname(join(dist, file)), { recursive: true });
      cpSync(from, join(dist, file));
      continue;
    }
    const jsName = file.replace(/\.ts$/, ".js").replace(/\.mts$/, ".mjs").replace(/\.cts$/, ".cjs");
    const output = ts.transpileModule(readFileSync(from, "utf8"), {
      fileName: from,
      reportDiagnostics: true,
      compilerOptions: {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ES2022,
        verbatimModuleSyntax: true,
        sourceMap: true,
        sourceRoot: "",
      },
    });
    const problems = (output.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
    if (problems.length > 0) {
      fail(`${relative(packageDir, from)}: ${problems.map((d) => ts.flattenDiagnosticMessageText(d.messageText, " ")).join("; ")}`);
    }
    const target = join(dist, jsName);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, output.outputText);
    if (output.sourceMapText) writeFileSync(`${target}.map`, output.sourceMapText);
    count += 1;
  }
  return count;
}

/** @param {string} packageDir */
function prunePackage(packageDir) {
  for (const name of ["src", "test", "tsconfig.json", "vitest.config.ts"]) rmSync(join(packageDir, name), { recursive: true, force: true });
  for (const name of readdirSync(packageDir)) {
    if (/\.md$/i.test(name)) rmSync(join(packageDir, name), { force: true });
  }
}

async function main() {
  const [service, outArg] = process.argv.slice(2);
  if (!service || !outArg) fail("usage: node docker/prepare-service.mjs <service> <out-dir>");
  if (!SERVICE_NAME.test(service)) fail(`not a service name: ${JSON.stringify(service)}`);
  const serviceDir = join(workspaceRoot, "services", service);
  const manifestPath = join(serviceDir, "package.json");
  if (!existsSync(manifestPath)) fail(`services/${service}/package.json does not exist`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  if (!existsSync(join(serviceDir, "src", "main.ts"))) fail(`services/${service}/src/main.ts does not exist`);
  const out = resolve(outArg);
  if (existsSync(out) && readdirSync(out).length > 0) fail(`${out} is not empty`);

  // --offline: the Dockerfile fills the store with `pnpm fetch` first (which checks the lockfile against pnpm's
  // supply-chain policies online); nothing may download here, so that check is not repeated (--trust-lockfile).
  run("pnpm", ["--filter", manifest.name, "--prod", "deploy", out, "--offline", "--trust-lockfile"], workspaceRoot);

  /** @type {typeof import("typescript")} */
  const ts = require("typescript");
  const packages = deployedPackages(out);
  for (const dir of packages) {
    transpilePackage(ts, dir);
    prunePackage(dir);
  }
  if (!existsSync(join(out, "dist", "main.js"))) fail("dist/main.js was not produced");
  for (const leftover of ["pnpm-lock.yaml", "pnpm-workspace.yaml", ".npmrc"]) rmSync(join(out, leftover), { force: true });

  // Ask core where it reads migrations from, so this step follows core if that ever moves.
  const core = await import(pathToFileURL(join(out, "node_modules", "@ops", "core", "dist", "index.js")).href);
  const migrationsDir = core.defaultMigrationsDir();
  mkdirSync(migrationsDir, { recursive: true });
  for (const file of readdirSync(join(workspaceRoot, "migrations"))) {
    if (file.endsWith(".sql")) cpSync(join(workspaceRoot, "migrations", file), join(migrationsDir, file));
  }

  const runtimeSource = join(workspaceRoot, "docker", "runtime");
  mkdirSync(join(out, "runtime"), { recursive: true });
  for (const file of readdirSync(runtimeSource)) {
    if (file.endsWith(".mjs") && !file.endsWith(".test.mjs")) cpSync(join(runtimeSource, file), join(out, "runtime", file));
  }
  mkdirSync(join(out, "certs"), { recursive: true });

  // Importing main.js does not start the service (it runs main() only as the entry script).
  run(process.execPath, ["--input-type=module", "-e", "await import('./dist/main.js'); await import('./runtime/migrate.mjs'); await import('./runtime/set-database-url.mjs');"], out);
  process.stdout.write(`prepare-service: ${service} ready in ${out} (${packages.length} workspace packages)\n`);
}

await main();

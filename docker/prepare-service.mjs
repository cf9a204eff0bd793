#!/usr/bin/env node
// @ts-check
// The image's install-and-prune step, run by docker/Dockerfile and by tests/image/image-smoke.test.ts alike, so the
// test proves what the image contains:
//   node docker/prepare-service.mjs <image> <out-dir>
// <image> is a folder under services/ (a LOOP service image) or a key of SCRIPT_IMAGES (`ops`: the status CLI).
// 1. `pnpm deploy --prod`: the package with only its production dependencies; workspace packages are copied in.
//    A script image (docker/script-images.mjs) narrows that to the dependencies its entry imports.
// 2. Every copied workspace package's src/*.ts is transpiled to dist/*.js (their "default" export condition), and a
//    script image's sources to dist/, its entry to dist/main.js, so every image runs plain `node dist/main.js`: no
//    tsx/esbuild at run time, no TypeScript in the image.
// 3. migrations/*.sql are copied to where @ops/core looks for them (asked from core itself, not guessed).
// 4. Sources, tests and pnpm's leftovers are removed; runtime/ entry files are added.
// 5. Import smoke (seed failure 7): dist/main.js and runtime/migrate.mjs must import (a script image's entry must
//    run with its smokeArgs), or the build fails.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { SCRIPT_IMAGES } from "./script-images.mjs";

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
 * @param {string} from the .ts file
 * @param {string} target the .js file to write (its source map beside it)
 */
function transpileFile(ts, from, target) {
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
    fail(`${from}: ${problems.map((d) => ts.flattenDiagnosticMessageText(d.messageText, " ")).join("; ")}`);
  }
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, output.outputText);
  if (output.sourceMapText) writeFileSync(`${target}.map`, output.sourceMapText);
}

/** @param {string} file */
function jsNameOf(file) {
  return file.replace(/\.ts$/, ".js").replace(/\.mts$/, ".mjs").replace(/\.cts$/, ".cjs");
}

/**
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
    transpileFile(ts, from, join(dist, jsNameOf(file)));
    count += 1;
  }
  return count;
}

/**
 * A script image's own code: its sources from the deployed scripts package into dist/, the entry as dist/main.js,
 * then everything else pnpm deploy copied (bench, pipeline, start, tests…) is removed.
 * @param {typeof import("typescript")} ts
 * @param {string} out
 * @param {import("./script-images.d.mts").ScriptImage} image
 */
function transpileScripts(ts, out, image) {
  const dist = join(out, "dist");
  for (const source of image.sources) {
    const path = join(out, source);
    if (!existsSync(path)) fail(`scripts/${source} does not exist (or .dockerignore keeps it out of the build context)`);
    const files = lstatSync(path).isDirectory() ? listFiles(path).map((file) => join(source, file)) : [source];
    for (const file of files) {
      if (isTestSource(file) || file.endsWith(".d.ts") || !/\.[cm]?ts$/.test(file)) continue;
      transpileFile(ts, join(out, file), join(dist, file === image.entry ? "main.js" : jsNameOf(file)));
    }
  }
  for (const name of readdirSync(out)) {
    if (!["dist", "node_modules", "package.json"].includes(name)) rmSync(join(out, name), { recursive: true, force: true });
  }
}

/**
 * Rewrites the deployed manifest to the image's dependencies and lets pnpm drop the rest, offline: the lockfile pnpm
 * deploy wrote already resolves every package that is kept.
 * @param {string} out
 * @param {readonly string[]} dependencies
 */
function narrowDependencies(out, dependencies) {
  const manifestPath = join(out, "package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  /** @type {Record<string, string>} */
  const deployed = manifest.dependencies ?? {};
  const missing = dependencies.filter((name) => !(name in deployed));
  if (missing.length > 0) fail(`scripts/package.json does not depend on ${missing.join(", ")}`);
  manifest.dependencies = Object.fromEntries(Object.entries(deployed).filter(([name]) => dependencies.includes(name)));
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  // install rewrites the lockfile and unlinks the dropped packages; prune then deletes them from node_modules/.pnpm.
  run("pnpm", ["install", "--prod", "--offline", "--no-frozen-lockfile"], out);
  run("pnpm", ["prune", "--prod", "--offline"], out);
}

/** @param {string} packageDir */
function prunePackage(packageDir) {
  for (const name of ["src", "test", "tsconfig.json", "vitest.config.ts"]) rmSync(join(packageDir, name), { recursive: true, force: true });
  for (const name of readdirSync(packageDir)) {
    if (/\.md$/i.test(name)) rmSync(join(packageDir, name), { force: true });
  }
}

async function main() {
  const [imageName, outArg] = process.argv.slice(2);
  if (!imageName || !outArg) fail("usage: node docker/prepare-service.mjs <service|script image> <out-dir>");
  if (!SERVICE_NAME.test(imageName)) fail(`not a service name: ${JSON.stringify(imageName)}`);
  const serviceDir = join(workspaceRoot, "services", imageName);
  const scriptImage = Object.hasOwn(SCRIPT_IMAGES, imageName) ? SCRIPT_IMAGES[imageName] : undefined;
  if (scriptImage !== undefined && existsSync(serviceDir)) fail(`${imageName} names both a service and a script image`);
  const packageDir = scriptImage === undefined ? serviceDir : join(workspaceRoot, "scripts");
  const manifestPath = join(packageDir, "package.json");
  if (!existsSync(manifestPath)) fail(`${relative(workspaceRoot, manifestPath)} does not exist`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  const entry = scriptImage === undefined ? join(serviceDir, "src", "main.ts") : join(packageDir, scriptImage.entry);
  if (!existsSync(entry)) fail(`${relative(workspaceRoot, entry)} does not exist`);
  const out = resolve(outArg);
  if (existsSync(out) && readdirSync(out).length > 0) fail(`${out} is not empty`);

  // --offline: the Dockerfile fills the store with `pnpm fetch` first (which checks the lockfile against pnpm's
  // supply-chain policies online); nothing may download here, so that check is not repeated (--trust-lockfile).
  run("pnpm", ["--filter", manifest.name, "--prod", "deploy", out, "--offline", "--trust-lockfile"], workspaceRoot);
  if (scriptImage !== undefined) narrowDependencies(out, scriptImage.dependencies);

  /** @type {typeof import("typescript")} */
  const ts = require("typescript");
  if (scriptImage !== undefined) transpileScripts(ts, out, scriptImage);
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

  // A service's main.js does not start the service when imported (it runs main() only as the entry script); a
  // script's entry does, so it is run with arguments that only print (its whole static import graph still loads).
  const smoke = ["await import('./runtime/migrate.mjs'); await import('./runtime/set-database-url.mjs');"];
  if (scriptImage === undefined) smoke.unshift("await import('./dist/main.js');");
  else run(process.execPath, ["dist/main.js", ...scriptImage.smokeArgs], out);
  run(process.execPath, ["--input-type=module", "-e", smoke.join(" ")], out);
  process.stdout.write(`prepare-service: ${imageName} ready in ${out} (${packages.length} workspace packages)\n`);
}

await main();

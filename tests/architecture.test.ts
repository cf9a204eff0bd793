import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

// The dependency direction in ARCHITECTURE.md, checked on every import statement: trading stays pure, core never
// reaches into trading, and services never import each other (they talk through tables).
const repoRoot = resolve(import.meta.dirname, "..");

function sourceFiles(dir: string, keep: (path: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "dist") continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path, keep));
    else if (name.endsWith(".ts") && keep(path)) out.push(path);
  }
  return out;
}

const IMPORT_RE = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

export function importsOf(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(IMPORT_RE)) found.push((m[1] ?? m[2])!);
  return found;
}

const isProductionSource = (p: string): boolean =>
  !p.endsWith(".test.ts") && !p.includes("/testing/") && !p.includes("/fixtures/") && !p.includes("/test/");

function violations(files: string[], allowed: (spec: string) => boolean): string[] {
  return files.flatMap((f) => importsOf(readFileSync(f, "utf8")).filter((s) => !allowed(s)).map((s) => `${relative(repoRoot, f)} imports ${s}`));
}

describe("architecture", () => {
  it("parses import and export-from statements (so the checks below can fail)", () => {
    expect(importsOf(`import { a } from "./a.js";\nexport { b } from "@ops/core";\nconst x = await import("pg");`)).toEqual(["./a.js", "@ops/core", "pg"]);
  });

  it("keeps @ops/trading free of I/O: only relative imports and the pure @ops/core/market-time", () => {
    const files = sourceFiles(join(repoRoot, "packages", "trading", "src"), isProductionSource);
    expect(files.length).toBeGreaterThan(20);
    expect(violations(files, (s) => s.startsWith(".") || s === "@ops/core/market-time")).toEqual([]);
  });

  it("keeps @ops/core from importing trading logic", () => {
    const files = sourceFiles(join(repoRoot, "packages", "core", "src"), isProductionSource);
    expect(violations(files, (s) => !s.startsWith("@ops/trading") && !s.includes("/trading/"))).toEqual([]);
  });

  it("keeps services from importing one another (they talk through tables)", () => {
    const servicesDir = join(repoRoot, "services");
    const problems: string[] = [];
    for (const service of readdirSync(servicesDir)) {
      const files = sourceFiles(join(servicesDir, service), () => true);
      problems.push(...violations(files, (s) => !s.startsWith("@ops/svc-") && !/\.\.\/\.\.\/(?!\.\.)[a-z-]+\/src/.test(s)));
    }
    expect(problems).toEqual([]);
  });

  it("has no local package or folder that shadows a dependency (seed failure 8)", () => {
    const deps = new Set<string>();
    for (const pkgDir of [repoRoot, ...["packages", "services"].flatMap((d) => readdirSync(join(repoRoot, d)).map((n) => join(repoRoot, d, n)))]) {
      try {
        const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
        for (const name of Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })) if (!name.startsWith("@ops/")) deps.add(name.replace(/^@[^/]+\//, ""));
      } catch {
        /* not a package */
      }
    }
    const localNames = ["packages", "services"].flatMap((d) => readdirSync(join(repoRoot, d)));
    expect(localNames.filter((n) => deps.has(n))).toEqual([]);
  });
});

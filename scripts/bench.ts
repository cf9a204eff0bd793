// `pnpm bench`: runs every benchmark in scripts/bench/*.bench.ts (or those whose name contains an argument) and
// prints their figures. Speed targets live here, never in timed tests.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

interface BenchModule {
  readonly title: string;
  run(): Promise<string[]>;
}

const dir = join(import.meta.dirname, "bench");
const filters = process.argv.slice(2).filter((a) => a !== "--");
const files = readdirSync(dir).filter((f) => f.endsWith(".bench.ts") && (filters.length === 0 || filters.some((x) => f.includes(x)))).sort();
if (files.length === 0) {
  console.error(`no benchmark matches ${filters.join(", ") || "(none present)"} in ${dir}`);
  process.exit(2);
}
for (const file of files) {
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as { default: BenchModule };
  console.log(`\n## ${mod.default.title} (${file})`);
  const started = performance.now();
  for (const line of await mod.default.run()) console.log(line);
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

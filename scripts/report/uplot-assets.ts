// uPlot's browser build and stylesheet, read from the installed package so the report can inline them: the page
// must work offline (no CDN), and a kept library beats hand-drawn canvas code.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export interface UplotAssets {
  readonly js: string;
  readonly css: string;
}

let cached: UplotAssets | undefined;

export function uplotAssets(): UplotAssets {
  if (cached === undefined) {
    const dist = dirname(createRequire(import.meta.url).resolve("uplot"));
    cached = {
      js: readFileSync(join(dist, "uPlot.iife.min.js"), "utf8"),
      css: readFileSync(join(dist, "uPlot.min.css"), "utf8"),
    };
  }
  return cached;
}

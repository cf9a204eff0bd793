// The replay report as a person sees it: the real pipeline fills a database (every service's cycle, the simulator
// over 127.0.0.1, a replayed real morning), the report is written from it, and Debian's Chromium opens the file
// with the network blocked. The charts must have drawn their series, the tables must carry the database's rows,
// and the page must not have asked for anything but the file itself. Leaves docs/report-screenshot.png.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Db } from "@ops/core";
import { freshPgliteDb } from "@ops/core/testing";
import { chromium } from "playwright-core";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReportData } from "../report/report-data.js";
import { writeReport } from "../report/write-report.js";
import { runPipeline } from "./helpers/run-pipeline.js";

const CHROMIUM = "/usr/bin/chromium";
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const IN_CI = process.env.CI === "true";
const SCREENSHOT = resolve(import.meta.dirname, "..", "..", "docs", "report-screenshot.png");
// The flags that keep Chromium off the network and out of the user's profile.
const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync",
];

if (!HAVE_CHROMIUM && !IN_CI) console.log(`skipping "replay report in headless Chromium": ${CHROMIUM} is not installed (apt-get install chromium)`);

describe.runIf(!HAVE_CHROMIUM && IN_CI)("replay report in headless Chromium (CI)", () => {
  it("needs Debian's chromium at /usr/bin/chromium under CI=true", () => {
    expect.fail(`${CHROMIUM} is missing: CI must install chromium (apt-get install chromium)`);
  });
});

let db: Db;
let work: string;
let data: ReportData;
let context: BrowserContext;
let page: Page;
const requests: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!HAVE_CHROMIUM) return;
  db = await freshPgliteDb();
  await runPipeline(db, "11:40");
  work = mkdtempSync(join(tmpdir(), "ops-report-"));
  const file = join(work, "report.html");
  data = await writeReport(db, file, { now: new Date("2026-01-01T00:00:00Z") });
  context = await chromium.launchPersistentContext(join(work, "profile"), {
    executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, viewport: { width: 1200, height: 900 }, offline: true,
  });
  await context.route("**/*", (route) => {
    const url = route.request().url();
    requests.push(url);
    return url.startsWith("file:") ? route.continue() : route.abort("blockedbyclient");
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector("body[data-charts]", { state: "attached", timeout: 10_000 });
}, 120_000);

afterAll(async () => {
  await context?.close();
  await db?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

// The page's DOM, typed just enough for the evaluate callback (the repo compiles without the DOM lib).
interface PageCanvas {
  readonly width: number;
  readonly height: number;
  getContext(kind: "2d"): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
}
type PageGlobal = { document: { querySelector(selector: string): PageCanvas | null } };

/** Pixels of a chart's canvas whose colour is within a small distance of the given series colour. */
function seriesPixels(selector: string, rgb: readonly [number, number, number]): Promise<number> {
  return page.evaluate(([sel, [r, g, b]]) => {
    const canvas = (globalThis as unknown as PageGlobal).document.querySelector(`${sel} canvas`);
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx) return -1;
    const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < px.length; i += 4) {
      if (px[i + 3]! > 200 && Math.abs(px[i]! - r) + Math.abs(px[i + 1]! - g) + Math.abs(px[i + 2]! - b) < 40) n += 1;
    }
    return n;
  }, [selector, rgb] as const);
}

const rowCount = (table: string, account: string): Promise<number> =>
  page.locator(`section[data-account="${account}"] table[data-table="${table}"] tbody tr.row`).count();

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

describe.skipIf(!HAVE_CHROMIUM)("replay report in headless Chromium", () => {
  it("loads from the file alone: no request leaves file://, no script error", () => {
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((u) => !u.startsWith("file:"))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("draws an equity and a drawdown chart per account and the activity chart, each with its series on the canvas", async () => {
    expect(await page.getAttribute("body", "data-charts")).toBe(String(data.accounts.length * 2 + 1));
    for (const a of data.accounts) {
      expect(a.equity.length).toBeGreaterThan(60);
      expect(await seriesPixels(`#equity-${a.account}`, [0x1f, 0x6f, 0xeb])).toBeGreaterThan(100);
      // The derived equity starts at the account's starting equity (nothing realised before the window).
      expect(a.equity[0]?.equityUsd).toBe(a.startingEquityUsd);
    }
    // The drawdown area is filled only below a peak; its legend and canvas exist either way.
    expect(await page.locator(".chart canvas").count()).toBe(data.accounts.length * 2 + 1);
    expect(sum(data.activity.map((m) => m.bars))).toBe(Number((await db.query<{ n: unknown }>(
      `SELECT count(*) AS n FROM bars WHERE ts + interval '1 minute' >= $1 AND ts + interval '1 minute' <= $2`,
      [new Date(data.activity[0]!.atMs), new Date(data.activity[data.activity.length - 1]!.atMs)],
    )).rows[0]?.n));
    expect(await seriesPixels("#activity", [0x82, 0x50, 0xdf])).toBeGreaterThan(100);
  });

  it("lists the database's gate rejections, dispatch outcomes and trades per account", async () => {
    for (const a of data.accounts) {
      const rejections = await db.query<{ gate: string; code: string; n: unknown }>(
        `SELECT gate, code, count(*) AS n FROM risk_gate_evaluations WHERE account_id = $1 AND NOT passed GROUP BY 1, 2`, [a.account]);
      expect(rejections.rows.length).toBeGreaterThan(0);
      expect(await rowCount("gates", a.account)).toBe(rejections.rows.length);
      for (const r of rejections.rows) {
        const row = page.locator(`section[data-account="${a.account}"] table[data-table="gates"] tr.row`, { hasText: r.code });
        await expect(row.locator("td").nth(2).textContent()).resolves.toBe(String(Number(r.n)));
      }
      const dispatches = Number((await db.query<{ n: unknown }>(`SELECT count(*) AS n FROM recommendation_dispatches WHERE account_id = $1`, [a.account])).rows[0]?.n);
      expect(sum(a.dispatchOutcomes.map((o) => o.count))).toBe(dispatches);
      expect(await rowCount("dispatch", a.account)).toBe(a.dispatchOutcomes.length);
      const positions = Number((await db.query<{ n: unknown }>(`SELECT count(*) AS n FROM positions WHERE account_id = $1`, [a.account])).rows[0]?.n);
      expect(await rowCount("trades", a.account)).toBe(positions);
    }
  });

  it("saves a screenshot for the docs, small enough to commit", async () => {
    // The top of the page (first account, with its tables), so a report with many trades stays small.
    const height = await page.evaluate(() => (globalThis as unknown as { document: { body: { scrollHeight: number } } }).document.body.scrollHeight);
    await page.screenshot({ path: SCREENSHOT, fullPage: true, clip: { x: 0, y: 0, width: 1200, height: Math.min(height, 1500) }, type: "png" });
    const png = readFileSync(SCREENSHOT);
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(statSync(SCREENSHOT).size).toBeLessThan(300_000);
  });
});

// Builds the report from a database and writes it to a file (used by `pnpm report` and at the end of `pnpm start`).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Queryable } from "@ops/core";
import { readReportData } from "./read-report-data.js";
import type { ReadReportOptions } from "./read-report-data.js";
import type { ReportData } from "./report-data.js";
import { renderReportHtml } from "./render-report-html.js";

export async function writeReport(db: Queryable, outPath: string, options: ReadReportOptions = {}): Promise<ReportData> {
  const data = await readReportData(db, options);
  mkdirSync(dirname(outPath), { recursive: true });
  writeFileSync(outPath, renderReportHtml(data));
  return data;
}

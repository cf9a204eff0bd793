import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Bar } from "@ops/trading";
import { totalSkipped, type BarParseReport } from "./bar-parse-report.js";
import { leanTradeZipDay, parseLeanTradeZip } from "./lean-trade-zip.js";
import { isTimestampedBarHeader, parseTimestampedBarCsv, symbolFromFileName } from "./timestamped-bar-csv.js";

export const BAR_FILE_FORMATS = ["lean-trade-zip", "timestamped-csv"] as const;
export type BarFileFormat = (typeof BAR_FILE_FORMATS)[number];

export const FILE_LOAD_STATUSES = ["loaded", "excluded", "unsupported", "failed"] as const;
export type FileLoadStatus = (typeof FILE_LOAD_STATUSES)[number];

export interface LoadBarFolderOptions {
  /** Only these symbols (case-insensitive); all when omitted. */
  symbols?: readonly string[];
  /** Only these ET days ("YYYY-MM-DD"); all when omitted. */
  days?: readonly string[];
  /** Keep only regular-hours bars (09:30–16:00 ET). */
  rthOnly?: boolean;
  /** File name → symbol, for CSVs whose names do not start with the ticker. */
  symbolByFileName?: Readonly<Record<string, string>>;
}

export interface FileLoadReport {
  /** Path relative to the loaded folder, "/"-separated. */
  file: string;
  status: FileLoadStatus;
  format?: BarFileFormat;
  symbol?: string;
  bars: number;
  /** Row accounting for loaded files (bars omitted). */
  parse?: Omit<BarParseReport, "bars">;
  /** Why a file was unsupported or failed. */
  reason?: string;
}

export interface LoadedBars {
  bars: Bar[];
  files: FileLoadReport[];
  /** Malformed rows skipped across all files. */
  skippedRows: number;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

function withoutBars(report: BarParseReport): Omit<BarParseReport, "bars"> {
  const { bars: _bars, ...rest } = report;
  return rest;
}

/**
 * Loads every supported bar file under `dir`: Lean minute trade zips (`<sym>/<yyyymmdd>_trade.zip`)
 * and timestamped CSVs. Nothing throws for a bad file or row: each file gets a report saying what
 * was loaded, skipped (with reasons) or why it was not usable.
 */
export async function loadBarFolder(dir: string, options: LoadBarFolderOptions = {}): Promise<LoadedBars> {
  const wantSymbols = options.symbols ? new Set(options.symbols.map((s) => s.toUpperCase())) : undefined;
  const wantDays = options.days ? new Set(options.days) : undefined;
  const files: FileLoadReport[] = [];
  const bars: Bar[] = [];
  let skippedRows = 0;
  for (const full of await listFiles(dir)) {
    const rel = path.relative(dir, full).split(path.sep).join("/");
    const name = path.basename(full);
    const lower = name.toLowerCase();
    try {
      if (lower.endsWith(".zip")) {
        const day = leanTradeZipDay(name);
        if (day === undefined) {
          files.push({ file: rel, status: "unsupported", bars: 0, reason: "not a Lean minute trade zip" });
          continue;
        }
        const symbol = path.basename(path.dirname(full)).toUpperCase();
        if ((wantSymbols && !wantSymbols.has(symbol)) || (wantDays && !wantDays.has(day))) {
          files.push({ file: rel, status: "excluded", format: "lean-trade-zip", symbol, bars: 0 });
          continue;
        }
        const report = parseLeanTradeZip(await readFile(full), { symbol, day, rthOnly: options.rthOnly ?? false });
        bars.push(...report.bars);
        skippedRows += totalSkipped(report);
        files.push({ file: rel, status: "loaded", format: "lean-trade-zip", symbol, bars: report.bars.length, parse: withoutBars(report) });
      } else if (lower.endsWith(".csv")) {
        const text = await readFile(full, "utf8");
        const firstLine = text.slice(0, Math.max(0, text.indexOf("\n"))).replace(/^\uFEFF/, "");
        if (!isTimestampedBarHeader(firstLine)) {
          files.push({ file: rel, status: "unsupported", bars: 0, reason: "header is not a timestamped OHLCV header" });
          continue;
        }
        const symbol = options.symbolByFileName?.[name] ?? symbolFromFileName(name);
        if (symbol === undefined) {
          files.push({ file: rel, status: "unsupported", bars: 0, reason: "no symbol in the file name and no mapping given" });
          continue;
        }
        if (wantSymbols && !wantSymbols.has(symbol)) {
          files.push({ file: rel, status: "excluded", format: "timestamped-csv", symbol, bars: 0 });
          continue;
        }
        const report = parseTimestampedBarCsv(text, {
          symbol,
          rthOnly: options.rthOnly ?? false,
          ...(wantDays ? { days: wantDays } : {}),
        });
        bars.push(...report.bars);
        skippedRows += totalSkipped(report);
        files.push({ file: rel, status: "loaded", format: "timestamped-csv", symbol, bars: report.bars.length, parse: withoutBars(report) });
      } else {
        files.push({ file: rel, status: "unsupported", bars: 0, reason: "not a .zip or .csv file" });
      }
    } catch (error) {
      files.push({ file: rel, status: "failed", bars: 0, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return { bars, files, skippedRows };
}

import { access } from "node:fs/promises";
import path from "node:path";
import { addCalendarDays, isNyseTradingDate } from "@ops/core";
import type { Bar } from "@ops/trading";
import { generateBars } from "./generate-bars.js";
import { InMemoryMarketData } from "./in-memory-market-data.js";
import { loadBarFolder, type FileLoadReport } from "./load-bar-folder.js";

export const DEFAULT_REPLAY_SYMBOLS = ["SPY", "BAC", "IBM", "AIG"] as const;
export const DEFAULT_REPLAY_FROM = "2013-10-04";
export const DEFAULT_REPLAY_TO = "2013-10-11";

export const REPLAY_SOURCES = ["lean", "generated"] as const;
export type ReplaySource = (typeof REPLAY_SOURCES)[number];

export interface Replay {
  marketData: InMemoryMarketData;
  /** ET trading days with bars, ascending. */
  days: string[];
  symbols: string[];
  source: ReplaySource;
  files: FileLoadReport[];
}

function calendarDays(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) out.push(d);
  return out;
}

export interface GeneratedReplayOptions {
  symbols: readonly string[];
  /** Trading days ("YYYY-MM-DD"); non-trading dates are dropped. */
  days: readonly string[];
  seed: number | string;
}

/** Several generated days in a row, each opening at the previous day's close. */
export function generatedReplay(options: GeneratedReplayOptions): Replay {
  const bars: Bar[] = [];
  let startPrices: Record<string, number> | undefined;
  const days = options.days.filter((d) => isNyseTradingDate(d));
  for (const day of days) {
    const dayBars = generateBars({ symbols: options.symbols, day, seed: options.seed, ...(startPrices ? { startPrices } : {}) });
    bars.push(...dayBars);
    const closes: Record<string, number> = {};
    for (const b of dayBars) closes[b.symbol] = b.close;
    startPrices = closes;
  }
  const marketData = new InMemoryMarketData(bars);
  return { marketData, days: marketData.tradingDays(), symbols: marketData.symbols(), source: "generated", files: [] };
}

/**
 * The replay `pnpm start` uses: SPY, BAC, IBM and AIG minute bars (pre/post-market included) from
 * Lean's 2013-10-04…11 fixtures under `<sharedDataDir>/bars/intraday_1min/lean`, whichever exist;
 * generated bars for the same symbols and days when no fixture can be read.
 */
export async function defaultReplay(sharedDataDir: string): Promise<Replay> {
  const leanDir = path.join(sharedDataDir, "bars", "intraday_1min", "lean");
  const days = calendarDays(DEFAULT_REPLAY_FROM, DEFAULT_REPLAY_TO);
  const exists = await access(leanDir).then(() => true, () => false);
  if (exists) {
    const loaded = await loadBarFolder(leanDir, { symbols: DEFAULT_REPLAY_SYMBOLS, days });
    if (loaded.bars.length > 0) {
      const marketData = new InMemoryMarketData(loaded.bars);
      const files = loaded.files.filter((f) => f.status !== "excluded" && f.status !== "unsupported");
      return { marketData, days: marketData.tradingDays(), symbols: marketData.symbols(), source: "lean", files };
    }
  }
  return generatedReplay({ symbols: DEFAULT_REPLAY_SYMBOLS, days, seed: "default-replay" });
}

import { access } from "node:fs/promises";
import path from "node:path";
import { etDateTime, MarketCalendar } from "@ops/core";
import type { SimAccountConfig } from "./accounts.js";
import type { Faults } from "./faults.js";
import { defaultReplay } from "./market-data/default-replay.js";
import { InMemoryMarketData } from "./market-data/in-memory-market-data.js";
import { loadBarFolder } from "./market-data/load-bar-folder.js";
import { NewsCatalog } from "./market-data/news/news-catalog.js";
import { SyntheticOptionMarket } from "./market-data/options/synthetic-option-market.js";
import type { MarketData } from "./market-data/types.js";
import { dataRoutes } from "./routes/data-routes.js";
import { startSimulator, type RunningSimulator } from "./server.js";
import { SimClock } from "./sim-clock.js";

export interface DefaultSimulatorOptions {
  /** The shared fixtures folder (…/shared/data): bars/intraday_1min/lean and rss/ are read from it. */
  readonly sharedDataDir: string;
  /** A bar folder to replay instead of the Lean fixtures (Lean zips or timestamped CSVs). */
  readonly barsDir?: string;
  /** Only these ET days ("YYYY-MM-DD"); default: every day the data has. */
  readonly days?: readonly string[];
  /** Only these symbols; default: every symbol the data has. */
  readonly symbols?: readonly string[];
  /** Market time to start at; default 09:30 ET on the first replayed day. */
  readonly start?: Date;
  /** 0 (default) = manual clock; N = market time runs N× the wall clock. */
  readonly speed?: number;
  readonly host?: string;
  readonly port?: number;
  readonly accounts?: readonly SimAccountConfig[];
  readonly faults?: Partial<Faults>;
  readonly slippageBps?: number;
  readonly rateLimitPerMinute?: number;
}

export interface DefaultSimulator extends RunningSimulator {
  /** ET trading days the replay has bars for, ascending. */
  readonly days: readonly string[];
  readonly symbols: readonly string[];
}

const exists = (p: string): Promise<boolean> => access(p).then(() => true, () => false);

async function loadMarketData(options: DefaultSimulatorOptions): Promise<MarketData> {
  const filtered = options.barsDir !== undefined || options.days !== undefined || options.symbols !== undefined;
  if (!filtered) return (await defaultReplay(options.sharedDataDir)).marketData;
  const dir = options.barsDir ?? path.join(options.sharedDataDir, "bars", "intraday_1min", "lean");
  const loaded = await loadBarFolder(dir, {
    ...(options.symbols ? { symbols: options.symbols } : {}),
    ...(options.days ? { days: options.days } : {}),
  });
  if (loaded.bars.length === 0) {
    throw new Error(`no bars found under ${dir} for days=${options.days?.join(",") ?? "all"} symbols=${options.symbols?.join(",") ?? "all"}`);
  }
  return new InMemoryMarketData(loaded.bars);
}

/**
 * The simulator as `pnpm sim` and local runs use it: replayed minute bars (Lean fixtures by
 * default), synthetic options priced from them, RSS fixtures as news, the NYSE calendar, and the
 * trading API on one local port.
 */
export async function createDefaultSimulator(options: DefaultSimulatorOptions): Promise<DefaultSimulator> {
  const marketData = await loadMarketData(options);
  const days = marketData.tradingDays();
  const first = days[0];
  const last = days[days.length - 1];
  if (first === undefined || last === undefined) throw new Error("the replay has no trading days");
  const calendar = MarketCalendar.nyse(Number(first.slice(0, 4)) - 1, Number(last.slice(0, 4)) + 1);
  const clock = new SimClock({ start: options.start ?? etDateTime(first, "09:30"), speed: options.speed ?? 0 });
  const optionMarket = new SyntheticOptionMarket(marketData);
  const rssDir = path.join(options.sharedDataDir, "rss");
  const news = (await exists(rssDir)) ? await NewsCatalog.load(rssDir, { symbols: marketData.symbols() }) : undefined;
  const sim = await startSimulator({
    marketData,
    optionMarket,
    calendar,
    clock,
    extraRoutes: dataRoutes({ marketData, optionMarket, ...(news ? { news } : {}) }),
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.accounts ? { accounts: options.accounts } : {}),
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.slippageBps !== undefined ? { slippageBps: options.slippageBps } : {}),
    ...(options.rateLimitPerMinute !== undefined ? { rateLimitPerMinute: options.rateLimitPerMinute } : {}),
  });
  return Object.assign(sim, { days, symbols: marketData.symbols() });
}

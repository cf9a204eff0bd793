// A small simulated market for telemetry tests: the real alpaca-sim over 127.0.0.1, its data optionally
// corrupted (extra bad bars in the answers), and an AlpacaBroker for the large-100k keys.
import { DEFAULT_SIM_ACCOUNTS, InMemoryMarketData, SimClock, dataRoutes, startSimulator } from "@ops/alpaca-sim";
import type { MarketData, OptionMarket, RunningSimulator } from "@ops/alpaca-sim";
import { createAlpacaBroker } from "@ops/broker-alpaca";
import type { AlpacaBroker, MarketDataOptions } from "@ops/broker-alpaca";
import { MarketCalendar, etDateTime } from "@ops/core";
import type { Bar } from "@ops/trading";

export const DAY = "2024-03-05";
export const at = (hhmm: string, day = DAY): Date => etDateTime(day, hhmm);
export const MINUTE_MS = 60_000;
export const keyOf = (b: { symbol: string; ts: Date }): string => `${b.symbol}@${b.ts.toISOString()}`;

/** Regular-hours minute bars from 09:30 (count per symbol), prices drifting by 3 cents a minute. */
export function sessionBars(symbols: readonly string[], minutes: number, day = DAY): Bar[] {
  const bars: Bar[] = [];
  symbols.forEach((symbol, s) => {
    for (let minute = 0; minute < minutes; minute++) {
      const open = Math.round((100 + s * 50 + minute * 0.03) * 100) / 100;
      bars.push({ symbol, ts: new Date(at("09:30", day).getTime() + minute * MINUTE_MS), open, high: open + 0.1, low: open - 0.1, close: open + 0.02, volume: 1_000 + minute });
    }
  });
  return bars;
}

/**
 * Market data that also serves `extra` bars (malformed ones included) for their symbol whenever a
 * request covers them; `always` bars are served whatever the window (e.g. one stamped in the future).
 */
export class CorruptedMarketData implements MarketData {
  constructor(
    private readonly base: InMemoryMarketData,
    private readonly extra: readonly Bar[] = [],
    private readonly always: readonly Bar[] = [],
  ) {}

  symbols(): string[] {
    return this.base.symbols();
  }

  tradingDays(): string[] {
    return this.base.tradingDays();
  }

  bars(symbol: string, fromInclusive: Date, toExclusive: Date): Bar[] {
    const inWindow = this.extra.filter((b) => b.symbol === symbol && b.ts >= fromInclusive && b.ts < toExclusive);
    const forced = this.always.filter((b) => b.symbol === symbol);
    return [...this.base.bars(symbol, fromInclusive, toExclusive), ...inWindow, ...forced].sort((a, b) => a.ts.getTime() - b.ts.getTime());
  }

  nextBarAtOrAfter(symbol: string, t: Date): Bar | undefined {
    return this.base.nextBarAtOrAfter(symbol, t);
  }

  lastBarBefore(symbol: string, t: Date): Bar | undefined {
    return this.base.lastBarBefore(symbol, t);
  }
}

export interface SimMarket {
  readonly sim: RunningSimulator;
  readonly clock: SimClock;
  readonly broker: AlpacaBroker;
  readonly keys: { keyId: string; secretKey: string };
  close(): Promise<void>;
}

const noOptions: OptionMarket = { contracts: () => [], quote: () => undefined };

export async function startSimMarket(options: {
  marketData: MarketData;
  start: Date;
  rateLimitPerMinute?: number;
  wallNowMs?: () => number;
  marketDataOptions?: MarketDataOptions;
}): Promise<SimMarket> {
  const clock = new SimClock({ start: options.start });
  const sim = await startSimulator({
    marketData: options.marketData,
    optionMarket: noOptions,
    clock,
    calendar: MarketCalendar.nyse(2024, 2024),
    extraRoutes: dataRoutes({ marketData: options.marketData, optionMarket: noOptions }),
    ...(options.rateLimitPerMinute !== undefined ? { rateLimitPerMinute: options.rateLimitPerMinute } : {}),
    ...(options.wallNowMs !== undefined ? { wallNowMs: options.wallNowMs } : {}),
  });
  const keys = DEFAULT_SIM_ACCOUNTS.find((a) => a.id === "large-100k");
  if (!keys) throw new Error("simulator has no large-100k account");
  const broker = createAlpacaBroker({
    account: "large-100k", keyId: keys.keyId, secretKey: keys.secretKey, tradingUrl: sim.url, dataUrl: sim.url,
    retry: false, timeoutMs: 5_000, ...(options.marketDataOptions ? { marketData: options.marketDataOptions } : {}),
  });
  return { sim, clock, broker, keys: { keyId: keys.keyId, secretKey: keys.secretKey }, close: () => sim.close() };
}

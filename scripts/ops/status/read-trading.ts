// The trading section: watchlist, recommendation outcomes, orders, fills, positions, accounts, locks.
import { addCalendarDays, etDateString, etDateTime } from "@ops/core";
import type { Queryable } from "@ops/core";
import { int, iso, numOr } from "../shared/row-values.js";
import { readAccounts, readActiveLocks, readPendingCloseRequests, readPositions } from "./read-accounts.js";
import { readFills, readOrders } from "./read-orders.js";
import type { DayWindow } from "./read-orders.js";
import { readRecommendationOutcomes } from "./read-recommendation-outcomes.js";
import type { TradingStatus } from "./status-report.js";
import { readVolatility } from "./read-volatility.js";
import type { VolatilityConfigOrError } from "./read-volatility.js";

export interface TradingOptions {
  readonly asOf: Date;
  readonly watchlistTop: number;
  readonly unresolvedAfterS: number;
  readonly volatility: VolatilityConfigOrError;
}

/** The ET calendar day containing `at` ("today" for P&L, orders and fills). */
export function marketDay(at: Date): DayWindow & { readonly date: string } {
  const date = etDateString(at);
  return { date, from: etDateTime(date, "00:00"), to: etDateTime(addCalendarDays(date, 1), "00:00") };
}

export async function readTrading(db: Queryable, o: TradingOptions): Promise<TradingStatus> {
  const day = marketDay(o.asOf);
  const [watchlist, recommendations, orders, fills, positions, locks, closeRequests, volatility] = await Promise.all([
    readWatchlist(db, o.watchlistTop),
    readRecommendationOutcomes(db, o.asOf),
    readOrders(db, day, o.asOf, o.unresolvedAfterS),
    readFills(db, day),
    readPositions(db),
    readActiveLocks(db, o.asOf),
    readPendingCloseRequests(db),
    readVolatility(db, o.volatility, o.asOf),
  ]);
  const accounts = await readAccounts(db, day, positions);
  return { day: day.date, watchlist, recommendations, orders, fills, positions, accounts, locks, closeRequests, volatility };
}

async function readWatchlist(db: Queryable, top: number): Promise<TradingStatus["watchlist"]> {
  const { rows } = await db.query(
    `SELECT rank, symbol, score, in_watchlist, computed_at FROM watchlist ORDER BY rank, symbol LIMIT $1`,
    [top],
  );
  return rows.map((r) => ({
    rank: int(r.rank),
    symbol: String(r.symbol),
    score: numOr(r.score, 0),
    inWatchlist: r.in_watchlist === true,
    computedAt: iso(r.computed_at) ?? new Date(0).toISOString(),
  }));
}

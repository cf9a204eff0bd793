import type { Db } from "@ops/core";
import { ACCOUNT_IDS, type AccountId } from "@ops/trading";

export interface AccountSummary {
  account: AccountId;
  recsConsidered: number;
  ordersPlaced: number;
  entryOrders: number;
  exitOrders: number;
  fills: number;
  openPositions: number;
  closedPositions: number;
  realizedPnlUsd: number;
  equityUsd: number | undefined;
  topSkipCodes: string;
}

export interface RunSummary {
  bars: number;
  symbols: number;
  articles: number;
  classified: number;
  features: number;
  signals: number;
  accounts: AccountSummary[];
}

/** What the run did, read back from the tables (the same numbers `pnpm status` shows). */
export async function readSummary(db: Db, _day: string, equity: Map<AccountId, number>): Promise<RunSummary> {
  const totals = (await db.query<{ bars: number; symbols: number; articles: number; classified: number; features: number; signals: number }>(
    `SELECT (SELECT count(*) FROM bars)::int AS bars, (SELECT count(DISTINCT symbol) FROM bars)::int AS symbols,
            (SELECT count(*) FROM news_articles)::int AS articles, (SELECT count(*) FROM classifications)::int AS classified,
            (SELECT count(*) FROM features)::int AS features, (SELECT count(*) FROM recommendations)::int AS signals`,
  )).rows[0]!;
  const accounts: AccountSummary[] = [];
  for (const account of ACCOUNT_IDS) {
    const r = (await db.query<{ considered: number; orders: number; entries: number; exits: number; fills: number; open: number; closed: number; pnl: string | null }>(
      `SELECT (SELECT count(*) FROM recommendation_dispatches WHERE account_id = $1)::int AS considered,
              (SELECT count(*) FROM orders WHERE account_id = $1)::int AS orders,
              (SELECT count(*) FROM orders WHERE account_id = $1 AND purpose = 'entry')::int AS entries,
              (SELECT count(*) FROM orders WHERE account_id = $1 AND purpose = 'exit')::int AS exits,
              (SELECT count(*) FROM fills WHERE account_id = $1)::int AS fills,
              (SELECT count(*) FROM positions WHERE account_id = $1 AND status <> 'closed')::int AS open,
              (SELECT count(*) FROM positions WHERE account_id = $1 AND status = 'closed')::int AS closed,
              (SELECT sum(pnl_usd) FROM position_history WHERE account_id = $1)::text AS pnl`,
      [account],
    )).rows[0]!;
    const skips = (await db.query<{ skip_code: string; n: number }>(
      `SELECT skip_code, count(*)::int AS n FROM recommendation_dispatches
        WHERE account_id = $1 AND status = 'skipped' GROUP BY skip_code ORDER BY n DESC, skip_code LIMIT 3`,
      [account],
    )).rows;
    accounts.push({
      account, recsConsidered: r.considered, ordersPlaced: r.orders, entryOrders: r.entries, exitOrders: r.exits, fills: r.fills,
      openPositions: r.open, closedPositions: r.closed, realizedPnlUsd: Number(r.pnl ?? 0), equityUsd: equity.get(account),
      topSkipCodes: skips.map((s) => `${s.skip_code}×${s.n}`).join(", ") || "-",
    });
  }
  return { ...totals, accounts };
}

const usd = (n: number | undefined): string =>
  n === undefined ? "n/a" : `${n < 0 ? "-" : ""}$${Math.abs(n).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export function printSummary(s: RunSummary, run: { failures: number; seconds: number; replayDay: string }): void {
  console.log(`\n=== ${run.replayDay}: ${s.bars} bars for ${s.symbols} symbols, ${s.articles} articles (${s.classified} classified), ` +
    `${s.features} feature rows, ${s.signals} signals; ${run.seconds.toFixed(1)} s, ${run.failures} failed cycles ===`);
  const header = ["account", "recs seen", "orders (entry/exit)", "fills", "open pos", "closed pos", "realized P&L", "equity", "top skip codes"];
  const rows = s.accounts.map((a) => [
    a.account, String(a.recsConsidered), `${a.ordersPlaced} (${a.entryOrders}/${a.exitOrders})`, String(a.fills),
    String(a.openPositions), String(a.closedPositions), usd(a.realizedPnlUsd), usd(a.equityUsd), a.topSkipCodes,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}

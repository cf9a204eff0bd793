// `pnpm ops reviews` and `pnpm ops earnings list`: what an operator reads before resolve-review or an
// earnings change. Read-only, so not audited.
import type { Queryable } from "@ops/core";
import { renderTable } from "../shared/render-table.js";
import { listEarningsEvents } from "./earnings-calendar.js";
import type { EarningsEvent } from "./earnings-calendar.js";
import type { OpsListing } from "./parse-ops-args.js";
import { listReviews } from "./resolve-review.js";
import type { ReviewRow } from "./resolve-review.js";

export type Listed =
  | { readonly list: "reviews"; readonly account: string | null; readonly reviews: ReviewRow[] }
  | { readonly list: "earnings"; readonly from: string; readonly events: EarningsEvent[] };

export async function runListing(db: Queryable, listing: OpsListing, now: Date): Promise<Listed> {
  if (listing.list === "reviews") return { list: "reviews", account: listing.account ?? null, reviews: await listReviews(db, listing.account) };
  const { from, events } = await listEarningsEvents(db, listing.from, now);
  return { list: "earnings", from, events };
}

export function renderListing(listed: Listed): string {
  if (listed.list === "reviews") {
    const scope = listed.account ?? "any account";
    if (listed.reviews.length === 0) return `no position under review (${scope})\n`;
    const table = renderTable(
      ["account", "position", "symbol", "qty", "entry", "last mark", "status", "opened", "under review since"],
      listed.reviews.map((r) => [r.account, r.positionId, r.symbol, r.qty, r.avgEntryPrice, r.lastMarkPrice ?? "-", r.status, r.openedAt, r.reviewSince]),
    );
    return [
      `${listed.reviews.length} position(s) under review (${scope}): missing at the broker, no evidence of how they closed.`,
      ...table,
      `Check each at the broker, then: pnpm ops resolve-review ACCOUNT POSITION --exit-price PRICE [--closed-at ISO] --reason "..."`,
      "",
    ].join("\n");
  }
  if (listed.events.length === 0) return `no earnings date on or after ${listed.from}\n`;
  const table = renderTable(
    ["date", "symbol", "time", "source", "entered by", "entered at"],
    listed.events.map((e) => [e.reportDate, e.symbol, e.reportTime, e.source, e.createdBy ?? "-", e.createdAt]),
  );
  return [`${listed.events.length} earnings date(s) on or after ${listed.from}:`, ...table, ""].join("\n");
}

// The human view of a StatusReport: one block per section, fixed-width tables, colour by health.
import { formatSeconds } from "../shared/format-seconds.js";
import type { Paint } from "../shared/paint.js";
import { renderTable } from "../shared/render-table.js";
import type { DataStatus, HealthLevel, ServiceState, StatusReport, TradingStatus } from "./status-report.js";

const LEVEL_COLOUR = { ok: "green", degraded: "yellow", down: "red" } as const;
const STATE_LEVEL: Record<ServiceState, HealthLevel> = { ok: "ok", stale: "degraded", failing: "degraded", down: "down", missing: "down" };

export function renderStatus(report: StatusReport, paint: Paint): string {
  const out: string[] = [];
  const level = (l: HealthLevel, text: string = l) => paint(LEVEL_COLOUR[l], text);
  const heading = (text: string) => out.push("", paint("bold", text));
  const age = (s: number | null) => (s === null ? "-" : formatSeconds(s));

  out.push(`${paint("bold", "ops-pipeline status")}  ${level(report.health.overall, report.health.overall.toUpperCase())} (exit ${report.health.exitCode})`);
  out.push(`database ${report.database.target}${report.database.reachable ? "" : paint("red", ` unreachable: ${report.database.error ?? ""}`)}`);
  if (report.clock) {
    out.push(`${report.clock.mode === "replay" ? paint("yellow", "REPLAY") : "live"}  now ${report.clock.now}  market as of ${report.clock.marketAsOf} (${report.clock.marketOpen ? "market open" : "market closed"})`);
    if (report.clock.mode === "replay") out.push(paint("dim", report.clock.note));
  }
  for (const reason of report.health.reasons) out.push(`  ${reason.startsWith("down") ? paint("red", "✗") : paint("yellow", "!")} ${reason}`);

  heading("Services");
  out.push(...renderTable(
    ["service", "account", "state", "heartbeat", "last cycle", "cycles", "/h", "fails", "last error"],
    report.services.map((s) => [
      s.service,
      s.account ?? "",
      level(STATE_LEVEL[s.state], s.state),
      age(s.heartbeatAgeS),
      s.cycleInProgress ? "running" : s.lastCycleDurationMs === null ? "-" : `${s.lastCycleDurationMs} ms`,
      String(s.cycles),
      s.cyclesPerHour === null ? "-" : String(s.cyclesPerHour),
      String(s.consecutiveFailures),
      s.lastError === null ? (s.lastErrorAt ? paint("dim", `(recovered; last ${s.lastErrorAt})`) : "") : truncate(s.lastError, 60),
    ]),
  ));

  if (report.data) renderData(report.data, out, heading, paint);
  if (report.trading) renderTrading(report.trading, out, heading, paint);
  if (report.aws) {
    heading(`AWS (${report.aws.cluster}${report.aws.region ? `, ${report.aws.region}` : ""})`);
    out.push(...renderTable(["ECS service", "status", "running/desired", "pending"], report.aws.services.map((s) => [
      s.name, s.status, level(s.health, `${s.running}/${s.desired}`), String(s.pending),
    ])));
    for (const e of report.aws.recentErrors) out.push(`  ${paint("red", e.at)} ${e.logGroup}: ${truncate(e.message, 100)}`);
    for (const p of report.aws.problems) out.push(`  ${paint("yellow", "!")} ${p}`);
    if (report.aws.databaseTask) out.push(`  database part from Fargate task ${report.aws.databaseTask.taskArn} (exit ${report.aws.databaseTask.exitCode ?? "?"})`);
  }
  return `${out.join("\n")}\n`;
}

function renderData(d: DataStatus, out: string[], heading: (t: string) => void, paint: Paint): void {
  heading("Data freshness");
  const ageCell = (s: { ageS: number | null; stale: boolean }) => {
    const text = s.ageS === null ? "none" : formatSeconds(s.ageS);
    return s.stale ? paint("yellow", `${text} STALE`) : text;
  };
  out.push(...renderTable(
    ["symbol", "newest bar", "bar age", "features age"],
    d.bars.symbols.map((b) => {
      const f = d.features.symbols.find((x) => x.symbol === b.symbol);
      return [b.symbol, b.newestAt ?? "-", ageCell(b), f ? ageCell(f) : "-"];
    }),
  ));
  const backlog = d.news.oldestUnclassifiedAgeS === null ? "" : `, oldest ${formatSeconds(d.news.oldestUnclassifiedAgeS)}`;
  out.push(`  news: ${d.news.articles} articles (${d.news.articlesLastHour} in the last hour) from ${d.news.feeds} feeds; ${d.news.unclassified} unclassified${backlog}`);
  for (const f of d.news.failingFeeds) out.push(`  ${paint("yellow", "!")} feed ${f.name}: ${f.consecutiveFailures} failed polls (${truncate(f.lastError ?? "", 60)})`);
  const models = d.classifier.models.map((m) => `${m.model} ×${m.count}`).join(", ") || "none";
  out.push(`  classifier: ${d.classifier.mode} (${models}); ${d.classifier.classifiedLastHour} classified in the last hour`);
}

function renderTrading(t: TradingStatus, out: string[], heading: (t: string) => void, paint: Paint): void {
  const usd = (n: number | null) => (n === null ? "-" : `${n < 0 ? "-" : ""}$${Math.abs(n).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
  const pnl = (n: number | null) => (n === null ? "-" : n < 0 ? paint("red", usd(n)) : n > 0 ? paint("green", usd(n)) : usd(n));

  heading(`Watchlist (top ${t.watchlist.length})`);
  out.push(...renderTable(["rank", "symbol", "score", "in", "computed"], t.watchlist.map((w) => [
    String(w.rank), w.symbol, w.score.toFixed(3), w.inWatchlist ? "yes" : "no", w.computedAt,
  ])));

  const r = t.recommendations;
  heading(`Recommendations, last hour (${r.windowStart} .. ${r.windowEnd}): ${r.total}`);
  const actions = Object.entries(r.byAction).map(([a, n]) => `${a} ${n}`).join(", ");
  if (actions) out.push(`  by action: ${actions}`);
  for (const a of r.perAccount) {
    const outcomes = Object.entries(a.outcomes).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(", ") || "none";
    out.push(`  ${a.account}: ${outcomes}`);
    if (a.skipCodes.length > 0) out.push(`    skip codes: ${a.skipCodes.map((s) => `${s.code}×${s.count}`).join(", ")}`);
    if (a.gateDenials.length > 0) out.push(`    gates denied: ${a.gateDenials.map((g) => `${g.gate}/${g.code}×${g.count}`).join(", ")}`);
  }

  heading(`Orders and fills (${t.day} ET)`);
  out.push(...renderTable(["account", "purpose", "status", "orders"], t.orders.counts.map((c) => [c.account, c.purpose, c.status, String(c.count)])));
  if (t.orders.live.length > 0) {
    out.push("  live orders:");
    out.push(...renderTable(["client order id", "account", "symbol", "status", "qty", "age"], t.orders.live.map((o) => [
      o.clientOrderId, o.account, o.symbol, o.status, String(o.qty), o.ageS === null ? "-" : formatSeconds(o.ageS),
    ]), "    "));
  }
  for (const f of t.fills) out.push(`  fills ${f.account}: ${f.count} (${usd(f.notionalUsd)} notional), last ${f.lastAt ?? "-"}`);

  heading("Open positions");
  if (t.positions.length === 0) out.push("  none");
  else {
    out.push(...renderTable(["account", "symbol", "status", "qty", "entry", "mark", "mark at", "unrealised", "%"], t.positions.map((p) => [
      p.account, p.symbol, p.status, String(p.qty), String(p.avgEntryPrice), p.markPrice === null ? "-" : String(p.markPrice), p.markAt ?? "-",
      pnl(p.unrealizedPnlUsd), p.unrealizedPnlPct === null ? "-" : `${p.unrealizedPnlPct}%`,
    ])));
  }

  heading("Accounts");
  const modeColour = { ACTIVE: "green", REDUCING: "yellow", HALTED: "red" } as const;
  out.push(...renderTable(
    ["account", "mode", "trading", "realised today", "closed (W/L)", "open", "unrealised", "equity", "loss streak"],
    t.accounts.map((a) => [
      a.account,
      a.mode === null ? paint("yellow", "unknown") : paint(modeColour[a.mode], a.mode),
      a.tradingEnabled ? paint("green", "enabled") : paint("yellow", `halted: ${truncate(a.haltedReason ?? "", 40)}`),
      pnl(a.realizedPnlTodayUsd),
      `${a.closedToday} (${a.winsToday}/${a.lossesToday})`,
      String(a.openPositions),
      pnl(a.unrealizedPnlUsd),
      usd(a.equityUsd),
      String(a.lossStreak),
    ]),
  ));
  for (const a of t.accounts) {
    if (a.mode === null || a.mode === "ACTIVE") continue;
    const until = a.modeUntil === null ? "" : ` until ${a.modeUntil}`;
    out.push(`  ${a.account} ${paint(modeColour[a.mode], a.mode)}${until}, set by ${a.modeSetBy ?? "?"}: ${truncate(a.modeReason ?? "(no reason)", 80)}`);
  }
  const v = t.volatility;
  out.push(`  volatility: ${v.error !== null ? paint("red", v.note) : v.configured && v.reading === null ? paint("yellow", v.note) : v.configured ? v.note : paint("dim", v.note)}`);
  const used = v.lastGateReading;
  if (used !== null) {
    const what = used.regime !== null
      ? `${used.source ?? "?"}: ${used.regime} (level ${used.level ?? "-"})`
      : `${used.source ?? "no source"}: no reading${used.flag !== null ? `, passed flagged ${used.flag}` : ""}`;
    out.push(`  volatility the dispatchers last judged on (${used.account}, ${used.evaluatedAt}): ${what}`);
  }
  if (t.locks.length === 0) out.push("  active risk locks: none");
  for (const l of t.locks) out.push(`  lock ${l.id}: ${l.account} ${l.symbol ?? "(whole account)"} until ${l.lockedUntil}: ${l.reason}`);
  for (const c of t.closeRequests) out.push(`  ${paint("yellow", "close-all pending")} #${c.id} ${c.account} since ${c.requestedAt} by ${c.requestedBy}: ${c.reason}`);
}

function truncate(text: string, max: number): string {
  const one = text.replace(/\s+/g, " ");
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
}

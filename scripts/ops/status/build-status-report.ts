// `pnpm status` as plain data (freqtrade's rpc layer): every section read from the tables and judged.
// Formatting lives in render-status.ts; the CLI only chooses between it and JSON.
import { DEFAULT_VOLATILITY_LEVELS, MarketCalendar, etDateString, pendingMigrations, redactString, toError } from "@ops/core";
import type { Queryable } from "@ops/core";
import { evaluateHealth } from "./evaluate-health.js";
import type { HealthFinding } from "./evaluate-health.js";
import { evaluateService, missingService } from "./evaluate-service.js";
import { readClockFacts } from "./read-clock-inputs.js";
import { readDataFreshness } from "./read-data-freshness.js";
import { readHeartbeats } from "./read-heartbeats.js";
import { readTrading } from "./read-trading.js";
import type { VolatilityConfigOrError } from "./read-volatility.js";
import { resolveStatusClock } from "./resolve-status-clock.js";
import { EXPECTED_SERVICES, serviceThresholds } from "./service-thresholds.js";
import type { AwsStatus, ServiceStatus, StatusReport } from "./status-report.js";

export interface StatusOptions {
  /** --now, or the wall clock. */
  readonly now: Date;
  /** Shown in the report; must already be free of credentials. */
  readonly databaseTarget: string;
  /** --stale-after-s: one heartbeat stale threshold for every service instead of the per-service default. */
  readonly staleAfterS?: number;
  readonly watchlistTop?: number;
  readonly barStaleAfterS?: number;
  readonly featuresStaleAfterS?: number;
  readonly newsBacklogAfterS?: number;
  readonly unresolvedAfterS?: number;
  /** Defaults to the repository's migrations folder. */
  readonly migrationsDir?: string;
  /** OPS_VOLATILITY_* as the services read them (the CLI parses the environment); default: not configured. */
  readonly volatility?: VolatilityConfigOrError;
}

const NO_VOLATILITY_SOURCE: VolatilityConfigOrError = {
  source: { kind: "none" },
  settings: { levels: DEFAULT_VOLATILITY_LEVELS, maxAgeSeconds: 300, realizedWindow: 60 },
};

export const STATUS_DEFAULTS = {
  watchlistTop: 10,
  barStaleAfterS: 300,
  featuresStaleAfterS: 300,
  newsBacklogAfterS: 900,
  unresolvedAfterS: 300,
} as const;

export async function buildStatusReport(db: Queryable, options: StatusOptions): Promise<StatusReport> {
  const o = { ...STATUS_DEFAULTS, ...definedOnly(options) };
  const pending = await pendingMigrations(db, ...(o.migrationsDir === undefined ? [] : [o.migrationsDir]));
  const facts = await readClockFacts(db);
  const clock = resolveStatusClock({ now: o.now, ...facts, isMarketOpen });
  const heartbeatsAsOf = new Date(clock.heartbeatsAsOf);
  const marketAsOf = new Date(clock.marketAsOf);

  const services = judgeServices(await readHeartbeats(db), heartbeatsAsOf, o.staleAfterS);
  const data = await readDataFreshness(db, {
    asOf: marketAsOf,
    marketOpen: clock.marketOpen,
    barStaleAfterS: o.barStaleAfterS,
    featuresStaleAfterS: o.featuresStaleAfterS,
    newsBacklogAfterS: o.newsBacklogAfterS,
  });
  const trading = await readTrading(db, {
    asOf: marketAsOf, watchlistTop: o.watchlistTop, unresolvedAfterS: o.unresolvedAfterS, volatility: o.volatility ?? NO_VOLATILITY_SOURCE,
  });
  return {
    schemaVersion: 1,
    generatedAt: o.now.toISOString(),
    database: { target: o.databaseTarget, reachable: true, error: null, pendingMigrations: pending },
    clock,
    health: evaluateHealth({ databaseError: null, pendingMigrations: pending, services, data, trading }),
    services,
    data,
    trading,
    aws: null,
  };
}

/** The report when the database cannot be opened or read: down, with the reason. */
export function unreachableReport(now: Date, databaseTarget: string, error: unknown): StatusReport {
  const message = redactString(toError(error).message);
  return {
    schemaVersion: 1,
    generatedAt: now.toISOString(),
    database: { target: databaseTarget, reachable: false, error: message, pendingMigrations: [] },
    clock: null,
    health: evaluateHealth({ databaseError: message, pendingMigrations: [], services: [], data: null, trading: null }),
    services: [],
    data: null,
    trading: null,
    aws: null,
  };
}

/** Adds the AWS section and its findings, re-judging the whole report. */
export function withAws(report: StatusReport, aws: AwsStatus, findings: readonly HealthFinding[]): StatusReport {
  return {
    ...report,
    aws,
    health: evaluateHealth({
      databaseError: report.database.error,
      pendingMigrations: report.database.pendingMigrations,
      services: report.services,
      data: report.data,
      trading: report.trading,
      extra: findings,
    }),
  };
}

/**
 * Per (service, account) the freshest instance decides; an older instance (a replaced ECS task, an old
 * local run) is listed only while it is still alive, e.g. a standby waiting for the lease.
 */
function judgeServices(rows: Awaited<ReturnType<typeof readHeartbeats>>, asOf: Date, staleAfterS: number | undefined): ServiceStatus[] {
  const groups = new Map<string, typeof rows>();
  for (const row of rows) {
    const key = `${row.service}\u0000${row.account ?? ""}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const out: ServiceStatus[] = [];
  for (const group of groups.values()) {
    const sorted = [...group].sort((a, b) => (b.updatedAt?.getTime() ?? 0) - (a.updatedAt?.getTime() ?? 0));
    sorted.forEach((row, i) => {
      const status = evaluateService(row, asOf, serviceThresholds(row.service, staleAfterS));
      if (i === 0 || status.state !== "down") out.push(status);
    });
  }
  for (const expected of EXPECTED_SERVICES) {
    if (!out.some((s) => s.service === expected.service && s.account === expected.account)) {
      out.push(missingService(expected.service, expected.account, serviceThresholds(expected.service, staleAfterS)));
    }
  }
  const order = (s: ServiceStatus) => {
    const i = EXPECTED_SERVICES.findIndex((e) => e.service === s.service && e.account === s.account);
    return i === -1 ? EXPECTED_SERVICES.length : i;
  };
  return out.sort((a, b) => order(a) - order(b) || a.service.localeCompare(b.service) || (a.instance ?? "").localeCompare(b.instance ?? ""));
}

const calendars = new Map<number, MarketCalendar>();

function isMarketOpen(at: Date): boolean {
  const year = Number(etDateString(at).slice(0, 4));
  let calendar = calendars.get(year);
  if (calendar === undefined) {
    calendar = MarketCalendar.nyse(year - 1, year + 1);
    calendars.set(year, calendar);
  }
  return calendar.isOpenAt(at);
}

function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

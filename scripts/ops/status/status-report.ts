// The one shape `pnpm status --json` prints (and the Fargate task's output is read back as). The types are
// inferred from the schema, so the two cannot drift apart.
import {
  array, boolean, integer, isoTime, literal, nullable, number, object, record, string,
} from "../shared/checker.js";
import type { Infer } from "../shared/checker.js";

export const HEALTH_LEVELS = ["ok", "degraded", "down"] as const;
export type HealthLevel = (typeof HEALTH_LEVELS)[number];

/** Exit code per health level: scripts and alarms gate on it. */
export const EXIT_CODES = { ok: 0, degraded: 1, down: 2 } as const satisfies Record<HealthLevel, number>;
export type StatusExitCode = (typeof EXIT_CODES)[HealthLevel];

export const SERVICE_STATES = ["ok", "stale", "failing", "down", "missing"] as const;
export type ServiceState = (typeof SERVICE_STATES)[number];

export const CLOCK_MODES = ["live", "replay"] as const;
export type ClockMode = (typeof CLOCK_MODES)[number];

export const CLASSIFIER_MODES = ["finbert", "lexicon", "unknown", "none"] as const;
export type ClassifierMode = (typeof CLASSIFIER_MODES)[number];

/** risk_state.mode (migration 0009); null when the account has no risk_state row. */
export const RISK_MODES = ["ACTIVE", "REDUCING", "HALTED"] as const;
export type RiskModeName = (typeof RISK_MODES)[number];

const health = literal(...HEALTH_LEVELS);

export const serviceStatusSchema = object({
  service: string(),
  account: nullable(string()),
  instance: nullable(string()),
  buildId: nullable(string()),
  state: literal(...SERVICE_STATES),
  health,
  heartbeatAt: nullable(isoTime()),
  heartbeatAgeS: nullable(number()),
  startedAt: nullable(isoTime()),
  cycleInProgress: boolean(),
  lastCycleDurationMs: nullable(number()),
  lastSuccessAt: nullable(isoTime()),
  lastError: nullable(string()),
  lastErrorAt: nullable(isoTime()),
  consecutiveFailures: integer(),
  cycles: integer(),
  /** Cycles since the process started, per hour of its uptime (the heartbeat keeps no per-hour history). */
  cyclesPerHour: nullable(number()),
  lastCounts: record(number()),
  staleAfterS: number(),
  downAfterS: number(),
});
export type ServiceStatus = Infer<typeof serviceStatusSchema>;

export const statusClockSchema = object({
  mode: literal(...CLOCK_MODES),
  now: isoTime(),
  heartbeatsAsOf: isoTime(),
  marketAsOf: isoTime(),
  marketOpen: boolean(),
  note: string(),
});
export type StatusClock = Infer<typeof statusClockSchema>;

const symbolAge = object({ symbol: string(), newestAt: nullable(isoTime()), ageS: nullable(number()), stale: boolean() });

export const dataSchema = object({
  bars: object({ newestAt: nullable(isoTime()), staleAfterS: number(), symbols: array(symbolAge), staleSymbols: array(string()) }),
  features: object({ newestAt: nullable(isoTime()), staleAfterS: number(), symbols: array(symbolAge), staleSymbols: array(string()) }),
  news: object({
    articles: integer(),
    articlesLastHour: integer(),
    newestFetchedAt: nullable(isoTime()),
    unclassified: integer(),
    oldestUnclassifiedAgeS: nullable(number()),
    backlogAfterS: number(),
    feeds: integer(),
    failingFeeds: array(object({ name: string(), consecutiveFailures: integer(), lastError: nullable(string()) })),
  }),
  classifier: object({
    mode: literal(...CLASSIFIER_MODES),
    models: array(object({ model: string(), count: integer(), newestAt: nullable(isoTime()) })),
    classifiedLastHour: integer(),
  }),
});
export type DataStatus = Infer<typeof dataSchema>;

const account = string();

export const tradingSchema = object({
  day: string(),
  watchlist: array(object({ rank: integer(), symbol: string(), score: number(), inWatchlist: boolean(), computedAt: isoTime() })),
  recommendations: object({
    windowStart: isoTime(),
    windowEnd: isoTime(),
    total: integer(),
    byAction: record(integer()),
    perAccount: array(object({
      account,
      /** ordered / skipped / failed / claimed (undecided) / unclaimed (not seen by this account yet). */
      outcomes: record(integer()),
      skipCodes: array(object({ code: string(), count: integer() })),
      gateDenials: array(object({ gate: string(), code: string(), count: integer() })),
    })),
  }),
  orders: object({
    counts: array(object({ account, purpose: string(), status: string(), count: integer() })),
    live: array(object({
      orderId: string(), clientOrderId: string(), account, symbol: string(), purpose: string(), status: string(), qty: number(),
      ageS: nullable(number()), lastError: nullable(string()),
    })),
    unresolvedAfterS: number(),
  }),
  fills: array(object({ account, count: integer(), notionalUsd: number(), lastAt: nullable(isoTime()) })),
  positions: array(object({
    account, positionId: string(), symbol: string(), instrumentType: string(), status: string(), qty: number(), multiplier: integer(),
    avgEntryPrice: number(), markPrice: nullable(number()), markAt: nullable(isoTime()), unrealizedPnlUsd: nullable(number()),
    unrealizedPnlPct: nullable(number()), openedAt: isoTime(),
  })),
  accounts: array(object({
    account,
    tradingEnabled: boolean(),
    haltedReason: nullable(string()),
    /** ACTIVE trades, REDUCING only exits, HALTED nothing new; null = no risk_state row (does not trade). */
    mode: nullable(literal(...RISK_MODES)),
    modeReason: nullable(string()),
    /** When an automatic REDUCING lifts by itself (null: until a person or the next session). */
    modeUntil: nullable(isoTime()),
    /** "ops" (a person) or "auto" (the position manager's protections). */
    modeSetBy: nullable(string()),
    lossStreak: integer(),
    riskDailyRealizedPnlUsd: number(),
    riskUpdatedAt: isoTime(),
    riskUpdatedBy: nullable(string()),
    realizedPnlTodayUsd: number(),
    closedToday: integer(),
    winsToday: integer(),
    lossesToday: integer(),
    openPositions: integer(),
    unrealizedPnlUsd: number(),
    equityUsd: nullable(number()),
    buyingPowerUsd: nullable(number()),
    snapshotAt: nullable(isoTime()),
  })),
  locks: array(object({
    id: string(), account, symbol: nullable(string()), reason: string(), lockedAt: isoTime(), lockedUntil: isoTime(), createdBy: nullable(string()),
  })),
  closeRequests: array(object({ id: string(), account, requestedAt: isoTime(), requestedBy: string(), reason: string() })),
  /** The volatility_regime gate's source (OPS_VOLATILITY_* as this process reads them) and its reading now. */
  volatility: object({
    /** "none", "close:VIXY", "realized:SPY", or "invalid" (see error). */
    source: string(),
    configured: boolean(),
    error: nullable(string()),
    maxAgeS: nullable(number()),
    /** Upper bounds of complacent, normal, elevated, high. */
    levels: nullable(array(number())),
    reading: nullable(object({ regime: string(), level: nullable(number()), asOf: isoTime(), ageS: number() })),
    newestBarAt: nullable(isoTime()),
    /**
     * What the dispatchers' gate actually used, from the newest stored volatility_regime gate row: this
     * process's variables may differ from the services' (a laptop reading a replay, an ops task).
     */
    lastGateReading: nullable(object({
      account,
      evaluatedAt: isoTime(),
      source: nullable(string()),
      regime: nullable(string()),
      level: nullable(number()),
      /** The gate's flag when it passed without a reading (not_supplied / no_reading). */
      flag: nullable(string()),
    })),
    note: string(),
  }),
});
export type TradingStatus = Infer<typeof tradingSchema>;

export const awsSchema = object({
  region: nullable(string()),
  cluster: string(),
  services: array(object({ name: string(), status: string(), running: integer(), desired: integer(), pending: integer(), health })),
  recentErrors: array(object({ logGroup: string(), at: isoTime(), message: string() })),
  /** Problems reading AWS itself (permissions, missing log group, the task failing). */
  problems: array(string()),
  databaseTask: nullable(object({ taskArn: string(), exitCode: nullable(integer()), logStream: nullable(string()) })),
});
export type AwsStatus = Infer<typeof awsSchema>;

export const statusReportSchema = object({
  schemaVersion: literal(1),
  generatedAt: isoTime(),
  database: object({
    target: string(),
    reachable: boolean(),
    error: nullable(string()),
    pendingMigrations: array(string()),
  }),
  clock: nullable(statusClockSchema),
  health: object({ overall: health, exitCode: literal(0, 1, 2), reasons: array(string()) }),
  services: array(serviceStatusSchema),
  data: nullable(dataSchema),
  trading: nullable(tradingSchema),
  aws: nullable(awsSchema),
});
export type StatusReport = Infer<typeof statusReportSchema>;

/** Problems that make `value` not a StatusReport (empty when it is one). */
export function statusReportProblems(value: unknown): string[] {
  return statusReportSchema.check(value);
}

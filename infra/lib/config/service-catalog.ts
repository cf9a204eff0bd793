// The LOOP services the stack runs, and what each one needs. One entry per folder under services/; dispatcher and
// position-manager run once per account (seed failure 12: each with exactly its own account's keys).

/** Same strings as @ops/trading's ACCOUNT_IDS (infra does not depend on the trading package; a test compares them). */
export const ACCOUNT_IDS = ["large-100k", "tiny-1k"] as const;
export type AccountId = (typeof ACCOUNT_IDS)[number];

export const LOOP_SERVICES = [
  "telemetry",
  "news",
  "classifier",
  "features",
  "watchlist",
  "ai-watchlist",
  "signal-engine",
  "dispatcher",
  "position-manager",
] as const;
export type LoopServiceName = (typeof LOOP_SERVICES)[number];

/** none: no broker at all; data-account: market data with the data account's keys; own-account: trades as its account. */
export const ALPACA_ACCESS = ["none", "data-account", "own-account"] as const;
export type AlpacaAccess = (typeof ALPACA_ACCESS)[number];

export interface LoopServiceSpec {
  readonly perAccount: boolean;
  /** OPS_LOOP_INTERVAL_S, set explicitly (position-manager has no default of its own). */
  readonly loopIntervalS: number;
  readonly alpaca: AlpacaAccess;
  /** Fargate CPU units and memory. Starting points until Container Insights has a week of measurements. */
  readonly cpu: number;
  readonly memoryMiB: number;
  /** May call Bedrock (only with a model configured, and only that model). */
  readonly bedrock: boolean;
  /** Places orders: order-reject alarms apply. */
  readonly trades: boolean;
  /** Writes bars: the data-staleness alarm watches it. */
  readonly writesBars: boolean;
  /** Evaluates its account's protections (automatic risk mode, locks): the risk alarms of that account watch it. */
  readonly guardsRisk: boolean;
  /** transformers.js may write a cache next to the model files; every other service runs read-only. */
  readonly readonlyRootFilesystem: boolean;
}

export const LOOP_SERVICE_SPECS: Readonly<Record<LoopServiceName, LoopServiceSpec>> = {
  telemetry: spec({ loopIntervalS: 60, alpaca: "data-account", writesBars: true }),
  news: spec({ loopIntervalS: 60 }),
  classifier: spec({ loopIntervalS: 30, cpu: 1024, memoryMiB: 2048, readonlyRootFilesystem: false }),
  features: spec({ loopIntervalS: 60, cpu: 512, memoryMiB: 1024 }),
  watchlist: spec({ loopIntervalS: 60 }),
  "ai-watchlist": spec({ loopIntervalS: 3600, bedrock: true }),
  "signal-engine": spec({ loopIntervalS: 60 }),
  dispatcher: spec({ loopIntervalS: 60, perAccount: true, alpaca: "own-account", trades: true }),
  "position-manager": spec({ loopIntervalS: 60, perAccount: true, alpaca: "own-account", trades: true, guardsRisk: true }),
};

function spec(overrides: Partial<LoopServiceSpec> & Pick<LoopServiceSpec, "loopIntervalS">): LoopServiceSpec {
  return {
    perAccount: false,
    alpaca: "none",
    cpu: 256,
    memoryMiB: 512,
    bedrock: false,
    trades: false,
    writesBars: false,
    guardsRisk: false,
    readonlyRootFilesystem: true,
    ...overrides,
  };
}

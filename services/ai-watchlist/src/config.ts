import { baseServiceSchema, csvVar, enumVar, loadConfig, numberVar } from "@ops/core";
import type { EnvSource } from "@ops/core";
import { ACCOUNT_IDS } from "@ops/trading";
import { isUniverseSymbol } from "./universe-symbol.js";
import { WEEKDAYS } from "./weekly-slot.js";

const optionalText = baseServiceSchema.shape.OPS_SERVICE.optional();

export const aiWatchlistConfigSchema = baseServiceSchema
  .extend({
    OPS_SERVICE: baseServiceSchema.shape.OPS_SERVICE.default("ai-watchlist"),
    // Weekly with AI; in no-AI mode each cycle is a cheap idempotent check of the configured list.
    OPS_LOOP_INTERVAL_S: numberVar({ positive: true }).default(3600),
    /** Comma list; the universe in no-AI mode. Lower case is accepted and upper-cased. */
    OPS_UNIVERSE_SYMBOLS: csvVar()
      .transform((symbols) => [...new Set(symbols.map((s) => s.toUpperCase()))])
      .optional(),
    /** Setting it switches to the weekly Bedrock run (Converse API); unset = no-AI mode. */
    OPS_BEDROCK_MODEL_ID: optionalText,
    /** Bedrock region; the AWS SDK's own resolution (AWS_REGION, profile) when unset. */
    OPS_BEDROCK_REGION: optionalText,
    OPS_AI_TEMPERATURE: numberVar({ min: 0, max: 1 }).default(0.5),
    OPS_AI_MAX_TOKENS: numberVar({ positive: true, integer: true, max: 100_000 }).default(4000),
    OPS_AI_TIMEOUT_S: numberVar({ positive: true, max: 900 }).default(120),
    /** The weekly due time, New York wall time: weekday and "HH:MM". */
    OPS_AI_WEEKDAY: enumVar(WEEKDAYS).default("sun"),
    OPS_AI_TIME: baseServiceSchema.shape.OPS_SERVICE.default("18:00"),
    /** Failed attempts (throttling, timeouts, bad answers) per week before the old universe is kept. */
    OPS_AI_MAX_ATTEMPTS_PER_WEEK: numberVar({ positive: true, integer: true, max: 50 }).default(3),
    OPS_AI_CANDIDATES: numberVar({ positive: true, integer: true, max: 100 }).default(35),
    /** Candidates need listed, tradable options expiring within this many weeks. */
    OPS_AI_OPTION_WEEKS: numberVar({ positive: true, integer: true, max: 12 }).default(2),
    /** Candidates need a bar within this many days (ours, else the broker's daily bars). */
    OPS_AI_BARS_LOOKBACK_DAYS: numberVar({ positive: true, integer: true, max: 60 }).default(7),
    /** wall = production; sim = read market time from the simulator's GET /v2/clock. */
    OPS_CLOCK: enumVar(["wall", "sim"] as const).default("wall"),
    /** Whose Alpaca keys read the simulator clock when OPS_CLOCK=sim. */
    OPS_DATA_ACCOUNT: enumVar(ACCOUNT_IDS).default("large-100k"),
  })
  .superRefine((config, ctx) => {
    const symbols = config.OPS_UNIVERSE_SYMBOLS;
    if (config.OPS_BEDROCK_MODEL_ID === undefined && (symbols === undefined || symbols.length === 0)) {
      ctx.addIssue({
        code: "custom",
        path: ["OPS_UNIVERSE_SYMBOLS"],
        message: "required (comma list of tickers) when OPS_BEDROCK_MODEL_ID is not set",
      });
    }
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(config.OPS_AI_TIME)) {
      ctx.addIssue({ code: "custom", path: ["OPS_AI_TIME"], message: `not a "HH:MM" time: ${config.OPS_AI_TIME}` });
    }
    const bad = (symbols ?? []).filter((symbol) => !isUniverseSymbol(symbol));
    if (bad.length > 0) {
      ctx.addIssue({ code: "custom", path: ["OPS_UNIVERSE_SYMBOLS"], message: `not ticker symbols: ${bad.join(", ")}` });
    }
  });

export type AiWatchlistConfig = ReturnType<typeof aiWatchlistConfigSchema.parse>;

export function loadAiWatchlistConfig(env?: EnvSource): AiWatchlistConfig {
  return loadConfig(aiWatchlistConfigSchema, env);
}

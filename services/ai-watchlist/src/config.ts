import { baseServiceSchema, csvVar, enumVar, loadConfig, numberVar } from "@ops/core";
import type { EnvSource } from "@ops/core";
import { ACCOUNT_IDS } from "@ops/trading";
import { isUniverseSymbol } from "./universe-symbol.js";

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
    /** Setting it asks for Bedrock candidates (a later issue; refused at startup until then). */
    OPS_BEDROCK_MODEL_ID: optionalText,
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
    const bad = (symbols ?? []).filter((symbol) => !isUniverseSymbol(symbol));
    if (bad.length > 0) {
      ctx.addIssue({ code: "custom", path: ["OPS_UNIVERSE_SYMBOLS"], message: `not ticker symbols: ${bad.join(", ")}` });
    }
  });

export type AiWatchlistConfig = ReturnType<typeof aiWatchlistConfigSchema.parse>;

export function loadAiWatchlistConfig(env?: EnvSource): AiWatchlistConfig {
  return loadConfig(aiWatchlistConfigSchema, env);
}

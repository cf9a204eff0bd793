import { hostname } from "node:os";
import { z } from "zod";
import { databaseUrlVar, enumVar, numberVar } from "./env-vars.js";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const RUN_MODES = ["LOOP", "ONCE"] as const;
export type RunMode = (typeof RUN_MODES)[number];

// Same strings as @ops/trading's ACCOUNT_IDS; core must not import trading, so they are repeated here.
export const SERVICE_ACCOUNTS = ["large-100k", "tiny-1k"] as const;
export type ServiceAccount = (typeof SERVICE_ACCOUNTS)[number];

/**
 * Variables every service reads. Services extend it (`baseServiceSchema.extend({...})`) with their own
 * keys. DATABASE_URL has no fallback: a service without a database must not start.
 */
export const baseServiceSchema = z.object({
  OPS_SERVICE: z.string().trim().min(1),
  OPS_ACCOUNT: enumVar(SERVICE_ACCOUNTS).optional(),
  OPS_INSTANCE: z.string().trim().min(1).default(() => `${hostname()}-${process.pid}`),
  BUILD_ID: z.string().trim().min(1).default("dev"),
  MODE: enumVar(RUN_MODES).default("LOOP"),
  OPS_LOOP_INTERVAL_S: numberVar({ positive: true }),
  DATABASE_URL: databaseUrlVar(),
  LOG_LEVEL: enumVar(LOG_LEVELS).default("info"),
});

export type BaseServiceConfig = z.output<typeof baseServiceSchema>;

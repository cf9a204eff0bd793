// Process entry: node --conditions=development --import tsx services/news/src/main.ts
import { brokerFromEnv, clockFromEnv } from "@ops/broker-alpaca";
import { ConfigError, isEntryModule, runAsProcess, runServiceMain, toError, type EnvSource } from "@ops/core";
import { loadNewsConfig } from "./config.js";
import { createNewsCycle } from "./cycle.js";
import { loadCompanyNames } from "./load-company-names.js";

export function main(env: EnvSource = process.env): Promise<number> {
  let companyNames = new Map<string, string>();
  return runServiceMain({
    name: "news",
    loadConfig: loadNewsConfig,
    // A broken company-name file stops the service at start, naming the variable.
    preflight: async (config) => {
      companyNames = await loadCompanyNames(config.OPS_NEWS_COMPANY_NAMES_FILE).catch((error: unknown) => {
        const message = `OPS_NEWS_COMPANY_NAMES_FILE: ${toError(error).message}`;
        throw new ConfigError(message, { cause: error, issues: [{ variable: "OPS_NEWS_COMPANY_NAMES_FILE", message }] });
      });
    },
    // One poller: a second instance waits for the lease instead of fetching every feed twice.
    setup: async ({ config, db, logger }) => {
      const clock = await clockFromEnv(config.OPS_CLOCK, () => brokerFromEnv(config.OPS_DATA_ACCOUNT, env));
      return { clock, runCycle: createNewsCycle({ db, clock, logger, config, companyNames }) };
    },
  }, env);
}

if (isEntryModule(import.meta.url)) runAsProcess(() => main());

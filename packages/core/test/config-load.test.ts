import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { baseServiceSchema } from "../src/config/base-service-schema.js";
import { booleanVar, csvVar, enumVar, numberVar, requiredNumber } from "../src/config/env-vars.js";
import { loadConfig } from "../src/config/load-config.js";
import { ConfigError } from "../src/errors.js";
import { REPO_ROOT } from "./helpers.js";

const validBase = {
  OPS_SERVICE: "dispatcher",
  OPS_LOOP_INTERVAL_S: "60",
  DATABASE_URL: "postgres://ops@127.0.0.1:5432/ops",
};

function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("returns typed values with defaults applied", () => {
    const config = loadConfig(baseServiceSchema, validBase);
    expect(config.OPS_SERVICE).toBe("dispatcher");
    expect(config.OPS_LOOP_INTERVAL_S).toBe(60);
    expect(config.MODE).toBe("LOOP");
    expect(config.BUILD_ID).toBe("dev");
    expect(config.LOG_LEVEL).toBe("info");
    expect(config.OPS_ACCOUNT).toBeUndefined();
    expect(config.OPS_INSTANCE).toMatch(new RegExp(`-${process.pid}$`));
  });

  it("names a missing DATABASE_URL as required", () => {
    const { DATABASE_URL: _omitted, ...env } = validBase;
    const error = configErrorOf(() => loadConfig(baseServiceSchema, env));
    expect(error.message).toContain("DATABASE_URL: required");
  });

  it("names every bad or missing variable in one error, not just the first", () => {
    const error = configErrorOf(() =>
      loadConfig(baseServiceSchema, { OPS_LOOP_INTERVAL_S: "abc", MODE: "SOMETIMES", OPS_ACCOUNT: "large" }),
    );
    const variables = error.issues.map((issue) => issue.variable).sort();
    expect(variables).toEqual(["DATABASE_URL", "MODE", "OPS_ACCOUNT", "OPS_LOOP_INTERVAL_S", "OPS_SERVICE"]);
    for (const variable of variables) expect(error.message).toContain(`${variable}:`);
    expect(error.message).toContain('OPS_LOOP_INTERVAL_S: must be a number (got "abc")');
  });

  it("treats an empty value as missing, so FOO= cannot pass a required check", () => {
    const error = configErrorOf(() => loadConfig(baseServiceSchema, { ...validBase, DATABASE_URL: "" }));
    expect(error.message).toContain("DATABASE_URL: required");
  });

  it.each(["postgres://h/db", "postgresql://u:p@h:5432/db", "pglite:memory", "pglite:./.data/db"])(
    "accepts DATABASE_URL %s",
    (url) => {
      expect(loadConfig(baseServiceSchema, { ...validBase, DATABASE_URL: url }).DATABASE_URL).toBe(url);
    },
  );

  it("rejects a DATABASE_URL of another kind without echoing it (it may hold a password)", () => {
    const error = configErrorOf(() =>
      loadConfig(baseServiceSchema, { ...validBase, DATABASE_URL: "mysql://root:hunter2secret@db/x" }),
    );
    expect(error.message).toContain("DATABASE_URL: must start with postgres://, postgresql:// or pglite:");
    expect(error.message).not.toContain("hunter2secret");
  });

  it("rejects a non-positive loop interval", () => {
    const error = configErrorOf(() => loadConfig(baseServiceSchema, { ...validBase, OPS_LOOP_INTERVAL_S: "0" }));
    expect(error.message).toContain("OPS_LOOP_INTERVAL_S: must be greater than 0");
  });

  it("accepts the two account ids and the ONCE mode", () => {
    const config = loadConfig(baseServiceSchema, { ...validBase, OPS_ACCOUNT: "tiny-1k", MODE: "ONCE" });
    expect(config.OPS_ACCOUNT).toBe("tiny-1k");
    expect(config.MODE).toBe("ONCE");
  });

  it("lets a service extend the base schema with required risk settings that are never defaulted", () => {
    const schema = baseServiceSchema.extend({
      OPS_MAX_OPEN_POSITIONS: requiredNumber({ integer: true, min: 0 }),
      OPS_ALLOW_STOCK: booleanVar().default(false),
      OPS_TICKERS: csvVar(),
    });
    const error = configErrorOf(() => loadConfig(schema, { ...validBase, OPS_TICKERS: "AAPL" }));
    expect(error.message).toContain("OPS_MAX_OPEN_POSITIONS: required");

    const config = loadConfig(schema, { ...validBase, OPS_MAX_OPEN_POSITIONS: "5", OPS_TICKERS: " AAPL, ,MSFT " });
    expect(config.OPS_MAX_OPEN_POSITIONS).toBe(5);
    expect(config.OPS_ALLOW_STOCK).toBe(false);
    expect(config.OPS_TICKERS).toEqual(["AAPL", "MSFT"]);
  });

  it.each([
    [{ integer: true }, "2.5", "must be an integer"],
    [{ min: 1 }, "0", "must be at least 1"],
    [{ max: 0.5 }, "0.75", "must be at most 0.5"],
    [{}, "12abc", "must be a number"],
  ])("numberVar(%j) rejects %j with %j", (options, raw, message) => {
    const error = configErrorOf(() => loadConfig(z.object({ LIMIT: numberVar(options) }), { LIMIT: raw }));
    expect(error.message).toContain(`LIMIT: ${message}`);
  });

  it("rejects junk booleans and enum values with the allowed values", () => {
    const schema = z.object({ FLAG: booleanVar(), SIDE: enumVar(["buy", "sell"] as const) });
    const error = configErrorOf(() => loadConfig(schema, { FLAG: "maybe", SIDE: "hold" }));
    expect(error.message).toContain('FLAG: must be true or false (got "maybe")');
    expect(error.message).toContain("SIDE: must be one of buy|sell");
  });
});

describe("exitOnConfigError in a real process", () => {
  it("exits non-zero and names the missing variable on stderr", () => {
    const script = fileURLToPath(new URL("./fixtures/config-exit.ts", import.meta.url));
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, OPS_SERVICE: "news" };
    const child = spawnSync(process.execPath, ["--import", "tsx", "--conditions=development", script], {
      cwd: REPO_ROOT,
      env,
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(child.status).toBe(1);
    expect(child.stderr).toContain("DATABASE_URL: required");
    expect(child.stderr).toContain("OPS_LOOP_INTERVAL_S: required");
    expect(child.stdout).not.toContain("config loaded");
  });
});

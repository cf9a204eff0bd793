import { ConfigError, loadConfig } from "@ops/core";
import { describe, expect, it } from "vitest";
import { positionManagerConfigSchema } from "../src/config.js";

const BASE = { OPS_SERVICE: "position-manager", OPS_LOOP_INTERVAL_S: "60", DATABASE_URL: "pglite:memory" };

describe("position-manager config", () => {
  it("refuses to start without the account it owns exits for (seed 34)", () => {
    expect(() => loadConfig(positionManagerConfigSchema, BASE)).toThrow(ConfigError);
    expect(() => loadConfig(positionManagerConfigSchema, { ...BASE, OPS_ACCOUNT: "large" })).toThrow(/OPS_ACCOUNT/);
  });

  it("accepts one account and fills only operational defaults", () => {
    const config = loadConfig(positionManagerConfigSchema, { ...BASE, OPS_ACCOUNT: "tiny-1k" });
    expect(config).toMatchObject({ OPS_ACCOUNT: "tiny-1k", OPS_CLOCK: "wall", MODE: "LOOP" });
    expect(config.OPS_PM_CLOSING_TIMEOUT_S).toBeGreaterThan(0);
  });
});

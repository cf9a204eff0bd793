import { describe, expect, it } from "vitest";
import { ecsServiceName, logGroupName } from "../lib/config/names.js";
import { InfraConfigError, readOpsConfig } from "../lib/config/ops-config.js";
import { serviceDeployments } from "../lib/config/service-deployments.js";

const fromContext = (context: Record<string, unknown>) => (key: string) => context[key];

function issuesOf(context: Record<string, unknown>): readonly string[] {
  try {
    readOpsConfig(fromContext(context));
  } catch (error) {
    if (error instanceof InfraConfigError) return error.issues;
    throw error;
  }
  return [];
}

describe("readOpsConfig (CDK context → validated settings)", () => {
  it("gives a complete production paper stack with no context at all (synth works offline)", () => {
    const config = readOpsConfig(fromContext({}));
    expect(config.stage).toBe("prod");
    expect(config.account).toBeUndefined();
    expect(config.region).toBe("us-east-1");
    expect(config.alpacaSecretMode).toBe("import");
    expect(config.universeSymbols.length).toBeGreaterThan(0);
    expect(Object.values(config.services).every((size) => size.desiredCount === 1)).toBe(true);
  });

  it("takes account and region from the CLI's defaults when the context does not set them", () => {
    const config = readOpsConfig(fromContext({}), { defaultAccount: "123456789012", defaultRegion: "eu-west-1" });
    expect(config.account).toBe("123456789012");
    expect(config.region).toBe("eu-west-1");
  });

  it("reads -c strings the way cdk.json objects are read", () => {
    const fromCli = readOpsConfig(fromContext({ universeSymbols: "spy, aapl", dbMultiAz: "true", services: '{"telemetry-service":{"cpu":512,"memoryMiB":1024}}' }));
    const fromJson = readOpsConfig(fromContext({ universeSymbols: ["SPY", "AAPL"], dbMultiAz: true, services: { "telemetry-service": { cpu: 512, memoryMiB: 1024 } } }));
    expect(fromCli.universeSymbols).toEqual(["SPY", "AAPL"]);
    expect(fromCli).toEqual(fromJson);
    expect(fromCli.services["telemetry-service"]).toEqual({ cpu: 512, memoryMiB: 1024, desiredCount: 1 });
  });

  it("reports every problem at once instead of stopping at the first", () => {
    const issues = issuesOf({ stage: "production", logRetentionDays: "45", alertEmail: "ops", universeSymbols: "SPY,not a symbol" });
    expect(issues.some((issue) => issue.startsWith("stage:"))).toBe(true);
    expect(issues.some((issue) => issue.startsWith("logRetentionDays:"))).toBe(true);
    expect(issues.some((issue) => issue.startsWith("alertEmail:"))).toBe(true);
    expect(issues.some((issue) => issue.startsWith("universeSymbols:"))).toBe(true);
  });

  it("refuses two copies of a service: every LOOP service is a singleton", () => {
    expect(issuesOf({ services: { "dispatcher-tiny-service": { desiredCount: 2 } } })).toEqual([
      expect.stringContaining("services.dispatcher-tiny-service.desiredCount"),
    ]);
    expect(issuesOf({ desiredCount: "2" })).toEqual([expect.stringContaining("desiredCount")]);
  });

  it("refuses sizes Fargate cannot run and services that do not exist", () => {
    const issues = issuesOf({ services: { "telemetry-service": { cpu: 256, memoryMiB: 4096 }, "trader-service": { cpu: 256 } } });
    expect(issues).toEqual([expect.stringContaining("services.telemetry-service.memoryMiB"), expect.stringContaining("services.trader-service")]);
  });

  it("can deploy everything dark (desired count 0) for a first deploy before the keys exist", () => {
    const config = readOpsConfig(fromContext({ desiredCount: "0" }));
    expect(Object.values(config.services).every((size) => size.desiredCount === 0)).toBe(true);
  });

  it("uses the image tag as build id unless one is given", () => {
    expect(readOpsConfig(fromContext({ imageTag: "git-abc123" })).buildId).toBe("git-abc123");
    expect(readOpsConfig(fromContext({ imageTag: "git-abc123", buildId: "release-7" })).buildId).toBe("release-7");
    expect(readOpsConfig(fromContext({})).buildId).toBeUndefined();
  });
});

describe("service deployments", () => {
  const deployments = serviceDeployments(readOpsConfig(fromContext({})));

  it("runs dispatcher and position manager once per account and every other LOOP service once", () => {
    expect(deployments.map((d) => d.ecsServiceName).sort()).toEqual(
      [
        "ai-watchlist-service", "classifier-service", "dispatcher-service", "dispatcher-tiny-service", "features-service", "news-service",
        "position-manager-service", "position-manager-tiny-service", "signal-engine-service", "telemetry-service", "watchlist-service",
      ].sort(),
    );
  });

  it("names services and log groups as the ops team does", () => {
    expect(ecsServiceName("dispatcher", "large-100k")).toBe("dispatcher-service");
    expect(ecsServiceName("dispatcher", "tiny-1k")).toBe("dispatcher-tiny-service");
    expect(logGroupName("position-manager", "tiny-1k")).toBe("/ecs/ops-pipeline/position-manager-tiny-service");
    expect(logGroupName("signal-engine")).toBe("/ecs/ops-pipeline/signal-engine-service");
  });

  it("gives each trading service its own account's keys and telemetry the data account's, nobody else any", () => {
    const keysOf = Object.fromEntries(deployments.map((d) => [d.ecsServiceName, d.alpacaAccount]));
    expect(keysOf).toMatchObject({
      "dispatcher-service": "large-100k",
      "dispatcher-tiny-service": "tiny-1k",
      "position-manager-service": "large-100k",
      "position-manager-tiny-service": "tiny-1k",
      "telemetry-service": "large-100k",
    });
    const withoutKeys = deployments.filter((d) => !d.spec.trades && !d.spec.writesBars);
    expect(withoutKeys.length).toBeGreaterThan(0);
    expect(withoutKeys.every((d) => d.alpacaAccount === undefined)).toBe(true);
  });
});

// A development stack with everything optional switched on: created secrets, a Bedrock model, an alert e-mail and
// prebuilt images (no Docker build assets). One synth for the file.
import { Match } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alpacaSecretEnvNames } from "../lib/config/names.js";
import { resourcesOf, synthOps } from "./support/synth-ops.js";
import type { SynthesizedOps } from "./support/synth-ops.js";

const MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
let ops: SynthesizedOps;

beforeAll(() => {
  ops = synthOps({
    stage: "dev",
    alpacaSecrets: "create",
    bedrockModelId: MODEL,
    alertEmail: "ops@example.com",
    imageTag: "git-abc123",
    account: "123456789012",
    region: "eu-west-1",
  });
}, 120_000);
afterAll(() => ops?.dispose());

const json = (value: unknown): string => JSON.stringify(value);

function taskDefinitionFor(serviceName: string): Record<string, unknown> {
  const service = Object.values(resourcesOf(ops.services, "AWS::ECS::Service")).find((r) => r.Properties?.ServiceName === serviceName);
  const id = (service?.Properties?.TaskDefinition as { Ref: string }).Ref;
  return resourcesOf(ops.services, "AWS::ECS::TaskDefinition")[id]?.Properties as Record<string, unknown>;
}

function taskRoleStatements(serviceName: string): Record<string, unknown>[] {
  const roleId = (taskDefinitionFor(serviceName).TaskRoleArn as { "Fn::GetAtt": [string] })["Fn::GetAtt"][0];
  return Object.values(resourcesOf(ops.services, "AWS::IAM::Policy"))
    .filter((p) => json(p.Properties?.Roles).includes(`"${roleId}"`))
    .flatMap((p) => (p.Properties?.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement);
}

describe("a dev stack", () => {
  it("can be deleted with its database (no deletion protection, no final snapshot)", () => {
    ops.data.hasResourceProperties("AWS::RDS::DBInstance", { DeletionProtection: false, StorageEncrypted: true, PubliclyAccessible: false });
    ops.data.hasResource("AWS::RDS::DBInstance", { DeletionPolicy: "Delete" });
  });

  it("creates one placeholder secret per Alpaca account (plus the database's), and wires each to its own services", () => {
    const secrets = Object.values(resourcesOf(ops.data, "AWS::SecretsManager::Secret")).map((s) => s.Properties?.Name);
    expect(secrets.sort()).toEqual(["ops-pipeline/alpaca/large-100k", "ops-pipeline/alpaca/tiny-1k", "ops-pipeline/database/credentials"]);
    const env = (taskDefinitionFor("dispatcher-tiny-service").ContainerDefinitions as { Environment: { Name: string; Value: unknown }[] }[])[0]?.Environment ?? [];
    const keyRef = env.find((e) => e.Name === `${alpacaSecretEnvNames("tiny-1k").keyId}_SECRET_ARN`);
    expect(json(keyRef?.Value)).toMatch(/AlpacaSecretstiny1k/);
    expect(env.some((e) => e.Name.includes("LARGE_100K"))).toBe(false);
  });
});

describe("Bedrock", () => {
  it("lets only the AI watchlist invoke only the configured model", () => {
    const statements = taskRoleStatements("ai-watchlist-service").filter((s) => json(s.Action).includes("bedrock:"));
    expect(statements).toHaveLength(1);
    expect(statements[0]?.Action).toEqual(["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]);
    expect(json(statements[0]?.Resource)).toContain(`:bedrock:eu-west-1::foundation-model/${MODEL}`);
    for (const name of ["telemetry-service", "classifier-service", "dispatcher-service", "signal-engine-service"]) {
      expect(json(taskRoleStatements(name)), name).not.toContain("bedrock:");
    }
  });

  it("gives the status task (ops-pipeline-ops) no Bedrock and no Alpaca access even with both configured", () => {
    const [definition] = Object.values(resourcesOf(ops.services, "AWS::ECS::TaskDefinition")).filter((r) => r.Properties?.Family === "ops-pipeline-ops");
    const roleIds = ["TaskRoleArn", "ExecutionRoleArn"].map((key) => (definition?.Properties?.[key] as { "Fn::GetAtt": [string] })["Fn::GetAtt"][0]);
    const statements = Object.values(resourcesOf(ops.services, "AWS::IAM::Policy"))
      .filter((p) => roleIds.some((id) => json(p.Properties?.Roles).includes(`"${id}"`)))
      .flatMap((p) => (p.Properties?.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement);
    expect(statements.length).toBeGreaterThan(0);
    expect(json(statements)).not.toMatch(/bedrock|Alpaca/i);
    expect(json(definition?.Properties?.ContainerDefinitions)).not.toMatch(/ALPACA|BEDROCK/);
  });

  it("tells the AI watchlist which model to use", () => {
    const env = (taskDefinitionFor("ai-watchlist-service").ContainerDefinitions as { Environment: { Name: string; Value: unknown }[] }[])[0]?.Environment ?? [];
    expect(env).toContainEqual({ Name: "OPS_BEDROCK_MODEL_ID", Value: MODEL });
  });
});

describe("prebuilt images and alerts", () => {
  it("runs the tagged image of each service from its ECR repository, logging the tag as build id", () => {
    const definition = (taskDefinitionFor("news-service").ContainerDefinitions as Record<string, unknown>[])[0];
    expect(json(definition?.Image)).toContain("/ops-pipeline/news:git-abc123");
    expect(definition?.Environment).toContainEqual({ Name: "BUILD_ID", Value: "git-abc123" });
    // The status task runs the ops image of the same release, not a service's.
    const [opsTask] = Object.values(resourcesOf(ops.services, "AWS::ECS::TaskDefinition")).filter((r) => r.Properties?.Family === "ops-pipeline-ops");
    const opsContainer = (opsTask?.Properties?.ContainerDefinitions as Record<string, unknown>[])[0];
    expect(json(opsContainer?.Image)).toContain("/ops-pipeline/ops:git-abc123");
    expect(opsContainer?.Environment).toContainEqual({ Name: "BUILD_ID", Value: "git-abc123" });
    const artifacts = Object.values(ops.app.synth().manifest.artifacts ?? {});
    expect(json(artifacts)).not.toContain("dockerImages\":{\"");
  });

  it("subscribes the configured e-mail address to the alerts topic", () => {
    ops.monitoring.hasResourceProperties("AWS::SNS::Subscription", { Protocol: "email", Endpoint: "ops@example.com", TopicArn: Match.anyValue() });
  });
});

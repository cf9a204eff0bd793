// cdk-nag's AwsSolutions pack over the whole app: zero unacknowledged findings, and every acknowledgement names one
// rule on one resource with a written reason (no blanket suppressions).
import { CfnResource, Validations } from "aws-cdk-lib";
import type { IConstruct } from "constructs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nagViolations } from "./support/synth-ops.js";

const VARIANT = {
  stage: "dev",
  alpacaSecrets: "create",
  bedrockModelId: "us.anthropic.claude-3-5-haiku-20241022-v1:0",
  alertEmail: "ops@example.com",
  account: "123456789012",
  region: "eu-west-1",
  imageTag: "git-abc123",
};

let defaults: ReturnType<typeof nagViolations>;
let variant: ReturnType<typeof nagViolations>;

beforeAll(() => {
  defaults = nagViolations();
  variant = nagViolations(VARIANT);
}, 180_000);
afterAll(() => {
  defaults?.dispose();
  variant?.dispose();
});

function acknowledgements(root: IConstruct): { path: string; isResource: boolean; id: string; reason: unknown }[] {
  // Only cdk-nag's: CDK itself acknowledges some of its own template checks (CloudFormation-Validate::…).
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, unknown>).map(([id, reason]) => ({
          path: construct.node.path,
          isResource: CfnResource.isCfnResource(construct),
          id: id.replace(/^annotation::/i, ""),
          reason,
        })),
      ),
  ).filter((ack) => ack.id.startsWith("AwsSolutions"));
}

describe("cdk-nag AwsSolutions", () => {
  it("reports no unacknowledged finding for the default production stack", () => {
    expect(defaults.violations).toEqual([]);
  });

  it("reports no unacknowledged finding for a dev stack with every option on", () => {
    expect(variant.violations).toEqual([]);
  });

  it("acknowledges each finding as one rule on one resource, with a reason", () => {
    for (const app of [defaults.app, variant.app]) {
      const acks = acknowledgements(app);
      expect(acks.length).toBeGreaterThan(0);
      for (const ack of acks) {
        expect(ack.isResource, `${ack.id} on ${ack.path} must sit on a CloudFormation resource`).toBe(true);
        expect(ack.id).toMatch(/^AwsSolutions-[A-Z0-9]+(\[[^\]]+\])?$/);
        expect(typeof ack.reason === "string" && ack.reason.length >= 40, `${ack.id} on ${ack.path}`).toBe(true);
      }
    }
  });

  it("never acknowledges an IAM wildcard wholesale (only named findings)", () => {
    const blanket = acknowledgements(defaults.app).filter((ack) => ack.id === "AwsSolutions-IAM5");
    expect(blanket).toEqual([]);
  });
});

import { Token, Validations } from "aws-cdk-lib";
import type { Stack } from "aws-cdk-lib";
import type { IConstruct } from "constructs";

/**
 * Acknowledges one cdk-nag rule (or one finding of it, `Rule[Finding]`) on one resource, with the reason. Applied to
 * the construct's CloudFormation resource where it has one, so the acknowledgement cannot spread to siblings.
 */
export function acknowledgeNag(scope: IConstruct, rule: string, reason: string): void {
  if (!/^AwsSolutions-[A-Z0-9]+(\[.+\])?$/.test(rule)) throw new Error(`not one AwsSolutions rule: ${rule}`);
  if (reason.trim().length < 20) throw new Error(`acknowledging ${rule} needs a written reason`);
  const target = scope.node.defaultChild ?? scope;
  Validations.of(target).acknowledge({ id: rule, reason });
}

/** An ARN as cdk-nag prints it inside a finding id (unresolved partition, region and account as placeholders). */
export function arnInFinding(
  stack: Stack,
  parts: { service: string; resource: string; resourceName: string; region?: string; account?: string },
): string {
  const region = parts.region ?? (Token.isUnresolved(stack.region) ? "<AWS::Region>" : stack.region);
  const account = parts.account ?? (Token.isUnresolved(stack.account) ? "<AWS::AccountId>" : stack.account);
  return `arn:<AWS::Partition>:${parts.service}:${region}:${account}:${parts.resource}/${parts.resourceName}`;
}

/** The policy CDK adds to a role for grants (its "DefaultPolicy"); call after the grants. */
export function defaultPolicyOf(role: IConstruct): IConstruct {
  const policy = role.node.tryFindChild("DefaultPolicy");
  if (policy === undefined) throw new Error(`${role.node.path} has no default policy to acknowledge a finding on`);
  return policy;
}

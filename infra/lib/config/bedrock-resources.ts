import { Stack } from "aws-cdk-lib";
import type { IConstruct } from "constructs";

/** Cross-region inference profiles are named "<geo>.<model>"; they route to the model in several regions. */
const INFERENCE_PROFILE_PREFIX = /^(us|eu|apac|us-gov|ca|jp|au|global)\./;

/**
 * The ARNs that let a task invoke exactly one configured model, and nothing when none is configured. A foundation
 * model id gives its ARN in this region; an inference profile id gives the profile plus the model it routes to.
 */
export function bedrockModelResources(modelId: string | undefined, scope: IConstruct): string[] {
  if (modelId === undefined) return [];
  const stack = Stack.of(scope);
  const profile = INFERENCE_PROFILE_PREFIX.exec(modelId);
  if (profile === null) {
    return [stack.formatArn({ service: "bedrock", account: "", resource: "foundation-model", resourceName: modelId })];
  }
  const model = modelId.slice(profile[0].length);
  return [
    stack.formatArn({ service: "bedrock", resource: "inference-profile", resourceName: modelId }),
    // The profile may route the call to any region it covers.
    stack.formatArn({ service: "bedrock", region: "*", account: "", resource: "foundation-model", resourceName: model }),
  ];
}

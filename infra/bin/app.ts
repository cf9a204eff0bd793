// `pnpm --filter @ops/infra synth` (offline: no Docker, no AWS credentials) or `pnpm --filter @ops/infra cdk deploy --all`.
// Only this file reads the environment; everything below receives a validated OpsConfig.
import { App } from "aws-cdk-lib";
import { InfraConfigError, readOpsConfig } from "../lib/config/ops-config.js";
import { OPS_CDK_CONTEXT, createOpsStacks } from "../lib/ops-app.js";

const cliOutdir = process.env.CDK_OUTDIR?.trim() || undefined;
const app = new App({ outdir: cliOutdir ?? "cdk.out", context: { ...OPS_CDK_CONTEXT } });
try {
  const config = readOpsConfig((key) => app.node.tryGetContext(key), {
    defaultAccount: process.env.CDK_DEFAULT_ACCOUNT,
    defaultRegion: process.env.CDK_DEFAULT_REGION,
  });
  const stacks = createOpsStacks(app, config);
  const assembly = app.synth();
  if (cliOutdir === undefined) {
    // Run directly (not by the cdk CLI): say what was written.
    for (const stack of Object.values(stacks)) {
      process.stdout.write(`${stack.stackName}: ${assembly.getStackByName(stack.stackName).templateFullPath}\n`);
    }
  }
} catch (error) {
  if (error instanceof InfraConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

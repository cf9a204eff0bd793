import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Validations } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import { readOpsConfig } from "../../lib/config/ops-config.js";
import type { OpsConfig } from "../../lib/config/ops-config.js";
import { OPS_CDK_CONTEXT, createOpsStacks } from "../../lib/ops-app.js";
import type { OpsStacks } from "../../lib/ops-app.js";

export interface SynthesizedOps {
  readonly config: OpsConfig;
  readonly stacks: OpsStacks;
  readonly data: Template;
  readonly services: Template;
  readonly monitoring: Template;
  readonly app: App;
  /** Removes the temporary cloud assembly. */
  dispose(): void;
}

/** One synth of the whole app (synthesis is slow: call it once per test file, in beforeAll). */
export function synthOps(context: Record<string, unknown> = {}): SynthesizedOps {
  const outdir = mkdtempSync(join(tmpdir(), "ops-infra-test-"));
  const app = new App({ outdir, context: { ...OPS_CDK_CONTEXT, ...context } });
  const config = readOpsConfig((key) => app.node.tryGetContext(key));
  const stacks = createOpsStacks(app, config);
  return {
    config,
    stacks,
    app,
    data: Template.fromStack(stacks.data),
    services: Template.fromStack(stacks.services),
    monitoring: Template.fromStack(stacks.monitoring),
    dispose: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/**
 * Synthesizes with cdk-nag's AwsSolutions pack as a validation plugin; returns the report's violations (synth
 * throws when there are any, so the plugin is never on the App used for Template assertions).
 */
export function nagViolations(context: Record<string, unknown> = {}): { violations: string[]; app: App; dispose(): void } {
  const outdir = mkdtempSync(join(tmpdir(), "ops-infra-nag-"));
  const app = new App({ outdir, context: { ...OPS_CDK_CONTEXT, ...context } });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  createOpsStacks(app, readOpsConfig((key) => app.node.tryGetContext(key)));
  let violations: string[] = [];
  try {
    app.synth();
  } catch (error) {
    violations = [String((error as Error).message)];
  }
  return { violations, app, dispose: () => rmSync(outdir, { recursive: true, force: true }) };
}

type CfnResource = { Type: string; Properties?: Record<string, unknown>; DependsOn?: string[]; DeletionPolicy?: string; UpdateReplacePolicy?: string };

/** Resources of one type, by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, CfnResource> {
  return template.findResources(type) as Record<string, CfnResource>;
}

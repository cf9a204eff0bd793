// Names on AWS (infra/ must agree): the cluster, one log group per ECS service, and the one-off task
// definition that runs `pnpm status --json` inside the VPC (the database is in isolated subnets).
export const AWS_DEFAULTS = {
  cluster: "ops-pipeline-cluster",
  logGroupPrefix: "/ecs/ops-pipeline/",
  taskDefinition: "ops-pipeline-ops",
  container: "ops",
  statusCommand: ["pnpm", "status", "--json"],
  errorWindowMs: 3_600_000,
  errorsPerGroup: 3,
  taskTimeoutMs: 5 * 60_000,
  taskPollMs: 5_000,
} as const;

/** `/ecs/ops-pipeline/<name>-service` for the ECS service `<name>-service` (or `<name>`). */
export function logGroupFor(serviceName: string): string {
  const name = serviceName.endsWith("-service") ? serviceName : `${serviceName}-service`;
  return `${AWS_DEFAULTS.logGroupPrefix}${name}`;
}

// Names on AWS (infra/ must agree): the cluster, one log group per ECS service, and the one-off task
// definition that runs `pnpm status --json` inside the VPC (the database is in isolated subnets).
// statusCommand is that in the ops image's terms (docker/script-images.mjs): plain node on the transpiled CLI, with
// the preload that turns the OPS_DB_* parts ECS injects into DATABASE_URL; no pnpm or tsx in the image.
export const AWS_DEFAULTS = {
  cluster: "ops-pipeline-cluster",
  logGroupPrefix: "/ecs/ops-pipeline/",
  taskDefinition: "ops-pipeline-ops",
  container: "ops",
  statusCommand: ["node", "--enable-source-maps", "--import", "./runtime/set-database-url.mjs", "dist/main.js", "--json"],
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

import { DescribeServicesCommand, ListServicesCommand } from "@aws-sdk/client-ecs";
import type { AwsVpcConfiguration, ECSClient } from "@aws-sdk/client-ecs";
import type { AwsStatus, HealthLevel } from "../status/status-report.js";

export interface EcsServiceRow {
  readonly status: AwsStatus["services"][number];
  /** The service's task network, reused for the one-off status task. */
  readonly network: AwsVpcConfiguration | undefined;
}

/** Every service of the cluster with running/desired/pending counts (paged, 10 per describe call). */
export async function readEcsServices(ecs: ECSClient, cluster: string): Promise<EcsServiceRow[]> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ecs.send(new ListServicesCommand({ cluster, ...(nextToken ? { nextToken } : {}), maxResults: 100 }));
    arns.push(...(page.serviceArns ?? []));
    nextToken = page.nextToken;
  } while (nextToken);

  const rows: EcsServiceRow[] = [];
  for (let i = 0; i < arns.length; i += 10) {
    const described = await ecs.send(new DescribeServicesCommand({ cluster, services: arns.slice(i, i + 10) }));
    for (const s of described.services ?? []) {
      const running = s.runningCount ?? 0;
      const desired = s.desiredCount ?? 0;
      rows.push({
        status: {
          name: s.serviceName ?? s.serviceArn ?? "?",
          status: s.status ?? "UNKNOWN",
          running,
          desired,
          pending: s.pendingCount ?? 0,
          health: ecsHealth(s.status ?? "UNKNOWN", running, desired),
        },
        network: s.networkConfiguration?.awsvpcConfiguration,
      });
    }
  }
  return rows.sort((a, b) => a.status.name.localeCompare(b.status.name));
}

/** Every loop should run: scaled to zero or short of its desired count is a fault. */
export function ecsHealth(status: string, running: number, desired: number): HealthLevel {
  if (status !== "ACTIVE") return "degraded";
  if (desired === 0) return "degraded";
  if (running === 0) return "down";
  return running < desired ? "degraded" : "ok";
}

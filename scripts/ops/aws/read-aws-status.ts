// `pnpm status --aws`: ECS counts, recent errors per log group, and (unless a database URL was given)
// the database part of the report from a one-off Fargate task inside the VPC.
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { ECSClient } from "@aws-sdk/client-ecs";
import { toError } from "@ops/core";
import type { HealthFinding } from "../status/evaluate-health.js";
import { statusReportProblems } from "../status/status-report.js";
import type { AwsStatus, StatusReport } from "../status/status-report.js";
import { AWS_DEFAULTS, logGroupFor } from "./aws-defaults.js";
import { readEcsServices } from "./read-ecs-services.js";
import type { EcsServiceRow } from "./read-ecs-services.js";
import { readRecentErrors } from "./read-log-errors.js";
import { runStatusTask } from "./run-status-task.js";

export interface AwsClients {
  readonly ecs: ECSClient;
  readonly logs: CloudWatchLogsClient;
  readonly region: string | null;
}

export interface AwsStatusOptions {
  readonly now: Date;
  readonly cluster?: string;
  readonly taskDefinition?: string;
  readonly container?: string;
  /** What the task runs; it must print the JSON report (default AWS_DEFAULTS.statusCommand). */
  readonly command?: readonly string[];
  /** Run the database part as a Fargate task (false when a database URL was given). */
  readonly runDatabaseTask: boolean;
  readonly taskPollMs?: number;
  readonly taskTimeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface AwsStatusResult {
  readonly aws: AwsStatus;
  readonly findings: HealthFinding[];
  /** The database report the task printed (validated), when the task ran and printed one. */
  readonly databaseReport: StatusReport | null;
  /** Why there is no database report although one was asked for. */
  readonly databaseError: string | null;
}

export async function readAwsStatus(clients: AwsClients, o: AwsStatusOptions): Promise<AwsStatusResult> {
  const cluster = o.cluster ?? AWS_DEFAULTS.cluster;
  const problems: string[] = [];
  const findings: HealthFinding[] = [];
  let rows: EcsServiceRow[] = [];
  try {
    rows = await readEcsServices(clients.ecs, cluster);
  } catch (error) {
    problems.push(`ECS cluster ${cluster}: ${describe(error)}`);
  }
  for (const { status: s } of rows) {
    if (s.health !== "ok") findings.push({ level: s.health, reason: `ECS ${s.name}: ${s.running}/${s.desired} tasks running (status ${s.status})` });
  }
  const since = new Date(o.now.getTime() - AWS_DEFAULTS.errorWindowMs);
  const recent = await readRecentErrors(clients.logs, rows.map((r) => logGroupFor(r.status.name)), since, AWS_DEFAULTS.errorsPerGroup);
  problems.push(...recent.problems);

  let databaseTask: AwsStatus["databaseTask"] = null;
  let databaseReport: StatusReport | null = null;
  let databaseError: string | null = null;
  if (o.runDatabaseTask) {
    const network = rows.find((r) => r.network?.subnets?.length)?.network;
    if (network === undefined) {
      databaseError = `no ECS service in ${cluster} with a VPC network to run the status task in`;
    } else {
      try {
        const task = await runStatusTask(clients.ecs, clients.logs, {
          cluster,
          taskDefinition: o.taskDefinition ?? AWS_DEFAULTS.taskDefinition,
          container: o.container ?? AWS_DEFAULTS.container,
          command: o.command ?? AWS_DEFAULTS.statusCommand,
          network,
          timeoutMs: o.taskTimeoutMs ?? AWS_DEFAULTS.taskTimeoutMs,
          pollMs: o.taskPollMs ?? AWS_DEFAULTS.taskPollMs,
          ...(o.sleep ? { sleep: o.sleep } : {}),
        });
        databaseTask = { taskArn: task.taskArn, exitCode: task.exitCode, logStream: task.logStream };
        problems.push(...task.problems);
        const invalid = task.output === null ? ["no output"] : statusReportProblems(task.output);
        if (invalid.length === 0) databaseReport = task.output as StatusReport;
        else databaseError = `the status task's output is not a status report: ${invalid.slice(0, 3).join("; ")}`;
      } catch (error) {
        databaseError = `status task: ${describe(error)}`;
      }
    }
  }
  if (problems.length > 0) findings.push({ level: "degraded", reason: `AWS could not be read completely (${problems.length} problem(s), see the AWS section)` });
  return {
    aws: { region: clients.region, cluster, services: rows.map((r) => r.status), recentErrors: recent.errors, problems, databaseTask },
    findings,
    databaseReport,
    databaseError,
  };
}

function describe(error: unknown): string {
  const e = toError(error);
  return `${e.name}: ${e.message}`;
}

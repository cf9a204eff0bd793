// `pnpm status --aws` with the AWS SDK mocked (aws-sdk-client-mock): ECS counts, recent error lines per
// log group, and the database part run as a one-off Fargate task whose JSON output is read back.
import { CloudWatchLogsClient, FilterLogEventsCommand, GetLogEventsCommand, ResourceNotFoundException } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, DescribeTasksCommand, ECSClient, ListServicesCommand, RunTaskCommand } from "@aws-sdk/client-ecs";
import { freshPgliteDb } from "@ops/core/testing";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { AWS_DEFAULTS } from "../ops/aws/aws-defaults.js";
import { readEcsServices } from "../ops/aws/read-ecs-services.js";
import { readRecentErrors } from "../ops/aws/read-log-errors.js";
import { runStatusTask } from "../ops/aws/run-status-task.js";
import { buildStatusReport } from "../ops/status/build-status-report.js";
import { runStatusCli } from "../ops/status/run-status-cli.js";
import { statusReportProblems } from "../ops/status/status-report.js";
import type { StatusReport } from "../ops/status/status-report.js";
import { EXPECTED_SERVICES } from "../ops/status/service-thresholds.js";

const ecsMock = mockClient(ECSClient);
const logsMock = mockClient(CloudWatchLogsClient);
afterEach(() => {
  ecsMock.reset();
  logsMock.reset();
});

const CLUSTER = "ops-pipeline-cluster";
const NOW = new Date("2026-03-03T15:00:00Z");
const network = { subnets: ["subnet-isolated-a", "subnet-isolated-b"], securityGroups: ["sg-services"] };

function service(name: string, running: number, desired: number) {
  return { serviceName: name, status: "ACTIVE", runningCount: running, desiredCount: desired, pendingCount: 0, networkConfiguration: { awsvpcConfiguration: network } };
}

/** A healthy database report, as the status task inside the VPC would print it. */
let healthyReport: StatusReport;
beforeAll(async () => {
  const db = await freshPgliteDb();
  try {
    for (const s of EXPECTED_SERVICES) {
      await db.query(
        `INSERT INTO service_heartbeats (service, account, instance, build_id, started_at, cycle_started_at, cycle_finished_at, last_success_at, cycles, updated_at)
         VALUES ($1, $2, 'task-1', 'b1', $3, $4, $4, $4, 42, $4)`,
        [s.service, s.account ?? "", new Date(NOW.getTime() - 3_600_000), new Date(NOW.getTime() - 20_000)],
      );
    }
    healthyReport = await buildStatusReport(db, { now: NOW, databaseTarget: "postgres://ops@db.internal:5432/ops" });
  } finally {
    await db.close();
  }
  expect(healthyReport.health.exitCode).toBe(0);
});

describe("ECS and CloudWatch Logs", () => {
  it("reads running/desired counts of every service across pages and judges them", async () => {
    ecsMock.on(ListServicesCommand).resolvesOnce({ serviceArns: ["arn:a", "arn:b"], nextToken: "p2" }).resolvesOnce({ serviceArns: ["arn:c"] });
    ecsMock.on(DescribeServicesCommand).resolves({
      services: [service("telemetry-service", 1, 1), service("dispatcher-large-100k-service", 0, 1), service("news-service", 1, 2)],
    });
    const rows = await readEcsServices(new ECSClient({ region: "us-east-1" }), CLUSTER);
    expect(ecsMock.commandCalls(ListServicesCommand)).toHaveLength(2);
    expect(ecsMock.commandCalls(DescribeServicesCommand)[0]?.args[0].input).toEqual({ cluster: CLUSTER, services: ["arn:a", "arn:b", "arn:c"] });
    expect(rows.map((r) => [r.status.name, `${r.status.running}/${r.status.desired}`, r.status.health])).toEqual([
      ["dispatcher-large-100k-service", "0/1", "down"],
      ["news-service", "1/2", "degraded"],
      ["telemetry-service", "1/1", "ok"],
    ]);
  });

  it("keeps the newest error lines per log group, masks secrets, and reports a missing group as a problem", async () => {
    const line = (at: number, message: string) => ({ timestamp: NOW.getTime() - at, message: JSON.stringify({ level: "error", event: "cycle.failed", message: "cycle failed", error: { message } }) });
    logsMock.on(FilterLogEventsCommand, { logGroupName: "/ecs/ops-pipeline/telemetry-service" }).resolves({
      events: [line(50_000, "first"), line(40_000, "connect postgres://ops:hunter22@db/ops refused"), line(30_000, "third"), line(20_000, "fourth")], // secret-scan: allow (a fake password the status output must mask)
    });
    logsMock.on(FilterLogEventsCommand, { logGroupName: "/ecs/ops-pipeline/news-service" }).rejects(
      new ResourceNotFoundException({ message: "The specified log group does not exist.", $metadata: {} }),
    );
    const result = await readRecentErrors(new CloudWatchLogsClient({ region: "us-east-1" }), ["/ecs/ops-pipeline/telemetry-service", "/ecs/ops-pipeline/news-service"], new Date(NOW.getTime() - 3_600_000), 3);
    expect(result.errors.map((e) => e.message)).toEqual([
      "cycle.failed: cycle failed: fourth",
      "cycle.failed: cycle failed: third",
      "cycle.failed: cycle failed: connect postgres://ops:***@db/ops refused",
    ]);
    expect(result.problems).toEqual(["log group /ecs/ops-pipeline/news-service: ResourceNotFoundException: The specified log group does not exist."]);
    expect(logsMock.commandCalls(FilterLogEventsCommand)[0]?.args[0].input).toMatchObject({ startTime: NOW.getTime() - 3_600_000, filterPattern: expect.stringContaining('$.level = "error"') });
  });
});

describe("the database part as a one-off Fargate task", () => {
  function mockTask(output: string[], exitCode = 0) {
    ecsMock.on(RunTaskCommand).resolves({ tasks: [{ taskArn: "arn:aws:ecs:us-east-1:1:task/ops-pipeline-cluster/abc123" }] });
    ecsMock.on(DescribeTasksCommand)
      .resolvesOnce({ tasks: [{ lastStatus: "RUNNING" }] })
      .resolves({ tasks: [{ lastStatus: "STOPPED", containers: [{ name: "ops", exitCode }] }] });
    ecsMock.on(DescribeTaskDefinitionCommand).resolves({
      taskDefinition: { containerDefinitions: [{ name: "ops", logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/ecs/ops-pipeline/ops", "awslogs-stream-prefix": "ops" } } }] },
    });
    logsMock.on(GetLogEventsCommand)
      .resolvesOnce({ events: output.map((message) => ({ message })), nextForwardToken: "f/1" })
      .resolves({ events: [], nextForwardToken: "f/1" });
  }

  it("runs the status command in the services' private subnets and reads its report from the task's log stream", async () => {
    const json = JSON.stringify(healthyReport, null, 2).split("\n");
    // A line before the report (a preload's or a runtime's notice) must not hide it.
    mockTask(["(node:1) ExperimentalWarning: something", ...json]);
    const sleeps: number[] = [];
    const result = await runStatusTask(new ECSClient({ region: "us-east-1" }), new CloudWatchLogsClient({ region: "us-east-1" }), {
      cluster: CLUSTER, taskDefinition: "ops-pipeline-ops", container: "ops", command: AWS_DEFAULTS.statusCommand, network,
      timeoutMs: 60_000, pollMs: 5_000, sleep: async (ms) => void sleeps.push(ms),
    });
    expect(ecsMock.commandCalls(RunTaskCommand)[0]?.args[0].input).toMatchObject({
      cluster: CLUSTER, taskDefinition: "ops-pipeline-ops", launchType: "FARGATE",
      networkConfiguration: { awsvpcConfiguration: { subnets: network.subnets, securityGroups: network.securityGroups, assignPublicIp: "DISABLED" } },
      overrides: { containerOverrides: [{ name: "ops", command: [...AWS_DEFAULTS.statusCommand] }] },
    });
    expect(sleeps).toEqual([5_000]);
    expect(logsMock.commandCalls(GetLogEventsCommand)[0]?.args[0].input).toMatchObject({ logGroupName: "/ecs/ops-pipeline/ops", logStreamName: "ops/ops/abc123", startFromHead: true });
    expect(result).toMatchObject({ exitCode: 0, logStream: "/ecs/ops-pipeline/ops:ops/ops/abc123", problems: [] });
    expect(result.output).toEqual(healthyReport);
  });

  it("pnpm status --aws combines the task's report with ECS and log errors, validates, and exits with the worst verdict", async () => {
    ecsMock.on(ListServicesCommand).resolves({ serviceArns: ["arn:a", "arn:b"] });
    ecsMock.on(DescribeServicesCommand).resolves({ services: [service("telemetry-service", 1, 1), service("news-service", 1, 2)] });
    logsMock.on(FilterLogEventsCommand).resolves({ events: [] });
    mockTask(JSON.stringify(healthyReport).split("\n"));
    const out: string[] = [];
    const code = await runStatusCli(["--aws", "--json", "--now", NOW.toISOString(), "--aws-command", "node dist/status.js --json"], {
      stdout: { write: (s: string) => out.push(s) }, stderr: { write: () => undefined }, env: {},
      awsClients: (region) => ({ ecs: new ECSClient({ region: "us-east-1" }), logs: new CloudWatchLogsClient({ region: "us-east-1" }), region: region ?? "us-east-1" }),
      awsOptions: { sleep: async () => undefined },
    });
    const report = JSON.parse(out.join("")) as StatusReport;
    expect(statusReportProblems(report)).toEqual([]);
    expect(code).toBe(1);
    expect(report.health.reasons).toEqual(["degraded: ECS news-service: 1/2 tasks running (status ACTIVE)"]);
    expect(report.services).toEqual(healthyReport.services);
    expect(ecsMock.commandCalls(RunTaskCommand)[0]?.args[0].input.overrides?.containerOverrides?.[0]?.command).toEqual(["node", "dist/status.js", "--json"]);
    expect(report.aws).toMatchObject({ cluster: CLUSTER, databaseTask: { exitCode: 0 }, services: [{ name: "news-service" }, { name: "telemetry-service" }] });
  });

  it("reports the database as unreachable (exit 2) when the task cannot start", async () => {
    ecsMock.on(ListServicesCommand).resolves({ serviceArns: ["arn:a"] });
    ecsMock.on(DescribeServicesCommand).resolves({ services: [service("telemetry-service", 1, 1)] });
    logsMock.on(FilterLogEventsCommand).resolves({ events: [] });
    ecsMock.on(RunTaskCommand).resolves({ tasks: [], failures: [{ reason: "RESOURCE:ENI", detail: "no free addresses" }] });
    const out: string[] = [];
    const code = await runStatusCli(["--aws", "--json"], {
      stdout: { write: (s: string) => out.push(s) }, stderr: { write: () => undefined }, env: {},
      awsClients: () => ({ ecs: new ECSClient({ region: "us-east-1" }), logs: new CloudWatchLogsClient({ region: "us-east-1" }), region: "us-east-1" }),
    });
    const report = JSON.parse(out.join("")) as StatusReport;
    expect(code).toBe(2);
    expect(statusReportProblems(report)).toEqual([]);
    expect(report.database).toMatchObject({ reachable: false, error: expect.stringMatching(/RunTask started no task: RESOURCE:ENI \(no free addresses\)/) });
    // Without --aws-command the task runs the ops image's status command (tests/image runs that command for real).
    expect(ecsMock.commandCalls(RunTaskCommand)[0]?.args[0].input.overrides?.containerOverrides?.[0]?.command).toEqual([...AWS_DEFAULTS.statusCommand]);
  });
});

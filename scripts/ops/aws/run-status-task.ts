// The database part of `pnpm status --aws`: the database sits in isolated subnets, so instead of opening
// a port to a laptop, a one-off Fargate task runs `pnpm status --json` inside the VPC and its output is
// read back from the task's log stream.
import { GetLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeTaskDefinitionCommand, DescribeTasksCommand, RunTaskCommand } from "@aws-sdk/client-ecs";
import type { AwsVpcConfiguration, ECSClient } from "@aws-sdk/client-ecs";

export interface StatusTaskOptions {
  readonly cluster: string;
  readonly taskDefinition: string;
  readonly container: string;
  readonly command: readonly string[];
  /** The network of a pipeline service (same subnets and security groups as the services). */
  readonly network: AwsVpcConfiguration;
  readonly timeoutMs: number;
  readonly pollMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly nowMs?: () => number;
}

export interface StatusTaskResult {
  readonly taskArn: string;
  readonly exitCode: number | null;
  readonly logStream: string | null;
  /** The parsed JSON the task printed (validate before use), or null. */
  readonly output: unknown;
  readonly problems: string[];
}

export class StatusTaskError extends Error {
  override readonly name = "StatusTaskError";
}

export async function runStatusTask(ecs: ECSClient, logs: CloudWatchLogsClient, o: StatusTaskOptions): Promise<StatusTaskResult> {
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const nowMs = o.nowMs ?? Date.now;
  const started = await ecs.send(new RunTaskCommand({
    cluster: o.cluster,
    taskDefinition: o.taskDefinition,
    launchType: "FARGATE",
    count: 1,
    startedBy: "pnpm-status",
    networkConfiguration: { awsvpcConfiguration: { ...o.network, assignPublicIp: "DISABLED" } },
    overrides: { containerOverrides: [{ name: o.container, command: [...o.command] }] },
  }));
  const taskArn = started.tasks?.[0]?.taskArn;
  if (!taskArn) {
    const why = (started.failures ?? []).map((f) => `${f.reason ?? "?"}${f.detail ? ` (${f.detail})` : ""}`).join("; ");
    throw new StatusTaskError(`RunTask started no task: ${why || "no reason given"}`);
  }

  const problems: string[] = [];
  const deadline = nowMs() + o.timeoutMs;
  let exitCode: number | null = null;
  let stopped = false;
  while (!stopped) {
    const described = await ecs.send(new DescribeTasksCommand({ cluster: o.cluster, tasks: [taskArn] }));
    const task = described.tasks?.[0];
    if (task?.lastStatus === "STOPPED") {
      stopped = true;
      const container = task.containers?.find((c) => c.name === o.container);
      exitCode = container?.exitCode ?? null;
      if (exitCode === null) problems.push(`status task stopped without an exit code: ${task.stoppedReason ?? container?.reason ?? "no reason given"}`);
    } else if (nowMs() >= deadline) {
      throw new StatusTaskError(`status task ${taskArn} did not stop within ${Math.round(o.timeoutMs / 1000)} s`);
    } else {
      await sleep(o.pollMs);
    }
  }

  const logStream = await logStreamOf(ecs, o, taskArn);
  if (logStream === null) {
    problems.push(`task definition ${o.taskDefinition} has no awslogs configuration for container ${o.container}`);
    return { taskArn, exitCode, logStream: null, output: null, problems };
  }
  const lines = await readStream(logs, logStream.group, logStream.stream);
  const output = parseJsonOutput(lines);
  if (output === null) problems.push(`no JSON report in ${logStream.group}/${logStream.stream} (${lines.length} lines)`);
  return { taskArn, exitCode, logStream: `${logStream.group}:${logStream.stream}`, output, problems };
}

/** awslogs names a task's stream `<prefix>/<container>/<task id>`. */
async function logStreamOf(ecs: ECSClient, o: StatusTaskOptions, taskArn: string): Promise<{ group: string; stream: string } | null> {
  const def = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: o.taskDefinition }));
  const container = def.taskDefinition?.containerDefinitions?.find((c) => c.name === o.container);
  const options = container?.logConfiguration?.logDriver === "awslogs" ? container.logConfiguration.options : undefined;
  const group = options?.["awslogs-group"];
  const prefix = options?.["awslogs-stream-prefix"];
  if (!group || !prefix) return null;
  const taskId = taskArn.split("/").pop() ?? taskArn;
  return { group, stream: `${prefix}/${o.container}/${taskId}` };
}

async function readStream(logs: CloudWatchLogsClient, group: string, stream: string): Promise<string[]> {
  const lines: string[] = [];
  let token: string | undefined;
  for (let page = 0; page < 50; page++) {
    const res = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true, ...(token ? { nextToken: token } : {}) }));
    lines.push(...(res.events ?? []).map((e) => e.message ?? ""));
    // The forward token repeats once the end of the stream is reached.
    if (!res.nextForwardToken || res.nextForwardToken === token) break;
    token = res.nextForwardToken;
  }
  return lines;
}

/** The report is the JSON document starting at the first line that opens an object (pnpm may print a banner). */
export function parseJsonOutput(lines: readonly string[]): unknown {
  const start = lines.findIndex((l) => l.trimStart().startsWith("{"));
  if (start === -1) return null;
  try {
    return JSON.parse(lines.slice(start).join("\n")) as unknown;
  } catch {
    return null;
  }
}

// @ts-check
// CloudFormation custom resource (Custom::OpsMigrations): runs the image's migration task on Fargate and reports
// its exit code. The services depend on this resource, so on every deploy that changes the image or the
// migrations, CloudFormation updates services only after migrations succeeded; a failed migration fails the
// deploy and leaves the running services untouched (seed failure 9).
// Plain JavaScript on purpose: the Lambda runtime ships @aws-sdk/client-ecs and client-cloudformation.

export const PHYSICAL_RESOURCE_ID = "ops-pipeline-migrations";
/** How often the task's state is read. */
export const POLL_INTERVAL_MS = 10_000;
/** Time kept back from the Lambda timeout to send the answer to CloudFormation. */
export const RESPONSE_MARGIN_MS = 30_000;

/**
 * @typedef {object} MigrationProperties
 * @property {string} Cluster
 * @property {string} TaskDefinition
 * @property {string} ContainerName
 * @property {string[]} Subnets
 * @property {string[]} SecurityGroups
 * @property {string} [LogGroup]
 */

/**
 * @typedef {object} TaskState
 * @property {string | undefined} lastStatus
 * @property {string | undefined} stoppedReason
 * @property {{ name?: string, exitCode?: number, reason?: string }[]} containers
 */

/**
 * @typedef {object} Deps
 * @property {(input: { cluster: string, taskDefinition: string, subnets: string[], securityGroups: string[], clientToken: string }) => Promise<{ taskArn?: string, failures: string[] }>} runTask
 * @property {(cluster: string, taskArn: string) => Promise<TaskState | undefined>} describeTask
 * @property {(stackId: string) => Promise<string | undefined>} stackStatus
 * @property {(url: string, body: string) => Promise<void>} respond
 * @property {(ms: number) => Promise<void>} sleep
 * @property {() => number} now
 * @property {(line: string) => void} log
 */

/**
 * @param {Deps} deps
 * @returns {(event: any, context: { getRemainingTimeInMillis(): number }) => Promise<void>}
 */
export function createHandler(deps) {
  return async (event, context) => {
    const deadline = deps.now() + context.getRemainingTimeInMillis() - RESPONSE_MARGIN_MS;
    /** @type {{ ok: boolean, reason: string, data?: Record<string, string> }} */
    let outcome;
    try {
      outcome = await decide(deps, event, deadline);
    } catch (error) {
      outcome = { ok: false, reason: `migration runner error: ${error instanceof Error ? error.message : String(error)}` };
    }
    deps.log(JSON.stringify({ event: "migrations.outcome", request: event.RequestType, ok: outcome.ok, reason: outcome.reason }));
    const body = JSON.stringify({
      Status: outcome.ok ? "SUCCESS" : "FAILED",
      Reason: outcome.reason.slice(0, 1000),
      PhysicalResourceId: event.PhysicalResourceId ?? PHYSICAL_RESOURCE_ID,
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
      Data: outcome.data ?? {},
    });
    await deps.respond(event.ResponseURL, body);
  };
}

/**
 * @param {Deps} deps
 * @param {any} event
 * @param {number} deadline
 * @returns {Promise<{ ok: boolean, reason: string, data?: Record<string, string> }>}
 */
async function decide(deps, event, deadline) {
  if (event.RequestType === "Delete") return { ok: true, reason: "migrations are forward-only: nothing to undo" };
  if (event.RequestType === "Update") {
    // A rollback replays the old properties; re-running the old image's migrations is pointless and, if the
    // database is what failed, would leave the stack in UPDATE_ROLLBACK_FAILED.
    const status = await deps.stackStatus(event.StackId);
    if (status !== undefined && status.endsWith("ROLLBACK_IN_PROGRESS")) {
      return { ok: true, reason: `stack is ${status}: migrations are forward-only, nothing re-run` };
    }
  }
  return runMigrationTask(deps, /** @type {MigrationProperties} */ (event.ResourceProperties), String(event.RequestId), deadline);
}

/**
 * @param {Deps} deps
 * @param {MigrationProperties} props
 * @param {string} requestId
 * @param {number} deadline
 * @returns {Promise<{ ok: boolean, reason: string, data?: Record<string, string> }>}
 */
export async function runMigrationTask(deps, props, requestId, deadline) {
  const started = await deps.runTask({
    cluster: props.Cluster,
    taskDefinition: props.TaskDefinition,
    subnets: props.Subnets,
    securityGroups: props.SecurityGroups,
    // RunTask is idempotent per token: a retried invocation does not start a second migration.
    clientToken: requestId.slice(0, 64),
  });
  if (started.failures.length > 0 || started.taskArn === undefined) {
    return { ok: false, reason: `the migrate task did not start: ${started.failures.join("; ") || "no task returned"}` };
  }
  const taskArn = started.taskArn;
  const taskId = taskArn.split("/").at(-1) ?? taskArn;
  const logs = props.LogGroup ? ` Logs: ${props.LogGroup}, stream */${props.ContainerName}/${taskId}.` : "";
  deps.log(JSON.stringify({ event: "migrations.started", task: taskArn }));
  while (deps.now() + POLL_INTERVAL_MS < deadline) {
    await deps.sleep(POLL_INTERVAL_MS);
    const task = await deps.describeTask(props.Cluster, taskArn);
    if (task?.lastStatus !== "STOPPED") continue;
    const container = task.containers.find((candidate) => candidate.name === props.ContainerName);
    const exitCode = container?.exitCode;
    if (exitCode === 0) {
      return { ok: true, reason: `migrations applied by task ${taskId}`, data: { TaskArn: taskArn, ExitCode: "0" } };
    }
    const why = container?.reason ?? task.stoppedReason ?? "no reason given";
    return {
      ok: false,
      reason: `the migrate task ${taskId} failed (exit code ${exitCode ?? "none"}: ${why}); services were not updated.${logs}`,
      data: { TaskArn: taskArn, ExitCode: String(exitCode ?? "") },
    };
  }
  return { ok: false, reason: `the migrate task ${taskId} did not finish in time; services were not updated.${logs}` };
}

/** @returns {Deps} */
function awsDeps() {
  /** @type {Promise<{ ecs: any, cfn: any, ecsSdk: any, cfnSdk: any }> | undefined} */
  let clients;
  const sdk = () => {
    clients ??= (async () => {
      const ecsSdk = await import("@aws-sdk/client-ecs");
      const cfnSdk = await import("@aws-sdk/client-cloudformation");
      return { ecs: new ecsSdk.ECSClient({}), cfn: new cfnSdk.CloudFormationClient({}), ecsSdk, cfnSdk };
    })();
    return clients;
  };
  return {
    async runTask(input) {
      const { ecs, ecsSdk } = await sdk();
      const output = await ecs.send(
        new ecsSdk.RunTaskCommand({
          cluster: input.cluster,
          taskDefinition: input.taskDefinition,
          launchType: "FARGATE",
          count: 1,
          startedBy: "cfn-migrations",
          clientToken: input.clientToken,
          networkConfiguration: {
            awsvpcConfiguration: { subnets: input.subnets, securityGroups: input.securityGroups, assignPublicIp: "DISABLED" },
          },
        }),
      );
      const failures = (output.failures ?? []).map((/** @type {any} */ f) => `${f.reason ?? "failure"}${f.detail ? ` (${f.detail})` : ""}`);
      return { taskArn: output.tasks?.[0]?.taskArn, failures };
    },
    async describeTask(cluster, taskArn) {
      const { ecs, ecsSdk } = await sdk();
      const output = await ecs.send(new ecsSdk.DescribeTasksCommand({ cluster, tasks: [taskArn] }));
      const task = output.tasks?.[0];
      if (!task) return undefined;
      return { lastStatus: task.lastStatus, stoppedReason: task.stoppedReason, containers: task.containers ?? [] };
    },
    async stackStatus(stackId) {
      const { cfn, cfnSdk } = await sdk();
      const output = await cfn.send(new cfnSdk.DescribeStacksCommand({ StackName: stackId }));
      return output.Stacks?.[0]?.StackStatus;
    },
    async respond(url, body) {
      // The presigned S3 URL is signed without a content type; fetch computes the length of a string body.
      const response = await fetch(url, { method: "PUT", body, headers: { "content-type": "" } });
      if (!response.ok) throw new Error(`CloudFormation response upload failed: HTTP ${response.status}`);
    },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => Date.now(),
    log: (line) => console.log(line),
  };
}

export const handler = createHandler(awsDeps());

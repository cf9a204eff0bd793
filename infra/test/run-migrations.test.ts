import { describe, expect, it } from "vitest";
import { createHandler, PHYSICAL_RESOURCE_ID, POLL_INTERVAL_MS } from "../lambda/run-migrations/index.mjs";
import type { CustomResourceEvent, Deps, TaskState } from "../lambda/run-migrations/index.mjs";

const TASK_ARN = "arn:aws:ecs:us-east-1:123456789012:task/ops-pipeline-cluster/0123456789abcdef";

interface Harness {
  deps: Deps;
  responses: Record<string, unknown>[];
  runTaskCalls: unknown[];
}

/** A fake ECS that reports `states` one poll at a time, and a clock that advances with each sleep. */
function harness(options: { states?: (TaskState | undefined)[]; failures?: string[]; stackStatus?: string } = {}): Harness {
  let clock = 0;
  const states = [...(options.states ?? [])];
  const responses: Record<string, unknown>[] = [];
  const runTaskCalls: unknown[] = [];
  const deps: Deps = {
    async runTask(input) {
      runTaskCalls.push(input);
      return options.failures ? { failures: options.failures } : { taskArn: TASK_ARN, failures: [] };
    },
    async describeTask() {
      return states.length > 1 ? states.shift() : states[0];
    },
    async stackStatus() {
      return options.stackStatus ?? "UPDATE_IN_PROGRESS";
    },
    async respond(_url, body) {
      responses.push(JSON.parse(body) as Record<string, unknown>);
    },
    async sleep(ms) {
      clock += ms;
    },
    now: () => clock,
    log: () => undefined,
  };
  return { deps, responses, runTaskCalls };
}

function event(requestType: CustomResourceEvent["RequestType"]): CustomResourceEvent {
  return {
    RequestType: requestType,
    ResponseURL: "https://example.invalid/response",
    StackId: "arn:aws:cloudformation:us-east-1:123456789012:stack/OpsPipelineServices/guid",
    RequestId: "request-1",
    LogicalResourceId: "MigrationsRun",
    ...(requestType === "Create" ? {} : { PhysicalResourceId: PHYSICAL_RESOURCE_ID }),
    ResourceProperties: {
      Cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/ops-pipeline-cluster",
      TaskDefinition: "arn:aws:ecs:us-east-1:123456789012:task-definition/ops-pipeline-migrate:7",
      ContainerName: "migrate",
      Subnets: ["subnet-1", "subnet-2"],
      SecurityGroups: ["sg-1"],
      LogGroup: "/ecs/ops-pipeline/migrate-task",
    },
  };
}

const fifteenMinutes = { getRemainingTimeInMillis: () => 15 * 60_000 };
const stopped = (exitCode: number | undefined, reason?: string): TaskState => ({
  lastStatus: "STOPPED",
  stoppedReason: reason,
  containers: [{ name: "migrate", ...(exitCode === undefined ? {} : { exitCode }) }],
});
const running: TaskState = { lastStatus: "RUNNING", stoppedReason: undefined, containers: [{ name: "migrate" }] };

describe("the migration custom resource", () => {
  it("succeeds when the migrate container exits 0, after waiting for the task to stop", async () => {
    const h = harness({ states: [running, running, stopped(0)] });
    await createHandler(h.deps)(event("Create"), fifteenMinutes);
    expect(h.responses).toHaveLength(1);
    expect(h.responses[0]).toMatchObject({ Status: "SUCCESS", PhysicalResourceId: PHYSICAL_RESOURCE_ID, RequestId: "request-1" });
  });

  it("fails the deploy with the exit code and where the logs are when a migration fails", async () => {
    const h = harness({ states: [stopped(1, "Essential container in task exited")] });
    await createHandler(h.deps)(event("Update"), fifteenMinutes);
    expect(h.responses[0]?.Status).toBe("FAILED");
    expect(String(h.responses[0]?.Reason)).toMatch(/exit code 1/);
    expect(String(h.responses[0]?.Reason)).toContain("/ecs/ops-pipeline/migrate-task");
  });

  it("fails when the task could not start or its container never ran (no exit code)", async () => {
    const notStarted = harness({ failures: ["RESOURCE:ENI"] });
    await createHandler(notStarted.deps)(event("Create"), fifteenMinutes);
    expect(notStarted.responses[0]).toMatchObject({ Status: "FAILED" });
    expect(String(notStarted.responses[0]?.Reason)).toContain("RESOURCE:ENI");

    const neverRan = harness({ states: [stopped(undefined, "CannotPullContainerError")] });
    await createHandler(neverRan.deps)(event("Create"), fifteenMinutes);
    expect(neverRan.responses[0]).toMatchObject({ Status: "FAILED" });
    expect(String(neverRan.responses[0]?.Reason)).toContain("CannotPullContainerError");
  });

  it("answers FAILED before the Lambda times out when the task keeps running", async () => {
    const h = harness({ states: [running] });
    await createHandler(h.deps)(event("Create"), { getRemainingTimeInMillis: () => 10 * POLL_INTERVAL_MS });
    expect(h.responses).toHaveLength(1);
    expect(h.responses[0]?.Status).toBe("FAILED");
    expect(String(h.responses[0]?.Reason)).toMatch(/did not finish in time/);
  });

  it("starts one task per request (RunTask client token), so a retried invocation cannot migrate twice", async () => {
    const h = harness({ states: [stopped(0)] });
    await createHandler(h.deps)(event("Create"), fifteenMinutes);
    expect(h.runTaskCalls).toEqual([expect.objectContaining({ clientToken: "request-1", subnets: ["subnet-1", "subnet-2"] })]);
  });

  it("does not run anything on delete (migrations are forward-only)", async () => {
    const h = harness();
    await createHandler(h.deps)(event("Delete"), fifteenMinutes);
    expect(h.runTaskCalls).toEqual([]);
    expect(h.responses[0]?.Status).toBe("SUCCESS");
  });

  it("does not re-run old migrations while the stack rolls back", async () => {
    const h = harness({ stackStatus: "UPDATE_ROLLBACK_IN_PROGRESS" });
    await createHandler(h.deps)(event("Update"), fifteenMinutes);
    expect(h.runTaskCalls).toEqual([]);
    expect(h.responses[0]?.Status).toBe("SUCCESS");
  });

  it("still answers CloudFormation when ECS itself throws", async () => {
    const h = harness();
    h.deps.runTask = async () => {
      throw new Error("AccessDeniedException");
    };
    await createHandler(h.deps)(event("Create"), fifteenMinutes);
    expect(h.responses[0]).toMatchObject({ Status: "FAILED" });
    expect(String(h.responses[0]?.Reason)).toContain("AccessDeniedException");
  });
});

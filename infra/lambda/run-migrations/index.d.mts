// Types of index.mjs for the tests (the Lambda itself runs the plain JavaScript).
export declare const PHYSICAL_RESOURCE_ID: string;
export declare const POLL_INTERVAL_MS: number;
export declare const RESPONSE_MARGIN_MS: number;

export interface MigrationProperties {
  Cluster: string;
  TaskDefinition: string;
  ContainerName: string;
  Subnets: string[];
  SecurityGroups: string[];
  LogGroup?: string;
}

export interface TaskState {
  lastStatus: string | undefined;
  stoppedReason: string | undefined;
  containers: { name?: string; exitCode?: number; reason?: string }[];
}

export interface Deps {
  runTask(input: { cluster: string; taskDefinition: string; subnets: string[]; securityGroups: string[]; clientToken: string }): Promise<{ taskArn?: string; failures: string[] }>;
  describeTask(cluster: string, taskArn: string): Promise<TaskState | undefined>;
  stackStatus(stackId: string): Promise<string | undefined>;
  respond(url: string, body: string): Promise<void>;
  sleep(ms: number): Promise<void>;
  now(): number;
  log(line: string): void;
}

export interface CustomResourceEvent {
  RequestType: "Create" | "Update" | "Delete";
  ResponseURL: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  PhysicalResourceId?: string;
  ResourceProperties: MigrationProperties & Record<string, unknown>;
  OldResourceProperties?: Record<string, unknown>;
}

export declare function createHandler(deps: Deps): (event: CustomResourceEvent, context: { getRemainingTimeInMillis(): number }) => Promise<void>;
export declare function runMigrationTask(
  deps: Deps,
  props: MigrationProperties,
  requestId: string,
  deadline: number,
): Promise<{ ok: boolean; reason: string; data?: Record<string, string> }>;
export declare const handler: (event: CustomResourceEvent, context: { getRemainingTimeInMillis(): number }) => Promise<void>;

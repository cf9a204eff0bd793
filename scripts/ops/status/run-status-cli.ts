// `pnpm status`: choose the database, build the report, print it (table or JSON), return the exit code.
import { loadVolatilityConfig, toError } from "@ops/core";
import type { AwsClients, AwsStatusOptions } from "../aws/read-aws-status.js";
import { redactDatabaseUrl, resolveDatabaseUrl } from "../shared/database-url.js";
import { openExistingDatabase } from "../shared/open-database.js";
import type { OpenedDatabase } from "../shared/open-database.js";
import { createPaint, shouldColour } from "../shared/paint.js";
import { buildStatusReport, unreachableReport, withAws } from "./build-status-report.js";
import { STATUS_HELP, UsageError, parseStatusArgs } from "./parse-status-args.js";
import type { StatusArgs } from "./parse-status-args.js";
import { renderStatus } from "./render-status.js";
import type { StatusReport } from "./status-report.js";
import type { VolatilityConfigOrError } from "./read-volatility.js";

export interface StatusIo {
  readonly stdout: { write(text: string): unknown; isTTY?: boolean };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly wallClock?: () => Date;
  readonly openDatabase?: (url: string) => Promise<OpenedDatabase>;
  readonly awsClients?: (region: string | undefined) => AwsClients;
  readonly awsOptions?: Partial<AwsStatusOptions>;
  readonly migrationsDir?: string;
}

/** 0 healthy, 1 degraded, 2 down; 64 for a usage error (as sysexits' EX_USAGE, so it cannot read as "degraded"). */
export async function runStatusCli(argv: readonly string[], io: StatusIo): Promise<number> {
  let args: StatusArgs | "help";
  try {
    args = parseStatusArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`${error.message}\n\n${STATUS_HELP}`);
    return 64;
  }
  if (args === "help") {
    io.stdout.write(STATUS_HELP);
    return 0;
  }
  const now = args.now ?? (io.wallClock ?? (() => new Date()))();
  const report = await statusFor(args, now, io);
  if (args.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout.write(renderStatus(report, createPaint(shouldColour(io.stdout, io.env))));
  return report.health.exitCode;
}

async function statusFor(args: StatusArgs, now: Date, io: StatusIo): Promise<StatusReport> {
  const viaTask = args.aws && args.database === undefined && !io.env.DATABASE_URL;
  const database = viaTask ? null : await databaseReport(args, now, io);
  if (!args.aws) return database as StatusReport;

  const region = args.awsRegion ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
  // The AWS SDK is loaded only for --aws: it is most of the CLI's start-up time.
  const { readAwsStatus } = await import("../aws/read-aws-status.js");
  const clients = io.awsClients ? io.awsClients(region) : await defaultAwsClients(region);
  const aws = await readAwsStatus(clients, {
    now,
    runDatabaseTask: viaTask,
    ...(args.awsCluster ? { cluster: args.awsCluster } : {}),
    ...(args.awsTaskDefinition ? { taskDefinition: args.awsTaskDefinition } : {}),
    ...(args.awsContainer ? { container: args.awsContainer } : {}),
    ...(args.awsCommand ? { command: args.awsCommand } : {}),
    ...io.awsOptions,
  });
  const base = database ?? aws.databaseReport ?? unreachableReport(now, "fargate status task", aws.databaseError ?? "no report");
  return withAws(base, aws.aws, aws.findings);
}

async function databaseReport(args: StatusArgs, now: Date, io: StatusIo): Promise<StatusReport> {
  let url: string;
  try {
    url = resolveDatabaseUrl(args.database, io.env);
  } catch (error) {
    return unreachableReport(now, "(none)", error);
  }
  const target = redactDatabaseUrl(url);
  let opened: OpenedDatabase;
  try {
    opened = await (io.openDatabase ?? ((u: string) => openExistingDatabase(u, "read")))(url);
  } catch (error) {
    return unreachableReport(now, target, error);
  }
  try {
    return await buildStatusReport(opened.db, {
      now,
      databaseTarget: target,
      ...(args.staleAfterS !== undefined ? { staleAfterS: args.staleAfterS } : {}),
      ...(args.watchlistTop !== undefined ? { watchlistTop: args.watchlistTop } : {}),
      ...(io.migrationsDir !== undefined ? { migrationsDir: io.migrationsDir } : {}),
      volatility: volatilityFromEnv(io.env),
    });
  } catch (error) {
    return unreachableReport(now, target, new Error(`database opened but the status queries failed: ${toError(error).message}`));
  } finally {
    await opened.close().catch(() => undefined);
  }
}

/** A bad variable is reported in the status (the services would refuse it), not a reason for status to fail. */
function volatilityFromEnv(env: StatusIo["env"]): VolatilityConfigOrError {
  try {
    return loadVolatilityConfig(env);
  } catch (error) {
    return { error: toError(error).message };
  }
}

async function defaultAwsClients(region: string | undefined): Promise<AwsClients> {
  const [{ ECSClient }, { CloudWatchLogsClient }] = await Promise.all([import("@aws-sdk/client-ecs"), import("@aws-sdk/client-cloudwatch-logs")]);
  const config = region ? { region } : {};
  return { ecs: new ECSClient(config), logs: new CloudWatchLogsClient(config), region: region ?? null };
}

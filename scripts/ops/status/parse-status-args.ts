import { parseArgs } from "node:util";
import { REPLAY_GAP_S } from "./resolve-status-clock.js";
import { DOWN_AFTER_FAILURES, DOWN_AFTER_STALE_PERIODS, FAILING_AFTER_FAILURES, MIN_STALE_AFTER_S, STALE_AFTER_INTERVALS } from "./service-thresholds.js";
import { STATUS_DEFAULTS } from "./build-status-report.js";
import { FEED_FAILURES_DEGRADED } from "./evaluate-health.js";

export interface StatusArgs {
  readonly database: string | undefined;
  readonly json: boolean;
  readonly now: Date | undefined;
  readonly staleAfterS: number | undefined;
  readonly watchlistTop: number | undefined;
  readonly aws: boolean;
  readonly awsCluster: string | undefined;
  readonly awsRegion: string | undefined;
  readonly awsTaskDefinition: string | undefined;
  readonly awsContainer: string | undefined;
  readonly awsCommand: readonly string[] | undefined;
}

export class UsageError extends Error {
  override readonly name = "UsageError";
}

export const STATUS_HELP = `Usage: pnpm status [options]

One look at the whole pipeline: services (heartbeats), data freshness, trading, account risk.
Exit code: 0 healthy, 1 degraded, 2 down (so it can gate scripts and alarms).

Options:
  --database URL        postgres://... or pglite:<dir> (default: DATABASE_URL, else pglite:.data/pipeline
                        when pnpm start has left one; a PGlite directory is read from a copy)
  --json                print the report as JSON (schemaVersion 1) instead of tables
  --now ISO             judge ages as of this instant (default: the wall clock)
  --stale-after-s N     one heartbeat stale threshold for every service (default: per service, below)
  --top N               watchlist rows to show (default ${STATUS_DEFAULTS.watchlistTop})
  --aws                 also read ECS running/desired counts and each service's recent errors from
                        CloudWatch Logs, and run the database part as a one-off Fargate task in the VPC
  --aws-cluster NAME    default ops-pipeline-cluster
  --aws-region REGION   default AWS_REGION
  --aws-task-definition FAMILY[:REV]  task definition of the one-off status task (default ops-pipeline-ops)
  --aws-container NAME  its container (default ops)
  --aws-command "CMD"   the command it runs, split on spaces (default: the ops image's status entry with --json)
  --help                this text

Health rules:
  down (2)      the database cannot be read; an expected service never wrote a heartbeat; a heartbeat is
                older than ${DOWN_AFTER_STALE_PERIODS} x its stale threshold; or ${DOWN_AFTER_FAILURES}+ consecutive failed cycles.
  degraded (1)  a heartbeat older than its stale threshold: max(${MIN_STALE_AFTER_S} s, ${STALE_AFTER_INTERVALS} x loop interval), i.e. 180 s for
                60-s loops, 3 h for ai-watchlist (hourly); ${FAILING_AFTER_FAILURES}+ consecutive failed cycles; migrations
                not applied; while the market is open, a traded symbol's newest bar or features older than
                ${STATUS_DEFAULTS.barStaleAfterS} s; the oldest unclassified article older than ${STATUS_DEFAULTS.newsBacklogAfterS} s; a news feed failing ${FEED_FAILURES_DEGRADED}+
                polls in a row; an order pending_submit/unresolved for more than ${STATUS_DEFAULTS.unresolvedAfterS} s.
  Halted accounts, risk locks and close-all requests are shown but are operator decisions, not faults.

Replays: heartbeats carry database (wall) time, market rows the writer's clock (the simulator's in
pnpm start). When the newest bar is more than ${REPLAY_GAP_S / 86_400} days behind the newest heartbeat, the database is a
replay: market data is aged from the end of the replay and heartbeats from the last one, and the report
says so (the verdict then describes the run as it ended).
`;

export function parseStatusArgs(argv: readonly string[]): StatusArgs | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv.filter((a) => a !== "--"),
      options: {
        database: { type: "string" }, json: { type: "boolean" }, now: { type: "string" }, "stale-after-s": { type: "string" },
        top: { type: "string" }, aws: { type: "boolean" }, "aws-cluster": { type: "string" }, "aws-region": { type: "string" },
        "aws-task-definition": { type: "string" }, "aws-container": { type: "string" }, "aws-command": { type: "string" }, help: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return "help";
  return {
    database: values.database,
    json: values.json === true,
    now: values.now === undefined ? undefined : parseInstant(values.now, "--now"),
    staleAfterS: values["stale-after-s"] === undefined ? undefined : positive(values["stale-after-s"], "--stale-after-s"),
    watchlistTop: values.top === undefined ? undefined : Math.floor(positive(values.top, "--top")),
    aws: values.aws === true,
    awsCluster: values["aws-cluster"],
    awsRegion: values["aws-region"],
    awsTaskDefinition: values["aws-task-definition"],
    awsContainer: values["aws-container"],
    awsCommand: values["aws-command"] === undefined ? undefined : commandWords(values["aws-command"]),
  };
}

function commandWords(text: string): string[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) throw new UsageError("--aws-command: expected a command");
  return words;
}

export function parseInstant(text: string, flag: string): Date {
  const d = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(d.getTime())) throw new UsageError(`${flag}: expected an ISO-8601 time, got ${text}`);
  return d;
}

function positive(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag}: expected a number > 0, got ${text}`);
  return n;
}

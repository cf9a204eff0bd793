import { FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { redactString } from "@ops/core";
import type { AwsStatus } from "../status/status-report.js";

/** The JSON log lines of our logger at level error or fatal. */
export const ERROR_FILTER_PATTERN = '{ ($.level = "error") || ($.level = "fatal") }';
const MAX_PAGES = 5;

export interface RecentErrors {
  readonly errors: AwsStatus["recentErrors"];
  readonly problems: string[];
}

/** The newest `perGroup` error lines of each log group since `since`; an unreadable group is a problem, not a crash. */
export async function readRecentErrors(logs: CloudWatchLogsClient, logGroups: readonly string[], since: Date, perGroup: number): Promise<RecentErrors> {
  const errors: AwsStatus["recentErrors"] = [];
  const problems: string[] = [];
  for (const logGroupName of logGroups) {
    try {
      const found: AwsStatus["recentErrors"] = [];
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const page = await logs.send(new FilterLogEventsCommand({
          logGroupName, startTime: since.getTime(), filterPattern: ERROR_FILTER_PATTERN, ...(nextToken ? { nextToken } : {}),
        }));
        for (const e of page.events ?? []) {
          found.push({ logGroup: logGroupName, at: new Date(e.timestamp ?? 0).toISOString(), message: summarise(e.message ?? "") });
        }
        nextToken = page.nextToken;
        pages += 1;
      } while (nextToken && pages < MAX_PAGES);
      errors.push(...found.sort((a, b) => a.at.localeCompare(b.at)).slice(-perGroup));
    } catch (error) {
      const name = error instanceof Error ? error.name : "Error";
      problems.push(`log group ${logGroupName}: ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { errors: errors.sort((a, b) => b.at.localeCompare(a.at)), problems };
}

/** One readable line from a JSON log line: event, message and error text (secrets masked again). */
export function summarise(raw: string): string {
  try {
    const line = JSON.parse(raw) as Record<string, unknown>;
    const error = line.error as { message?: unknown } | undefined;
    const parts = [line.event, line.message, error?.message].filter((p) => typeof p === "string" && p !== "");
    return redactString(parts.join(": ") || raw.trim());
  } catch {
    return redactString(raw.trim());
  }
}

import type { z } from "zod";
import { ConfigError, type ConfigIssue } from "../errors.js";

export type EnvSource = Readonly<Record<string, string | undefined>>;

/**
 * Validates env against a zod schema and returns the typed result. Empty strings count as missing,
 * so `FOO=` cannot slip past a required check. On failure the ConfigError names every bad variable
 * at once (not just the first), so one restart fixes all of them.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: EnvSource = process.env): z.output<S> {
  const present: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== "") present[name] = value;
  }
  const result = schema.safeParse(present);
  if (result.success) return result.data;

  const issues: ConfigIssue[] = [];
  for (const issue of result.error.issues) {
    const variable = issue.path.length > 0 ? issue.path.map(String).join(".") : "(config)";
    const first = issue.path[0];
    const missing = issue.path.length === 1 && typeof first === "string" && present[first] === undefined;
    const message = missing && issue.code === "invalid_type" ? "required" : issue.message;
    if (!issues.some((known) => known.variable === variable && known.message === message)) {
      issues.push({ variable, message });
    }
  }
  throw new ConfigError(formatConfigIssues(issues), { issues });
}

export function formatConfigIssues(issues: readonly ConfigIssue[]): string {
  const parts = issues.map((issue) => `${issue.variable}: ${issue.message}`);
  return `invalid configuration: ${parts.join("; ")}`;
}

import type { ExecutionLogger } from "../../src/index.js";

export interface CapturedLog {
  readonly level: "debug" | "info" | "warn" | "error";
  readonly event: unknown;
  readonly fields: Record<string, unknown>;
}

/** A logger that keeps every line for assertions (events are stable codes, so tests match on them). */
export function captureLogger(): ExecutionLogger & { readonly lines: CapturedLog[]; events(): unknown[] } {
  const lines: CapturedLog[] = [];
  const at = (level: CapturedLog["level"]) => (obj: object) => {
    const fields = obj as Record<string, unknown>;
    lines.push({ level, event: fields.event, fields });
  };
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error"), events: () => lines.map((l) => l.event) };
}

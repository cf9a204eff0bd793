import { isUniverseSymbol } from "./universe-symbol.js";

export const EXPECTED_VOLUMES = ["high", "medium", "normal"] as const;
export type ExpectedVolume = (typeof EXPECTED_VOLUMES)[number];

/** One validated AI candidate (the answer schema of the prompt). */
export interface AiCandidate {
  readonly symbol: string;
  readonly sector: string;
  readonly catalyst: string;
  readonly confidence: number;
  readonly expectedVolume: ExpectedVolume;
}

export const ANSWER_ISSUES = [
  "not_an_object",
  "unknown_fields",
  "bad_ticker",
  "bad_sector",
  "bad_catalyst",
  "confidence_out_of_range",
  "bad_expected_volume",
  "duplicate_ticker",
] as const;
export type AnswerIssue = (typeof ANSWER_ISSUES)[number];

export interface RejectedItem {
  readonly index: number;
  readonly issue: AnswerIssue;
  readonly ticker?: string;
}

export type ParsedAnswer =
  | { readonly ok: true; readonly fenced: boolean; readonly candidates: readonly AiCandidate[]; readonly rejected: readonly RejectedItem[] }
  | { readonly ok: false; readonly fenced: boolean; readonly error: string };

const FIELDS = new Set(["ticker", "sector", "catalyst", "confidence", "expected_volume"]);
const FENCE = /```(?:json)?\s*([\s\S]*?)```/i;

/**
 * Reads the model's answer item by item: one bad item costs that item, not the run. Accepts a bare
 * array or an object holding it under `candidates`/`recommendations`/`tickers`, optionally inside a
 * Markdown code fence or after prose. Confidence must lie in [0, 1]; the first of duplicates wins.
 */
export function parseAiAnswer(text: string): ParsedAnswer {
  const fence = FENCE.exec(text);
  const body = (fence?.[1] ?? text).trim();
  const fenced = fence !== null;
  let json: unknown;
  try {
    json = JSON.parse(extractJson(body));
  } catch (error) {
    return { ok: false, fenced, error: `answer is not JSON: ${(error as Error).message}` };
  }
  const items = listOf(json);
  if (items === undefined) return { ok: false, fenced, error: "answer holds no candidate array" };

  const candidates: AiCandidate[] = [];
  const rejected: RejectedItem[] = [];
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const result = readItem(item);
    if ("issue" in result) {
      rejected.push({ index, ...result });
    } else if (seen.has(result.symbol)) {
      rejected.push({ index, issue: "duplicate_ticker", ticker: result.symbol });
    } else {
      seen.add(result.symbol);
      candidates.push(result);
    }
  });
  return { ok: true, fenced, candidates, rejected };
}

/** Counts per issue, for logs and the heartbeat. */
export function countIssues(rejected: readonly RejectedItem[]): Record<AnswerIssue, number> {
  const counts = Object.fromEntries(ANSWER_ISSUES.map((issue) => [issue, 0])) as Record<AnswerIssue, number>;
  for (const item of rejected) counts[item.issue] += 1;
  return counts;
}

function extractJson(body: string): string {
  if (body.startsWith("[") || body.startsWith("{")) return body;
  // Prose around the JSON: take the outermost bracketed span.
  const start = body.search(/[[{]/);
  const end = Math.max(body.lastIndexOf("]"), body.lastIndexOf("}"));
  return start >= 0 && end > start ? body.slice(start, end + 1) : body;
}

function listOf(json: unknown): readonly unknown[] | undefined {
  if (Array.isArray(json)) return json;
  if (typeof json !== "object" || json === null) return undefined;
  const record = json as Record<string, unknown>;
  for (const key of ["candidates", "recommendations", "tickers"]) {
    const value = record[key];
    if (Array.isArray(value)) return value;
  }
  return undefined;
}

function readItem(item: unknown): AiCandidate | { issue: AnswerIssue; ticker?: string } {
  if (typeof item !== "object" || item === null || Array.isArray(item)) return { issue: "not_an_object" };
  const record = item as Record<string, unknown>;
  const rawTicker = record.ticker;
  const symbol = typeof rawTicker === "string" ? rawTicker.trim().toUpperCase() : "";
  const ticker = symbol === "" ? undefined : symbol;
  const tag = (issue: AnswerIssue) => (ticker === undefined ? { issue } : { issue, ticker });
  // Unknown fields mean the model did not follow the schema: the item is not trusted.
  if (Object.keys(record).some((key) => !FIELDS.has(key))) return tag("unknown_fields");
  if (!isUniverseSymbol(symbol)) return tag("bad_ticker");
  const sector = text(record.sector, 80);
  if (sector === undefined) return tag("bad_sector");
  const catalyst = text(record.catalyst, 500);
  if (catalyst === undefined) return tag("bad_catalyst");
  const confidence = record.confidence;
  if (typeof confidence !== "number" || !(confidence >= 0 && confidence <= 1)) return tag("confidence_out_of_range");
  const volume = typeof record.expected_volume === "string" ? record.expected_volume.trim().toLowerCase() : "";
  if (!(EXPECTED_VOLUMES as readonly string[]).includes(volume)) return tag("bad_expected_volume");
  return { symbol, sector, catalyst, confidence, expectedVolume: volume as ExpectedVolume };
}

function text(value: unknown, maxLength: number): string | undefined {
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed === "" || trimmed.length > maxLength ? undefined : trimmed;
}

import type { Candidate } from "./candidate-source.js";

export interface UniverseRow {
  readonly symbol: string;
  readonly status: "active" | "blocked" | "inactive";
  readonly confidence: number | null;
  readonly sector: string | null;
  readonly catalyst: string | null;
  readonly reason: string | null;
}

export interface UniverseSyncPlan {
  /** Candidates to insert, re-activate, or whose details changed. */
  readonly upserts: readonly Candidate[];
  /** Active rows of this source that are no longer candidates. */
  readonly deactivate: readonly string[];
  /** Candidates an operator blocked: left blocked, never re-activated. */
  readonly blocked: readonly string[];
  readonly unchanged: number;
}

/**
 * Diff of one source's universe rows against its new candidate list. Idempotent: planning against
 * the result of applying a plan yields an empty plan. Candidates are expected deduplicated.
 */
export function planUniverseSync(existing: readonly UniverseRow[], candidates: readonly Candidate[]): UniverseSyncPlan {
  const bySymbol = new Map(existing.map((row) => [row.symbol, row]));
  const wanted = new Set(candidates.map((c) => c.symbol));
  const upserts: Candidate[] = [];
  const blocked: string[] = [];
  let unchanged = 0;
  for (const candidate of candidates) {
    const row = bySymbol.get(candidate.symbol);
    if (row?.status === "blocked") blocked.push(candidate.symbol);
    else if (row?.status === "active" && sameDetails(row, candidate)) unchanged += 1;
    else upserts.push(candidate);
  }
  const deactivate = existing
    .filter((row) => row.status === "active" && !wanted.has(row.symbol))
    .map((row) => row.symbol)
    .sort();
  return { upserts, deactivate, blocked, unchanged };
}

function sameDetails(row: UniverseRow, candidate: Candidate): boolean {
  return (
    row.confidence === (candidate.confidence ?? null) &&
    row.sector === (candidate.sector ?? null) &&
    row.catalyst === (candidate.catalyst ?? null) &&
    row.reason === (candidate.reason ?? null)
  );
}

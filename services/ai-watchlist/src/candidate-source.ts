import type { UniverseSource } from "@ops/trading";

/** One symbol proposed for the tradable universe, with the context an AI source can give. */
export interface Candidate {
  readonly symbol: string;
  /** 0..1; config candidates have none. */
  readonly confidence?: number;
  readonly sector?: string;
  readonly catalyst?: string;
  readonly reason?: string;
}

/**
 * Where the weekly candidate list comes from. The no-AI source reads the configured list; a Bedrock
 * source (a later issue) implements the same interface with `source: "ai"`, so the cycle, the
 * universe sync and its tests stay the same when it lands.
 */
export interface CandidateSource {
  /** For logs, e.g. "config" or "bedrock:<model id>". */
  readonly name: string;
  /** The universe rows this source owns; it never touches rows of another source (ops pins). */
  readonly source: Exclude<UniverseSource, "ops_pin">;
  readonly usesAi: boolean;
  candidates(now: Date, signal?: AbortSignal): Promise<readonly Candidate[]>;
}

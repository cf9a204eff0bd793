import type { Candidate, CandidateSource } from "./candidate-source.js";

/** The announced no-AI mode: the universe is exactly the configured symbol list. */
export function configCandidateSource(symbols: readonly string[]): CandidateSource {
  const candidates: readonly Candidate[] = symbols.map((symbol) => ({ symbol }));
  return {
    name: "config",
    source: "config",
    usesAi: false,
    candidates: () => Promise.resolve(candidates),
  };
}

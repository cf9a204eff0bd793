import type { Clock, CycleContext, Db, Logger } from "@ops/core";
import { runAiWatchlist } from "./ai-run.js";
import type { AiRunSettings } from "./ai-run.js";
import type { Candidate, CandidateSource } from "./candidate-source.js";
import { syncUniverse } from "./sync-universe.js";
import { isUniverseSymbol } from "./universe-symbol.js";

interface CommonDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Written to universe.updated_by and universe_versions.created_by. */
  readonly instance: string;
}

/** Either the no-AI candidate source or the weekly Bedrock run; never both. */
export type AiWatchlistDeps = CommonDeps &
  (
    | { readonly candidates: CandidateSource; readonly ai?: undefined }
    | {
        readonly ai: AiRunSettings;
        /** MODE=ONCE: the first cycle runs whether or not the week's slot is served. */
        readonly forceFirstRun?: boolean;
        readonly candidates?: undefined;
      }
  );

/**
 * Syncs the candidate source's universe rows: new and returning candidates active, dropped ones
 * inactive, operator blocks and ops pins untouched. A change writes one universe_versions row
 * (the audit payload); an unchanged list writes nothing.
 */
export function createAiWatchlistCycle(deps: AiWatchlistDeps): (ctx: CycleContext) => Promise<Record<string, number>> {
  if (deps.ai !== undefined) {
    const ai = { db: deps.db, clock: deps.clock, instance: deps.instance, ai: deps.ai };
    let force = deps.forceFirstRun === true;
    return async (ctx) => {
      const forced = force;
      force = false;
      return runAiWatchlist(ai, ctx, forced);
    };
  }
  const source = deps.candidates;
  let announced = false;
  return async (ctx) => {
    const log = ctx.logger;
    if (!source.usesAi && !announced) {
      announced = true;
      log.info({ event: "ai_watchlist.no_ai_mode", candidate_source: source.name },
        "no-AI mode: the universe is the configured symbol list (OPS_UNIVERSE_SYMBOLS)");
    }

    const proposed = await source.candidates(ctx.now, ctx.signal);
    const candidates = dedupeValid(proposed, log);
    if (candidates.length === 0) {
      // An empty answer would deactivate the whole source: treat it as a failure, not as a decision.
      log.error({ event: "ai_watchlist.no_candidates", candidate_source: source.name, proposed: proposed.length },
        "candidate source returned no usable symbols; universe left unchanged");
      return { candidates: 0, activated: 0, deactivated: 0, blocked: 0, unchanged: 0, invalid: proposed.length };
    }

    const outcome = await deps.db.transaction((tx) =>
      syncUniverse(tx, { source: source.source, candidates, now: ctx.now, instance: deps.instance, payload: { candidate_source: source.name } }),
    );

    const { plan } = outcome;
    if (outcome.versionId !== undefined) {
      log.info({
        event: "ai_watchlist.universe_changed",
        version_id: outcome.versionId,
        activated: plan.upserts.map((c) => c.symbol),
        deactivated: plan.deactivate,
        blocked: plan.blocked,
      }, `universe (${source.source}) changed: +${outcome.activated} -${outcome.deactivated}`);
    }
    if (plan.blocked.length > 0) {
      log.warn({ event: "ai_watchlist.blocked_candidates", symbols: plan.blocked }, "candidates blocked by an operator stay blocked");
    }
    return {
      candidates: candidates.length,
      activated: outcome.activated,
      deactivated: outcome.deactivated,
      blocked: plan.blocked.length,
      unchanged: plan.unchanged,
      invalid: proposed.length - candidates.length,
    };
  };
}

function dedupeValid(proposed: readonly Candidate[], log: Logger): Candidate[] {
  const seen = new Set<string>();
  const out: Candidate[] = [];
  for (const candidate of proposed) {
    const symbol = candidate.symbol.trim().toUpperCase();
    const confidence = candidate.confidence;
    if (!isUniverseSymbol(symbol) || (confidence !== undefined && !(confidence >= 0 && confidence <= 1))) {
      log.error({ event: "ai_watchlist.invalid_candidate", symbol: candidate.symbol, confidence }, "candidate skipped: invalid symbol or confidence");
      continue;
    }
    if (seen.has(symbol)) continue;
    seen.add(symbol);
    out.push({ ...candidate, symbol });
  }
  return out;
}

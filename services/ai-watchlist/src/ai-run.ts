import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import type { Broker } from "@ops/broker-alpaca";
import type { Clock, CycleContext, Db } from "@ops/core";
import { insertAiCandidates, insertAiRun, readWatchlistContext, selectRunsForSlot, completeAiRun } from "./ai-queries.js";
import type { AiRunRecord, CheckedCandidate, ContextLimits } from "./ai-queries.js";
import { askBedrock } from "./ask-bedrock.js";
import { SYSTEM_PROMPT, buildPrompt } from "./build-prompt.js";
import type { Candidate } from "./candidate-source.js";
import { checkCandidates } from "./check-candidates.js";
import type { CandidateCheckOptions } from "./check-candidates.js";
import { countIssues, parseAiAnswer } from "./parse-ai-answer.js";
import { syncUniverse } from "./sync-universe.js";
import { currentWeeklySlot } from "./weekly-slot.js";
import type { WeeklySchedule } from "./weekly-slot.js";

/** Everything the Bedrock mode needs besides the database; model settings come from config. */
export interface AiRunSettings {
  readonly bedrock: BedrockRuntimeClient;
  readonly broker: Broker;
  readonly modelId: string;
  readonly temperature: number;
  readonly maxTokens: number;
  readonly timeoutMs: number;
  readonly schedule: WeeklySchedule;
  /** Failed attempts per weekly slot before the week is given up (the universe stays as it is). */
  readonly maxAttemptsPerWeek: number;
  readonly candidateCount: number;
  readonly check: CandidateCheckOptions;
  readonly context: ContextLimits;
}

export interface AiRunDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly instance: string;
  readonly ai: AiRunSettings;
}

/**
 * One weekly AI decision, or nothing when the week's slot is already served. Model and answer
 * failures are recorded as runs and reported in the counts; they never touch the universe.
 */
export async function runAiWatchlist(deps: AiRunDeps, ctx: CycleContext, forced: boolean): Promise<Record<string, number>> {
  const { ai, db } = deps;
  const log = ctx.logger;
  const slotAt = currentWeeklySlot(ctx.now, ai.schedule);
  if (!forced) {
    const runs = await selectRunsForSlot(db, slotAt);
    if (runs.succeeded || runs.attempts >= ai.maxAttemptsPerWeek) return { due: 0, attempts: runs.attempts };
  }

  const context = await readWatchlistContext(db, ctx.now, ai.context);
  const prompt = buildPrompt(context, { candidateCount: ai.candidateCount });
  const base = {
    slotAt, startedAt: ctx.now, forced, modelId: ai.modelId, temperature: ai.temperature, maxTokens: ai.maxTokens,
    prompt, createdBy: deps.instance,
  };
  const record = (rest: Omit<AiRunRecord, keyof typeof base | "finishedAt">): AiRunRecord => ({ ...base, ...rest, finishedAt: deps.clock.now() });

  log.info({ event: "ai_watchlist.bedrock_request", model_id: ai.modelId, slot_at: slotAt.toISOString(), forced,
    news: context.news.length, surges: context.surges.length, tracked: context.tracked.length }, "asking Bedrock for candidates");
  const outcome = await askBedrock(ai.bedrock, {
    modelId: ai.modelId, system: SYSTEM_PROMPT, prompt, temperature: ai.temperature, maxTokens: ai.maxTokens,
    timeoutMs: ai.timeoutMs, signal: ctx.signal,
  });
  if (outcome.kind === "failed") {
    const counts = { due: 1, ai_failed: 1, [`bedrock_${outcome.failure}`]: 1, accepted: 0, activated: 0, deactivated: 0 };
    await insertAiRun(db, record({ status: "model_error", errorKind: outcome.failure, errorMessage: outcome.message, counts }));
    log.error({ event: "ai_watchlist.bedrock_failed", model_id: ai.modelId, failure: outcome.failure, error: outcome.message },
      `Bedrock call failed (${outcome.failure}); universe left unchanged`);
    return counts;
  }

  const parsed = parseAiAnswer(outcome.text);
  if (!parsed.ok || parsed.candidates.length === 0) {
    const rejected = parsed.ok ? parsed.rejected.length : 0;
    const counts = { due: 1, ai_failed: 1, invalid_answer: 1, items_rejected: rejected, accepted: 0, activated: 0, deactivated: 0 };
    const message = parsed.ok ? `no valid item among ${rejected}` : parsed.error;
    await insertAiRun(db, record({ status: "invalid_answer", errorMessage: message, answer: outcome.text, counts }));
    log.error({ event: "ai_watchlist.invalid_answer", model_id: ai.modelId, error: message, ...(parsed.ok ? countIssues(parsed.rejected) : {}) },
      "Bedrock answer unusable; universe left unchanged");
    return counts;
  }
  const issues = countIssues(parsed.rejected);
  if (parsed.rejected.length > 0) {
    log.warn({ event: "ai_watchlist.answer_items_rejected", issues, items: parsed.rejected }, `${parsed.rejected.length} answer items rejected`);
  }

  const checked = await checkCandidates({ db, broker: ai.broker, logger: log }, parsed.candidates, ctx.now, ai.check);
  const accepted = checked.filter((c) => c.reason === undefined);
  const refused = checked.filter((c) => c.reason !== undefined);
  if (refused.length > 0) {
    log.warn({ event: "ai_watchlist.candidates_refused", refused: refused.map((c) => ({ symbol: c.candidate.symbol, reason: c.reason })) },
      `${refused.length} candidates failed the broker/data checks`);
  }
  const counts: Record<string, number> = {
    due: 1, ai_failed: 0, fenced: parsed.fenced ? 1 : 0, items: parsed.candidates.length + parsed.rejected.length,
    items_rejected: parsed.rejected.length, ...issues, candidates: parsed.candidates.length,
    accepted: accepted.length, refused: refused.length, activated: 0, deactivated: 0,
  };
  // Per-reason counts (refused_asset_check_failed, ...) make a broker outage visible in the run counts.
  for (const { reason } of refused) counts[`refused_${reason}`] = (counts[`refused_${reason}`] ?? 0) + 1;

  if (accepted.length === 0) {
    counts.ai_failed = 1;
    await db.transaction(async (tx) => {
      const runId = await insertAiRun(tx, record({ status: "no_accepted", answer: outcome.text, counts }));
      await insertAiCandidates(tx, runId, checked);
    });
    log.error({ event: "ai_watchlist.no_accepted_candidates", model_id: ai.modelId }, "no candidate passed the checks; universe left unchanged");
    return counts;
  }

  const sync = await db.transaction(async (tx) => {
    const runId = await insertAiRun(tx, record({ status: "succeeded", answer: outcome.text, counts }));
    await insertAiCandidates(tx, runId, checked);
    const result = await syncUniverse(tx, {
      source: "ai", candidates: accepted.map(toUniverseCandidate), now: ctx.now, instance: deps.instance, alwaysVersion: true,
      payload: { candidate_source: `bedrock:${ai.modelId}`, run_id: runId, refused: refused.map((c) => ({ symbol: c.candidate.symbol, reason: c.reason })) },
    });
    counts.activated = result.activated;
    counts.deactivated = result.deactivated;
    await completeAiRun(tx, runId, result.versionId, counts);
    return { ...result, runId };
  });
  log.info({ event: "ai_watchlist.universe_changed", run_id: sync.runId, version_id: sync.versionId,
    activated: sync.plan.upserts.map((c) => c.symbol), deactivated: sync.plan.deactivate },
    `AI universe decided: ${accepted.length} accepted, +${sync.activated} -${sync.deactivated}`);
  return counts;
}

function toUniverseCandidate(checked: CheckedCandidate): Candidate {
  const c = checked.candidate;
  return { symbol: c.symbol, confidence: c.confidence, sector: c.sector, catalyst: c.catalyst, reason: `expected volume ${c.expectedVolume}` };
}

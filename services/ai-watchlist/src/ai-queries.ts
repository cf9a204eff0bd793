import type { Queryable } from "@ops/core";
import type { AiCandidate } from "./parse-ai-answer.js";
import type { NewsMention, TrackedActivity, VolumeSurge, WatchlistContext } from "./watchlist-context.js";

const DAY_MS = 86_400_000;

export interface ContextLimits {
  readonly news: number;
  readonly surges: number;
  readonly tracked: number;
  /** features.volume_ratio at or above which a symbol counts as surging. */
  readonly surgeRatio: number;
}

/** Three reads over (now − window, now]: news mentions, volume surges, the tracked universe's activity. */
export async function readWatchlistContext(db: Queryable, now: Date, limits: ContextLimits): Promise<WatchlistContext> {
  const since24h = new Date(now.getTime() - DAY_MS);
  const since7d = new Date(now.getTime() - 7 * DAY_MS);
  const news = await db.query<{ symbol: string; mentions: number; mean_signed: number | null; headlines: string[] }>(
    `SELECT t.symbol, count(*)::int AS mentions, avg(c.signed_score) AS mean_signed,
            (array_agg(a.title ORDER BY coalesce(a.published_at, a.fetched_at) DESC))[1:3] AS headlines
     FROM news_articles a
     CROSS JOIN LATERAL unnest(a.tickers) AS t(symbol)
     LEFT JOIN classifications c ON c.article_id = a.article_id
     WHERE coalesce(a.published_at, a.fetched_at) > $1 AND coalesce(a.published_at, a.fetched_at) <= $2
     GROUP BY t.symbol
     ORDER BY mentions DESC, t.symbol
     LIMIT $3`,
    [since24h, now, limits.news],
  );
  const surges = await db.query<{ symbol: string; max_ratio: number; close: number }>(
    `SELECT symbol, max(volume_ratio) AS max_ratio, (array_agg(close ORDER BY ts DESC))[1] AS close
     FROM features
     WHERE ts > $1 AND ts <= $2 AND volume_ratio >= $3
     GROUP BY symbol
     ORDER BY max_ratio DESC, symbol
     LIMIT $4`,
    [since24h, now, limits.surgeRatio, limits.surges],
  );
  const tracked = await db.query<{ symbol: string; bars: number; low: number | null; high: number | null; last_close: number | null; mean_ratio: number | null }>(
    `SELECT u.symbol, coalesce(b.bars, 0)::int AS bars, b.low, b.high, b.last_close, f.mean_ratio
     FROM (SELECT symbol FROM tradable_universe ORDER BY symbol LIMIT $3) u
     LEFT JOIN LATERAL (
       SELECT count(*) AS bars, min(low) AS low, max(high) AS high, (array_agg(close ORDER BY ts DESC))[1] AS last_close
       FROM bars WHERE symbol = u.symbol AND ts > $1 AND ts <= $2) b ON true
     LEFT JOIN LATERAL (
       SELECT avg(volume_ratio) AS mean_ratio FROM features WHERE symbol = u.symbol AND ts > $1 AND ts <= $2) f ON true
     ORDER BY u.symbol`,
    [since7d, now, limits.tracked],
  );
  return {
    asOf: now,
    news: news.rows.map((r): NewsMention => ({
      symbol: r.symbol, mentions: Number(r.mentions), meanSignedScore: r.mean_signed, headlines: r.headlines ?? [],
    })),
    surges: surges.rows.map((r): VolumeSurge => ({ symbol: r.symbol, maxVolumeRatio: r.max_ratio, close: r.close })),
    tracked: tracked.rows.map((r): TrackedActivity => ({
      symbol: r.symbol, bars: Number(r.bars), low: r.low, high: r.high, lastClose: r.last_close, meanVolumeRatio: r.mean_ratio,
    })),
  };
}

/** Attempts recorded for a weekly slot: the schedule's persisted memory. */
export async function selectRunsForSlot(db: Queryable, slotAt: Date): Promise<{ attempts: number; succeeded: boolean }> {
  const result = await db.query<{ attempts: number; succeeded: boolean }>(
    `SELECT count(*)::int AS attempts, coalesce(bool_or(status = 'succeeded'), false) AS succeeded
     FROM ai_watchlist_runs WHERE slot_at = $1`,
    [slotAt],
  );
  const row = result.rows[0];
  return { attempts: Number(row?.attempts ?? 0), succeeded: row?.succeeded === true };
}

/** Symbols an operator blocked in any source: AI output never re-adds them. */
export async function selectBlockedSymbols(db: Queryable, symbols: readonly string[]): Promise<Set<string>> {
  if (symbols.length === 0) return new Set();
  const result = await db.query<{ symbol: string }>(
    "SELECT DISTINCT symbol FROM universe WHERE status = 'blocked' AND symbol = ANY($1::text[])",
    [symbols],
  );
  return new Set(result.rows.map((r) => r.symbol));
}

/** Symbols with at least one bar in (since, now] in our bars table. */
export async function selectSymbolsWithBars(db: Queryable, symbols: readonly string[], since: Date, now: Date): Promise<Set<string>> {
  if (symbols.length === 0) return new Set();
  const result = await db.query<{ symbol: string }>(
    `SELECT s.symbol FROM unnest($1::text[]) AS s(symbol)
     WHERE EXISTS (SELECT 1 FROM bars b WHERE b.symbol = s.symbol AND b.ts > $2 AND b.ts <= $3)`,
    [symbols, since, now],
  );
  return new Set(result.rows.map((r) => r.symbol));
}

export interface AiRunRecord {
  readonly slotAt: Date;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly forced: boolean;
  readonly status: "succeeded" | "model_error" | "invalid_answer" | "no_accepted";
  readonly errorKind?: string;
  readonly errorMessage?: string;
  readonly modelId: string;
  readonly temperature: number;
  readonly maxTokens: number;
  readonly prompt: string;
  readonly answer?: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly versionId?: number;
  readonly createdBy: string;
}

export async function insertAiRun(db: Queryable, run: AiRunRecord): Promise<number> {
  const result = await db.query<{ run_id: number | string }>(
    `INSERT INTO ai_watchlist_runs (slot_at, started_at, finished_at, forced, status, error_kind, error_message,
       model_id, temperature, max_tokens, prompt, answer, counts, version_id, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14, $15) RETURNING run_id`,
    [
      run.slotAt, run.startedAt, run.finishedAt, run.forced, run.status, run.errorKind ?? null, run.errorMessage ?? null,
      run.modelId, run.temperature, run.maxTokens, run.prompt, run.answer ?? null, JSON.stringify(run.counts),
      run.versionId ?? null, run.createdBy,
    ],
  );
  const id = result.rows[0]?.run_id;
  if (id === undefined) throw new Error("ai_watchlist_runs insert returned no id");
  return Number(id);
}

/** Links the run to its universe version and stores the final counts (known only after the sync). */
export async function completeAiRun(db: Queryable, runId: number, versionId: number | undefined, counts: Readonly<Record<string, number>>): Promise<void> {
  await db.query("UPDATE ai_watchlist_runs SET version_id = $2, counts = $3::jsonb WHERE run_id = $1", [runId, versionId ?? null, JSON.stringify(counts)]);
}

export interface CheckedCandidate {
  readonly candidate: AiCandidate;
  /** undefined = accepted. */
  readonly reason: string | undefined;
}

/** Every valid candidate of a run in one statement, accepted or with the reason it was refused. */
export async function insertAiCandidates(db: Queryable, runId: number, checked: readonly CheckedCandidate[]): Promise<void> {
  if (checked.length === 0) return;
  await db.query(
    `INSERT INTO ai_watchlist_candidates (run_id, symbol, accepted, reason, confidence, sector, catalyst, expected_volume)
     SELECT $1, u.symbol, u.reason IS NULL, u.reason, u.confidence, u.sector, u.catalyst, u.expected_volume
     FROM unnest($2::text[], $3::text[], $4::float8[], $5::text[], $6::text[], $7::text[])
       AS u(symbol, reason, confidence, sector, catalyst, expected_volume)`,
    [
      runId,
      checked.map((c) => c.candidate.symbol),
      checked.map((c) => c.reason ?? null),
      checked.map((c) => c.candidate.confidence),
      checked.map((c) => c.candidate.sector),
      checked.map((c) => c.candidate.catalyst),
      checked.map((c) => c.candidate.expectedVolume),
    ],
  );
}

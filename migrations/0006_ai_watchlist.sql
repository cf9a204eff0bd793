-- 0006_ai_watchlist: the weekly Bedrock run of ai-watchlist (issue 11). One row per attempt, so the
-- weekly schedule survives restarts (neither skipped nor repeated) and every AI decision is auditable:
-- the exact prompt and model id (never a secret), the raw answer, what was accepted and what was
-- refused with its reason. Forward-only: 0002's universe tables keep their columns and checks.

CREATE TABLE ai_watchlist_runs (
  run_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The weekly slot (clock time) this attempt serves. Forced runs (MODE=ONCE) serve the current slot.
  slot_at         timestamptz NOT NULL,
  started_at      timestamptz NOT NULL,
  finished_at     timestamptz NOT NULL,
  forced          boolean NOT NULL DEFAULT false,
  -- succeeded: a universe version was decided, the others left the universe as it was.
  status          text NOT NULL CHECK (status IN ('succeeded', 'model_error', 'invalid_answer', 'no_accepted')),
  -- throttled | timeout | access_denied | model_error | aborted when status = 'model_error'.
  error_kind      text,
  error_message   text,
  model_id        text NOT NULL CHECK (model_id <> ''),
  temperature     double precision NOT NULL,
  max_tokens      integer NOT NULL CHECK (max_tokens > 0),
  prompt          text NOT NULL,
  answer          text,
  counts          jsonb NOT NULL DEFAULT '{}',
  version_id      bigint REFERENCES universe_versions (version_id),
  created_by      text NOT NULL
);
CREATE INDEX ai_watchlist_runs_slot_idx ON ai_watchlist_runs (slot_at, status);
COMMENT ON TABLE ai_watchlist_runs IS 'Writer: ai-watchlist. One row per weekly Bedrock attempt: prompt, model id, raw answer, outcome. No secrets.';

CREATE TABLE ai_watchlist_candidates (
  run_id          bigint NOT NULL REFERENCES ai_watchlist_runs (run_id) ON DELETE CASCADE,
  symbol          text NOT NULL CHECK (symbol <> ''),
  accepted        boolean NOT NULL,
  -- Why a candidate was refused (not_tradable, no_listed_options, no_recent_bars, blocked_by_ops, ...).
  reason          text,
  confidence      double precision,
  sector          text,
  catalyst        text,
  expected_volume text,
  PRIMARY KEY (run_id, symbol),
  CONSTRAINT ai_watchlist_candidates_reason_when_refused CHECK (accepted OR reason IS NOT NULL)
);
COMMENT ON TABLE ai_watchlist_candidates IS 'Writer: ai-watchlist. Every valid AI candidate of a run, accepted or refused with the reason.';

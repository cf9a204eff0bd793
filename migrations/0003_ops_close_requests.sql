-- 0003_ops_close_requests: an operator's "close every position of this account" (pnpm ops close-all).
--
-- The ops CLI never sends orders itself: one exit owner per account (ARCHITECTURE.md). It inserts a
-- request here and the position manager of that account honours it through its normal close path
-- (exit orders through the execution module, status closing, fills, position_history). Portable like
-- 0002: no extensions, functions or triggers, and no semicolons except statement terminators.

CREATE TABLE close_requests (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id   text NOT NULL REFERENCES accounts (account_id),
  requested_at timestamptz NOT NULL,
  requested_by text NOT NULL CHECK (btrim(requested_by) <> ''),
  reason       text NOT NULL CHECK (btrim(reason) <> ''),
  -- Set by the position manager once the account holds no open or closing position and has no live
  -- entry order left: until then every cycle (market hours only) sends exits for what is still open.
  completed_at timestamptz,
  detail       jsonb NOT NULL DEFAULT '{}',
  created_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT close_requests_completed_after_requested CHECK (completed_at IS NULL OR completed_at >= requested_at)
);
-- At most one pending request per account: a second close-all while one is being worked off is refused.
CREATE UNIQUE INDEX close_requests_one_pending_per_account ON close_requests (account_id) WHERE completed_at IS NULL;
COMMENT ON TABLE close_requests IS 'Writer: ops CLI inserts (audited in ops_audit_log), position-manager of the account sets completed_at and detail. Honoured only through the position manager close path.';

-- Core plumbing tables: service heartbeats, (service, account) leases, operator audit log.
-- Account '' means "not per account" so that (service, account, instance) can be a primary key.
-- Times are timestamptz and come from the database clock (now()), not the market clock.

CREATE TABLE service_heartbeats (
  service              text        NOT NULL,
  account              text        NOT NULL DEFAULT '',
  instance             text        NOT NULL,
  build_id             text        NOT NULL,
  started_at           timestamptz NOT NULL DEFAULT now(),
  cycle_started_at     timestamptz,
  cycle_finished_at    timestamptz,
  last_success_at      timestamptz,
  last_error           text,
  last_error_at        timestamptz,
  consecutive_failures integer     NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
  counts               jsonb       NOT NULL DEFAULT '{}'::jsonb,
  cycles               bigint      NOT NULL DEFAULT 0 CHECK (cycles >= 0),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (service, account, instance)
);

-- Freshness checks look for the newest heartbeat per service.
CREATE INDEX service_heartbeats_updated_at_idx ON service_heartbeats (service, updated_at DESC);

-- Exactly one runner per (service, account) (seed failure 3): a row is a lease held until expires_at.
CREATE TABLE service_leases (
  service     text        NOT NULL,
  account     text        NOT NULL DEFAULT '',
  holder      text        NOT NULL,
  acquired_at timestamptz NOT NULL DEFAULT now(),
  renewed_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  PRIMARY KEY (service, account),
  CHECK (expires_at > acquired_at)
);

-- Every manual or operator action is recorded (seed failure 42).
CREATE TABLE ops_audit_log (
  id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at     timestamptz NOT NULL DEFAULT now(),
  actor  text        NOT NULL,
  action text        NOT NULL,
  target text,
  detail jsonb       NOT NULL DEFAULT '{}'::jsonb
);

CREATE INDEX ops_audit_log_at_idx ON ops_audit_log (at DESC);

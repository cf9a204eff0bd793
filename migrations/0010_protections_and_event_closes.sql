-- 0010: what issues 8 and 10 still needed from the schema.
-- Forward-only and portable like 0007: constraints, one table and one index; no functions or triggers.

-- Two end-of-day exits the seed specified (§3.8 item 8) but could never fire: an extreme volatility
-- regime closes option positions (volatility_extreme), and a position whose underlying reports earnings
-- before the next session is closed (earnings_close). Both sets stay equal to EXIT_REASONS in @ops/trading.
ALTER TABLE positions DROP CONSTRAINT positions_close_reason_check;
ALTER TABLE positions ADD CONSTRAINT positions_close_reason_check CHECK (close_reason IN (
  'take_profit', 'stop_loss', 'option_profit_target', 'option_stop_loss', 'trailing_stop',
  'theta_decay_risk', 'day_trade_close', 'max_hold_time', 'expiration_risk', 'eod_flat',
  'volatility_extreme', 'earnings_close', 'phantom_reconciliation', 'manual'));
ALTER TABLE position_history DROP CONSTRAINT position_history_exit_reason_check;
ALTER TABLE position_history ADD CONSTRAINT position_history_exit_reason_check CHECK (exit_reason IN (
  'take_profit', 'stop_loss', 'option_profit_target', 'option_stop_loss', 'trailing_stop',
  'theta_decay_risk', 'day_trade_close', 'max_hold_time', 'expiration_risk', 'eod_flat',
  'volatility_extreme', 'earnings_close', 'phantom_reconciliation', 'manual'));

-- operator = an ops person resolved a row under review with the price they read at the broker
-- (pnpm ops resolve-review); audited in ops_audit_log. Allowed only for exit_reason 'manual'.
ALTER TABLE position_history DROP CONSTRAINT position_history_exit_price_source_check;
ALTER TABLE position_history ADD CONSTRAINT position_history_exit_price_source_check
  CHECK (exit_price_source IN ('fills', 'last_mark', 'broker_activity', 'operator'));

-- Earnings dates per underlying. Alpaca's API has no earnings calendar (the seed's corporate-actions
-- call returned nothing), so ops enters them (pnpm ops earnings); the position manager closes options
-- on an underlying that reports before the next session.
CREATE TABLE earnings_events (
  symbol        text NOT NULL CHECK (symbol ~ '^[A-Z][A-Z0-9.]{0,9}$'),
  report_date   date NOT NULL,
  -- before the open, after the close, or not known (treated as before the open: the earlier risk).
  report_time   text NOT NULL DEFAULT 'unknown' CHECK (report_time IN ('before_open', 'after_close', 'unknown')),
  source        text NOT NULL CHECK (source <> ''),
  created_by    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (symbol, report_date)
);
COMMENT ON TABLE earnings_events IS 'Writer: ops CLI (pnpm ops earnings). Read by the position manager end-of-day engine (earnings_close).';

-- The position manager writes protection locks every cycle; the same lock (same trades) is never
-- written twice, even by two instances racing across a lease hand-over.
CREATE UNIQUE INDEX risk_locks_same_lock_once ON risk_locks (account_id, coalesce(symbol, ''), reason, locked_at);

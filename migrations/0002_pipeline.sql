-- 0002_pipeline: every table the trading pipeline reads and writes.
--
-- Portability: must run unchanged on PostgreSQL 15 and PGlite (PostgreSQL 18 in WASM), so no
-- extensions, no procedural functions or triggers. Statement terminators are the only semicolons in
-- this file (comments and string literals avoid them) so that a simple statement splitter works.
--
-- Closed sets in CHECK constraints use exactly the strings of packages/trading/src/domain/vocabulary.ts
-- (seed failure 19). Money, prices and quantities in order, fill and position tables are numeric so
-- they round-trip exactly. Bars and features are double precision for speed.
--
-- NULL makes a CHECK pass, so a CHECK that requires a value compares with IS NOT DISTINCT FROM.
--
-- Time: writers pass their Clock time explicitly (replays run on the simulator clock). Column defaults
-- of now() are only a fallback, and no CHECK compares a writer-supplied time with a defaulted one.
-- updated_at is set by the writer on every UPDATE (there are no triggers).

-- ---------------------------------------------------------------------------------------------------
-- Accounts
-- ---------------------------------------------------------------------------------------------------

CREATE TABLE accounts (
  account_id      text PRIMARY KEY CHECK (account_id IN ('large-100k', 'tiny-1k')),
  display_name    text NOT NULL,
  starting_equity numeric NOT NULL CHECK (starting_equity > 0),
  -- Paper only: there is deliberately no value for a live-money endpoint.
  broker_env      text NOT NULL DEFAULT 'paper' CHECK (broker_env IN ('paper', 'sim')),
  created_at      timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE accounts IS 'Writer: migrations only (seeded here). The one account-id type used by every table (seed failures 31, 48).';

INSERT INTO accounts (account_id, display_name, starting_equity, broker_env) VALUES
  ('large-100k', 'Large paper account (100k USD)', 100000, 'paper'),
  ('tiny-1k', 'Tiny paper account (1k USD)', 1000, 'paper');

-- ---------------------------------------------------------------------------------------------------
-- Market data
-- ---------------------------------------------------------------------------------------------------

CREATE TABLE bars (
  symbol      text NOT NULL CHECK (symbol <> ''),
  ts          timestamptz NOT NULL,
  open        double precision NOT NULL,
  high        double precision NOT NULL,
  low         double precision NOT NULL,
  close       double precision NOT NULL,
  volume      bigint NOT NULL CHECK (volume >= 0),
  trade_count integer CHECK (trade_count >= 0),
  vwap        double precision CHECK (vwap > 0 AND vwap < 'Infinity'::float8),
  source      text NOT NULL DEFAULT 'alpaca',
  ingested_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (symbol, ts),
  -- "< Infinity" also rejects NaN, which PostgreSQL sorts above every number: a NaN bar would
  -- silently poison every indicator computed from it.
  CONSTRAINT bars_prices_positive_finite CHECK (
    open > 0 AND open < 'Infinity'::float8 AND high > 0 AND high < 'Infinity'::float8
    AND low > 0 AND low < 'Infinity'::float8 AND close > 0 AND close < 'Infinity'::float8),
  CONSTRAINT bars_high_ge_low CHECK (high >= low)
);
CREATE INDEX bars_ts_idx ON bars (ts);
COMMENT ON TABLE bars IS 'Writer: telemetry. One-minute OHLCV bars, ts = bar start (UTC). Upsert on (symbol, ts) so re-fetches are idempotent.';

CREATE TABLE iv_history (
  symbol             text NOT NULL CHECK (symbol <> ''),
  observed_on        date NOT NULL,
  implied_volatility double precision NOT NULL CHECK (implied_volatility > 0 AND implied_volatility < 'Infinity'::float8),
  observed_at        timestamptz NOT NULL DEFAULT now(),
  source             text,
  PRIMARY KEY (symbol, observed_on)
);
COMMENT ON TABLE iv_history IS 'Writer: dispatcher (one implied-volatility observation per underlying and day, so IV rank can accumulate - seed failure 52).';

-- ---------------------------------------------------------------------------------------------------
-- News
-- ---------------------------------------------------------------------------------------------------

CREATE TABLE news_feeds (
  feed_id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  url                    text NOT NULL UNIQUE,
  name                   text NOT NULL,
  enabled                boolean NOT NULL DEFAULT true,
  -- Conditional GET state (the seed stored it but never sent it).
  etag                   text,
  last_modified          text,
  last_polled_at         timestamptz,
  last_success_at        timestamptz,
  last_published_at      timestamptz,
  last_error             text,
  consecutive_failures   integer NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE news_feeds IS 'Writer: news. Configured RSS/Atom feeds and their polling state.';

CREATE TABLE news_articles (
  article_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dedupe_key    text NOT NULL UNIQUE CHECK (dedupe_key <> ''),
  feed_id       bigint REFERENCES news_feeds (feed_id),
  url           text,
  guid          text,
  title         text NOT NULL CHECK (btrim(title) <> ''),
  summary       text,
  published_at  timestamptz,
  fetched_at    timestamptz NOT NULL DEFAULT now(),
  tickers       text[] NOT NULL DEFAULT '{}',
  -- Stamped by the classifier in the same transaction that inserts the classification row. It is
  -- the only column of this table the classifier may touch, and it feeds the partial index below.
  classified_at timestamptz
);
CREATE INDEX news_articles_unclassified_idx ON news_articles (fetched_at, article_id) WHERE classified_at IS NULL;
CREATE INDEX news_articles_published_idx ON news_articles (published_at);
CREATE INDEX news_articles_tickers_idx ON news_articles USING gin (tickers);
COMMENT ON TABLE news_articles IS 'Writer: news (insert ON CONFLICT (dedupe_key) DO NOTHING). The classifier only stamps classified_at.';

CREATE TABLE classifications (
  article_id    bigint PRIMARY KEY REFERENCES news_articles (article_id) ON DELETE CASCADE,
  label         text NOT NULL CHECK (label IN ('positive', 'negative', 'neutral')),
  -- Probability of the label: never a direction (the seed read it as one).
  confidence    double precision NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
  signed_score  double precision NOT NULL CHECK (signed_score >= -1 AND signed_score <= 1),
  model         text NOT NULL CHECK (model <> ''),
  classified_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT classifications_sign_matches_label CHECK (
    (label <> 'positive' OR signed_score >= 0) AND (label <> 'negative' OR signed_score <= 0))
);
COMMENT ON TABLE classifications IS 'Writer: classifier. One sentiment per article, signed_score in [-1, 1] is the directional value.';

-- ---------------------------------------------------------------------------------------------------
-- Features
-- ---------------------------------------------------------------------------------------------------

CREATE TABLE features (
  symbol         text NOT NULL CHECK (symbol <> ''),
  -- ts of the newest source bar: freshness is measured on this, never on computed_at (seed failure 18).
  ts             timestamptz NOT NULL,
  close          double precision NOT NULL CHECK (close > 0 AND close < 'Infinity'::float8),
  sma20          double precision,
  sma50          double precision,
  ema12          double precision,
  ema26          double precision,
  rsi14          double precision CHECK (rsi14 >= 0 AND rsi14 <= 100),
  macd           double precision,
  macd_signal    double precision,
  macd_hist      double precision,
  bb_upper       double precision,
  bb_middle      double precision,
  bb_lower       double precision,
  atr14          double precision CHECK (atr14 >= 0),
  recent_vol     double precision CHECK (recent_vol >= 0),
  baseline_vol   double precision CHECK (baseline_vol >= 0),
  vol_ratio      double precision CHECK (vol_ratio >= 0),
  volume_current bigint CHECK (volume_current >= 0),
  volume_avg_20  double precision CHECK (volume_avg_20 >= 0),
  volume_ratio   double precision CHECK (volume_ratio >= 0),
  volume_surge   boolean,
  trend_state    smallint CHECK (trend_state IN (-1, 0, 1)),
  distance_sma20 double precision,
  distance_sma50 double precision,
  bar_count      integer CHECK (bar_count >= 0),
  computed_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (symbol, ts),
  CONSTRAINT features_bollinger_ordered CHECK (bb_lower <= bb_middle AND bb_middle <= bb_upper)
);
CREATE INDEX features_ts_idx ON features (ts);
COMMENT ON TABLE features IS 'Writer: features. Indicators per (symbol, newest source bar ts). Freshness = age of ts, not computed_at.';

-- ---------------------------------------------------------------------------------------------------
-- Universe and watchlist
-- ---------------------------------------------------------------------------------------------------

CREATE TABLE universe_versions (
  version_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source       text NOT NULL CHECK (source IN ('config', 'ops_pin', 'ai')),
  version_date date NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  created_by   text,
  payload      jsonb NOT NULL
);
CREATE INDEX universe_versions_source_idx ON universe_versions (source, version_date);
COMMENT ON TABLE universe_versions IS 'Writer: the writer of the matching universe source (append-only). Full payload of every universe change, for audit.';

CREATE TABLE universe (
  symbol       text NOT NULL CHECK (symbol ~ '^[A-Z][A-Z0-9.]{0,9}$'),
  source       text NOT NULL CHECK (source IN ('config', 'ops_pin', 'ai')),
  status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked', 'inactive')),
  version_date date,
  version_id   bigint REFERENCES universe_versions (version_id),
  confidence   double precision CHECK (confidence >= 0 AND confidence <= 1),
  sector       text,
  catalyst     text,
  reason       text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  updated_by   text NOT NULL,
  PRIMARY KEY (symbol, source),
  -- Blocking is an operator decision. The AI can only stop recommending a symbol (inactive).
  CONSTRAINT universe_block_is_operator_only CHECK (status <> 'blocked' OR source IN ('ops_pin', 'config'))
);
CREATE INDEX universe_status_idx ON universe (status, symbol);
COMMENT ON TABLE universe IS 'Writer per source: config rows by the universe sync at startup, ops_pin rows by the ops CLI, ai rows by ai-watchlist. Single source of truth for what is traded (seed failure 15).';

-- Active in any source and not blocked: ops/config blocks beat AI picks and pins beat AI removals.
CREATE VIEW tradable_universe AS
SELECT u.symbol,
       array_agg(u.source ORDER BY u.source) AS sources,
       bool_or(u.source = 'ops_pin') AS pinned,
       max(u.confidence) FILTER (WHERE u.source = 'ai') AS ai_confidence
FROM universe u
WHERE u.status = 'active'
  AND NOT EXISTS (SELECT 1 FROM universe b WHERE b.symbol = u.symbol AND b.status = 'blocked')
GROUP BY u.symbol;
COMMENT ON VIEW tradable_universe IS 'Effective tradable symbols: active in any universe source and blocked in none.';

CREATE TABLE watchlist (
  symbol       text PRIMARY KEY CHECK (symbol <> ''),
  score        double precision NOT NULL CHECK (score >= 0 AND score <= 1),
  rank         integer NOT NULL CHECK (rank >= 1),
  in_watchlist boolean NOT NULL,
  components   jsonb NOT NULL DEFAULT '{}',
  reasons      jsonb NOT NULL DEFAULT '[]',
  features_ts  timestamptz,
  -- When the symbol last entered the watchlist, for retention/hysteresis rules.
  entered_at   timestamptz,
  computed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX watchlist_active_rank_idx ON watchlist (rank) WHERE in_watchlist;
COMMENT ON TABLE watchlist IS 'Writer: watchlist. Current score and rank per symbol.';

-- ---------------------------------------------------------------------------------------------------
-- Recommendations and per-account dispatch
-- ---------------------------------------------------------------------------------------------------

CREATE TABLE recommendations (
  rec_id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  symbol             text NOT NULL CHECK (symbol <> ''),
  action             text NOT NULL CHECK (action IN ('BUY_STOCK', 'SELL_STOCK', 'BUY_CALL', 'BUY_PUT')),
  instrument_type    text NOT NULL CHECK (instrument_type IN ('STOCK', 'CALL', 'PUT')),
  strategy_type      text NOT NULL CHECK (strategy_type IN ('day_trade', 'swing_trade', 'conservative', 'gap_fade')),
  confidence         double precision NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
  -- ts of the bar/feature row the signal was computed from.
  signal_ts          timestamptz NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  expires_at         timestamptz NOT NULL,
  reason             jsonb NOT NULL DEFAULT '{}',
  features_snapshot  jsonb,
  sentiment_snapshot jsonb,
  -- A restarted signal engine cannot emit the same signal twice.
  CONSTRAINT recommendations_signal_unique UNIQUE (symbol, signal_ts, action),
  CONSTRAINT recommendations_action_matches_instrument CHECK (
    (action IN ('BUY_STOCK', 'SELL_STOCK') AND instrument_type = 'STOCK')
    OR (action = 'BUY_CALL' AND instrument_type = 'CALL')
    OR (action = 'BUY_PUT' AND instrument_type = 'PUT')),
  CONSTRAINT recommendations_expires_after_signal CHECK (expires_at > signal_ts)
);
CREATE INDEX recommendations_expires_idx ON recommendations (expires_at);
COMMENT ON TABLE recommendations IS 'Writer: signal-engine (immutable once written, status lives in recommendation_dispatches).';

CREATE TABLE recommendation_dispatches (
  rec_id     bigint NOT NULL REFERENCES recommendations (rec_id),
  account_id text NOT NULL REFERENCES accounts (account_id),
  status     text NOT NULL DEFAULT 'claimed' CHECK (status IN ('claimed', 'skipped', 'ordered', 'failed')),
  claimed_by text NOT NULL,
  claimed_at timestamptz NOT NULL,
  decided_at timestamptz,
  skip_code  text,
  detail     jsonb NOT NULL DEFAULT '{}',
  -- Each account acts on each recommendation at most once, and the two accounts never compete
  -- for the same claim (seed failure 32).
  PRIMARY KEY (rec_id, account_id),
  CONSTRAINT dispatches_decided_iff_not_claimed CHECK ((status = 'claimed') = (decided_at IS NULL)),
  CONSTRAINT dispatches_skip_has_code CHECK (status <> 'skipped' OR skip_code IS NOT NULL)
);
CREATE INDEX recommendation_dispatches_claimed_idx ON recommendation_dispatches (account_id, claimed_at) WHERE status = 'claimed';
COMMENT ON TABLE recommendation_dispatches IS 'Writer: dispatcher (one instance per account, each writes only its own account rows).';

CREATE TABLE risk_gate_evaluations (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  rec_id       bigint NOT NULL,
  account_id   text NOT NULL,
  gate         text NOT NULL CHECK (gate <> ''),
  passed       boolean NOT NULL,
  code         text,
  detail       jsonb NOT NULL DEFAULT '{}',
  evaluated_at timestamptz NOT NULL,
  CONSTRAINT risk_gate_denial_has_code CHECK (passed OR code IS NOT NULL),
  -- Only a claimed (rec, account) pair is evaluated. Deferred so the claim and its evaluations can
  -- be written in either order inside one transaction.
  CONSTRAINT risk_gate_evaluations_dispatch_fk FOREIGN KEY (rec_id, account_id)
    REFERENCES recommendation_dispatches (rec_id, account_id) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX risk_gate_evaluations_dispatch_idx ON risk_gate_evaluations (rec_id, account_id);
COMMENT ON TABLE risk_gate_evaluations IS 'Writer: dispatcher. Every gate outcome for every claimed (rec, account) pair - denials are data.';

-- ---------------------------------------------------------------------------------------------------
-- Orders, positions, fills
-- ---------------------------------------------------------------------------------------------------

CREATE TABLE orders (
  order_id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Deterministic (derived from rec/account or position/attempt): an unresolved POST is settled by
  -- looking this id up at the broker, never by resubmitting. Alpaca allows at most 128 characters.
  client_order_id  text NOT NULL UNIQUE CHECK (length(client_order_id) BETWEEN 1 AND 128),
  account_id       text NOT NULL REFERENCES accounts (account_id),
  rec_id           bigint REFERENCES recommendations (rec_id),
  position_id      bigint,
  purpose          text NOT NULL CHECK (purpose IN ('entry', 'exit')),
  attempt          smallint NOT NULL DEFAULT 1 CHECK (attempt >= 1),
  -- Exact instrument: the ticker for stock, the OCC symbol for options (seed failures 21, 36).
  symbol           text NOT NULL,
  underlying       text NOT NULL CHECK (underlying <> ''),
  instrument_type  text NOT NULL CHECK (instrument_type IN ('STOCK', 'CALL', 'PUT')),
  side             text NOT NULL CHECK (side IN ('buy', 'sell')),
  position_intent  text CHECK (position_intent IN ('buy_to_open', 'buy_to_close', 'sell_to_open', 'sell_to_close')),
  qty              numeric NOT NULL CHECK (qty > 0),
  order_type       text NOT NULL CHECK (order_type IN ('market', 'limit')),
  limit_price      numeric CHECK (limit_price > 0),
  time_in_force    text NOT NULL DEFAULT 'day' CHECK (time_in_force IN ('day', 'gtc', 'ioc', 'fok', 'opg', 'cls')),
  status           text NOT NULL DEFAULT 'pending_submit' CHECK (status IN (
                     'pending_submit', 'unresolved', 'accepted', 'partially_filled', 'filled', 'canceled',
                     'rejected', 'expired')),
  broker_order_id  text UNIQUE,
  filled_qty       numeric NOT NULL DEFAULT 0 CHECK (filled_qty >= 0),
  filled_avg_price numeric CHECK (filled_avg_price > 0),
  submitted_at     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  last_error       text,
  raw              jsonb,
  -- Targets for the composite foreign keys from fills (a fill matches its order).
  CONSTRAINT orders_identity_unique UNIQUE (order_id, account_id, symbol, side),
  CONSTRAINT orders_entry_needs_rec CHECK (purpose <> 'entry' OR rec_id IS NOT NULL),
  CONSTRAINT orders_exit_needs_position CHECK (purpose <> 'exit' OR position_id IS NOT NULL),
  CONSTRAINT orders_limit_price_iff_limit CHECK ((order_type = 'limit') = (limit_price IS NOT NULL)),
  CONSTRAINT orders_filled_le_qty CHECK (filled_qty <= qty),
  CONSTRAINT orders_filled_means_all CHECK (status <> 'filled' OR filled_qty = qty),
  CONSTRAINT orders_fill_has_price CHECK (filled_qty = 0 OR filled_avg_price IS NOT NULL),
  CONSTRAINT orders_submitted_has_time CHECK (status = 'pending_submit' OR submitted_at IS NOT NULL),
  CONSTRAINT orders_stock_symbol_is_underlying CHECK (instrument_type <> 'STOCK' OR symbol = underlying),
  -- An option order always names the OCC contract, so closing an option can never become an equity
  -- order on the underlying (seed failure 21).
  CONSTRAINT orders_option_symbol_is_occ CHECK (
    instrument_type = 'STOCK'
    OR (symbol ~ '^[A-Z0-9.]{1,6}[0-9]{6}[CP][0-9]{8}$'
        AND substr(symbol, length(symbol) - 8, 1) = CASE instrument_type WHEN 'CALL' THEN 'C' ELSE 'P' END)),
  -- Options are long premium only: entries are buy_to_open, exits sell (to close, or the broker
  -- close-position order). Never a naked sell (seed failure 22).
  CONSTRAINT orders_option_long_premium_only CHECK (
    instrument_type = 'STOCK'
    OR (purpose = 'entry' AND side = 'buy' AND position_intent IS NOT DISTINCT FROM 'buy_to_open')
    OR (purpose = 'exit' AND side = 'sell' AND position_intent IS DISTINCT FROM 'sell_to_open')),
  CONSTRAINT orders_intent_matches_side CHECK (
    position_intent IS NULL OR (side = 'buy') = (position_intent IN ('buy_to_open', 'buy_to_close')))
);
-- A duplicate entry order for the same recommendation and account is impossible.
CREATE UNIQUE INDEX orders_one_entry_per_rec_account ON orders (rec_id, account_id) WHERE purpose = 'entry';
-- At most one live (non-terminal) exit order per position.
CREATE UNIQUE INDEX orders_one_live_exit_per_position ON orders (position_id)
  WHERE purpose = 'exit' AND status IN ('pending_submit', 'unresolved', 'accepted', 'partially_filled');
-- Exit retries are numbered, so their client order ids are deterministic too.
CREATE UNIQUE INDEX orders_exit_attempt_unique ON orders (position_id, attempt) WHERE purpose = 'exit';
CREATE INDEX orders_live_idx ON orders (account_id, status)
  WHERE status IN ('pending_submit', 'unresolved', 'accepted', 'partially_filled');
COMMENT ON TABLE orders IS 'Writer: dispatcher for entry orders, position-manager for exit orders (each for its own account), including broker status updates of the orders it placed.';

CREATE TABLE positions (
  position_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id       text NOT NULL REFERENCES accounts (account_id),
  -- Exact instrument id: ticker for stock, OCC symbol for options.
  symbol           text NOT NULL,
  underlying       text NOT NULL CHECK (underlying <> ''),
  instrument_type  text NOT NULL CHECK (instrument_type IN ('STOCK', 'CALL', 'PUT')),
  option_expiry    date,
  option_strike    numeric CHECK (option_strike > 0),
  option_right     text CHECK (option_right IN ('call', 'put')),
  -- Long only (shorting is not supported): qty is the number of shares or contracts held.
  qty              numeric NOT NULL CHECK (qty > 0),
  multiplier       integer NOT NULL CHECK (multiplier IN (1, 100)),
  avg_entry_price  numeric NOT NULL CHECK (avg_entry_price > 0),
  entry_order_id   bigint UNIQUE REFERENCES orders (order_id),
  rec_id           bigint REFERENCES recommendations (rec_id),
  -- NULL when unknown (e.g. adopted from the broker), never a made-up default (seed failure 48).
  strategy_type    text CHECK (strategy_type IN ('day_trade', 'swing_trade', 'conservative', 'gap_fade')),
  opened_at        timestamptz NOT NULL,
  status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closing', 'closed')),
  closing_since    timestamptz,
  close_reason     text CHECK (close_reason IN (
                     'take_profit', 'stop_loss', 'option_profit_target', 'option_stop_loss', 'trailing_stop',
                     'theta_decay_risk', 'day_trade_close', 'max_hold_time', 'expiration_risk', 'eod_flat',
                     'phantom_reconciliation', 'manual')),
  exit_price       numeric CHECK (exit_price > 0),
  realized_pnl     numeric,
  closed_at        timestamptz,
  stop_price       numeric CHECK (stop_price > 0),
  target_price     numeric CHECK (target_price > 0),
  max_hold_minutes integer CHECK (max_hold_minutes > 0),
  peak_price       numeric CHECK (peak_price > 0),
  trail_price      numeric CHECK (trail_price > 0),
  last_mark_price  numeric CHECK (last_mark_price > 0),
  last_mark_at     timestamptz,
  mfe_pct          double precision,
  mae_pct          double precision,
  entry_features   jsonb,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  -- Targets for composite foreign keys: child rows must agree with the position on account/instrument.
  CONSTRAINT positions_account_unique UNIQUE (position_id, account_id),
  CONSTRAINT positions_instrument_unique UNIQUE (position_id, account_id, symbol),
  CONSTRAINT positions_option_fields_iff_option CHECK (
    (instrument_type = 'STOCK' AND option_expiry IS NULL AND option_strike IS NULL AND option_right IS NULL)
    OR (instrument_type = 'CALL' AND option_expiry IS NOT NULL AND option_strike IS NOT NULL AND option_right IS NOT DISTINCT FROM 'call')
    OR (instrument_type = 'PUT' AND option_expiry IS NOT NULL AND option_strike IS NOT NULL AND option_right IS NOT DISTINCT FROM 'put')),
  CONSTRAINT positions_multiplier_matches_type CHECK ((instrument_type = 'STOCK') = (multiplier = 1)),
  CONSTRAINT positions_stock_symbol_is_underlying CHECK (instrument_type <> 'STOCK' OR symbol = underlying),
  CONSTRAINT positions_option_symbol_is_occ CHECK (
    instrument_type = 'STOCK'
    OR (symbol ~ '^[A-Z0-9.]{1,6}[0-9]{6}[CP][0-9]{8}$'
        AND substr(symbol, length(symbol) - 8, 1) = CASE instrument_type WHEN 'CALL' THEN 'C' ELSE 'P' END)),
  -- closing is a tracked state with its own clock (seed failure 30), closed is final and explained.
  CONSTRAINT positions_closing_has_since CHECK (status <> 'closing' OR closing_since IS NOT NULL),
  CONSTRAINT positions_closed_iff_closed_at CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
  CONSTRAINT positions_closed_has_reason CHECK (status <> 'closed' OR close_reason IS NOT NULL)
);
-- At most one open or closing row per (account, exact instrument) (seed failure 29).
CREATE UNIQUE INDEX positions_one_live_per_account_symbol ON positions (account_id, symbol) WHERE status <> 'closed';
CREATE INDEX positions_account_closed_idx ON positions (account_id, closed_at) WHERE status = 'closed';
COMMENT ON TABLE positions IS 'Writer: position-manager (one instance per account). Broker-reconciled position lifecycle open -> closing -> closed.';

-- The circular reference (orders <-> positions) is closed once both tables exist. The composite key
-- makes an exit order name exactly the held instrument of its own account (seed failures 21, 40).
ALTER TABLE orders ADD CONSTRAINT orders_position_fk FOREIGN KEY (position_id, account_id, symbol)
  REFERENCES positions (position_id, account_id, symbol);
CREATE INDEX orders_position_idx ON orders (position_id) WHERE position_id IS NOT NULL;
CREATE INDEX orders_rec_idx ON orders (rec_id) WHERE rec_id IS NOT NULL;

CREATE TABLE fills (
  -- Broker activity/execution id, so replays of the same trade update are no-ops.
  fill_id    text PRIMARY KEY CHECK (fill_id <> ''),
  order_id   bigint NOT NULL,
  account_id text NOT NULL REFERENCES accounts (account_id),
  symbol     text NOT NULL,
  side       text NOT NULL CHECK (side IN ('buy', 'sell')),
  qty        numeric NOT NULL CHECK (qty > 0),
  price      numeric NOT NULL CHECK (price > 0),
  filled_at  timestamptz NOT NULL,
  raw        jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- A fill agrees with its order on account, instrument and side: a sell fill can never look like a
  -- new buy (seed failure 49).
  CONSTRAINT fills_order_fk FOREIGN KEY (order_id, account_id, symbol, side)
    REFERENCES orders (order_id, account_id, symbol, side)
);
CREATE INDEX fills_order_idx ON fills (order_id);
CREATE INDEX fills_account_time_idx ON fills (account_id, filled_at);
COMMENT ON TABLE fills IS 'Writer: the owner of the parent order (dispatcher for entries, position-manager for exits). Source of entry and exit prices (seed failure 50).';

CREATE TABLE position_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  position_id bigint NOT NULL,
  account_id  text NOT NULL REFERENCES accounts (account_id),
  event_type  text NOT NULL CHECK (event_type <> ''),
  detail      jsonb NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT position_events_position_fk FOREIGN KEY (position_id, account_id)
    REFERENCES positions (position_id, account_id)
);
CREATE INDEX position_events_position_idx ON position_events (position_id, created_at);
COMMENT ON TABLE position_events IS 'Writer: position-manager. Append-only lifecycle log per position (state changes, not every mark).';

CREATE TABLE position_history (
  position_id     bigint PRIMARY KEY,
  account_id      text NOT NULL REFERENCES accounts (account_id),
  symbol          text NOT NULL,
  underlying      text NOT NULL,
  instrument_type text NOT NULL CHECK (instrument_type IN ('STOCK', 'CALL', 'PUT')),
  strategy_type   text CHECK (strategy_type IN ('day_trade', 'swing_trade', 'conservative', 'gap_fade')),
  qty             numeric NOT NULL CHECK (qty > 0),
  multiplier      integer NOT NULL CHECK (multiplier IN (1, 100)),
  entry_price     numeric NOT NULL CHECK (entry_price > 0),
  exit_price      numeric NOT NULL CHECK (exit_price > 0),
  -- fills = volume-weighted price of our exit fills. last_mark is allowed only when no fill of ours
  -- exists: a phantom (closed at the broker behind our back) or a manual close (seed failure 50).
  exit_price_source text NOT NULL DEFAULT 'fills' CHECK (exit_price_source IN ('fills', 'last_mark')),
  pnl_usd         numeric NOT NULL,
  pnl_pct         double precision NOT NULL,
  opened_at       timestamptz NOT NULL,
  closed_at       timestamptz NOT NULL,
  holding_s       bigint NOT NULL CHECK (holding_s >= 0),
  exit_reason     text NOT NULL CHECK (exit_reason IN (
                    'take_profit', 'stop_loss', 'option_profit_target', 'option_stop_loss', 'trailing_stop',
                    'theta_decay_risk', 'day_trade_close', 'max_hold_time', 'expiration_risk', 'eod_flat',
                    'phantom_reconciliation', 'manual')),
  mfe_pct         double precision,
  mae_pct         double precision,
  entry_features  jsonb,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT position_history_position_fk FOREIGN KEY (position_id, account_id, symbol)
    REFERENCES positions (position_id, account_id, symbol),
  CONSTRAINT position_history_closed_after_open CHECK (closed_at >= opened_at),
  CONSTRAINT position_history_multiplier_matches_type CHECK ((instrument_type = 'STOCK') = (multiplier = 1)),
  CONSTRAINT position_history_mark_exit_only_without_fill CHECK (
    exit_price_source = 'fills' OR exit_reason IN ('phantom_reconciliation', 'manual'))
);
CREATE INDEX position_history_account_closed_idx ON position_history (account_id, closed_at);
COMMENT ON TABLE position_history IS 'Writer: position-manager, once per closed position (phantoms included). Learning and daily P&L read it.';

-- ---------------------------------------------------------------------------------------------------
-- Account state and risk
-- ---------------------------------------------------------------------------------------------------

CREATE TABLE account_snapshots (
  account_id   text NOT NULL REFERENCES accounts (account_id),
  at           timestamptz NOT NULL,
  equity       numeric NOT NULL,
  cash         numeric NOT NULL,
  buying_power numeric NOT NULL CHECK (buying_power >= 0),
  options_buying_power numeric CHECK (options_buying_power >= 0),
  raw          jsonb,
  PRIMARY KEY (account_id, at)
);
COMMENT ON TABLE account_snapshots IS 'Writer: position-manager (broker account state each cycle, per account).';

CREATE TABLE account_activities (
  activity_id      text PRIMARY KEY CHECK (activity_id <> ''),
  account_id       text NOT NULL REFERENCES accounts (account_id),
  activity_type    text NOT NULL,
  activity_date    date,
  symbol           text,
  side             text,
  qty              numeric,
  price            numeric,
  net_amount       numeric,
  transaction_time timestamptz,
  -- The broker order id as reported by the activity (text), not orders.order_id.
  order_id         text,
  raw              jsonb NOT NULL,
  ingested_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX account_activities_account_time_idx ON account_activities (account_id, transaction_time);
COMMENT ON TABLE account_activities IS 'Writer: position-manager (broker account activities, insert ON CONFLICT DO NOTHING).';

CREATE TABLE risk_state (
  account_id         text PRIMARY KEY REFERENCES accounts (account_id),
  -- Fail closed: an account trades only after someone enables it with no halt reason.
  trading_enabled    boolean NOT NULL DEFAULT false,
  day                date,
  daily_realized_pnl numeric NOT NULL DEFAULT 0,
  loss_streak        integer NOT NULL DEFAULT 0 CHECK (loss_streak >= 0),
  halted_reason      text,
  updated_at         timestamptz NOT NULL DEFAULT now(),
  updated_by         text,
  -- A halted account always says why, and an enabled one has no stale halt reason.
  CONSTRAINT risk_state_halt_explained CHECK (trading_enabled = (halted_reason IS NULL))
);
INSERT INTO risk_state (account_id, trading_enabled, halted_reason, updated_by)
SELECT account_id, false, 'not enabled yet', 'migration 0002' FROM accounts;
COMMENT ON TABLE risk_state IS 'Writer: position-manager (daily P&L, loss streak, automatic halts), and the ops CLI only to enable or halt trading. One row per account, seeded disabled.';

CREATE TABLE risk_locks (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id   text NOT NULL REFERENCES accounts (account_id),
  -- NULL locks the whole account.
  symbol       text,
  reason       text NOT NULL CHECK (reason <> ''),
  locked_at    timestamptz NOT NULL,
  locked_until timestamptz NOT NULL,
  created_by   text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT risk_locks_until_after_at CHECK (locked_until > locked_at)
);
CREATE INDEX risk_locks_active_idx ON risk_locks (account_id, locked_until);
COMMENT ON TABLE risk_locks IS 'Writer: position-manager (cooldowns and loss-streak pauses) and the ops CLI. Read by the dispatcher gates.';

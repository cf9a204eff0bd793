-- 0005_features_depth: the indicator set of issue 7 and what the streaming features service reads.
-- Forward-only: 0002's features table keeps its columns and checks.

-- ---------------------------------------------------------------------------------------------------
-- Features: session VWAP and Bollinger %b / bandwidth
-- ---------------------------------------------------------------------------------------------------

-- NULL for rows written before this migration, and vwap NULL until the session has traded volume.
-- "< Infinity" also rejects NaN (PostgreSQL sorts NaN above every number).
ALTER TABLE features
  ADD COLUMN vwap         double precision CHECK (vwap > 0 AND vwap < 'Infinity'::float8),
  ADD COLUMN bb_percent_b double precision CHECK (bb_percent_b > '-Infinity'::float8 AND bb_percent_b < 'Infinity'::float8),
  ADD COLUMN bb_bandwidth double precision CHECK (bb_bandwidth >= 0 AND bb_bandwidth < 'Infinity'::float8);

-- ---------------------------------------------------------------------------------------------------
-- Bars: what changed since a given time
-- ---------------------------------------------------------------------------------------------------

-- Telemetry stamps ingested_at with its clock on insert and on every correction of a bar. The features
-- service keeps indicator state in memory and reads only bars ingested since its previous cycle
-- (corrections and late bars included), so it needs max(ingested_at) and that range without a scan.
CREATE INDEX bars_ingested_at_idx ON bars (ingested_at);

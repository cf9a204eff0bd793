-- 0007_position_depth: the reconciliation evidence rule of issue 10.
-- Forward-only: 0002's positions and position_history keep their columns; one column and one widened
-- check are added. Portable like 0002: no extensions, functions or triggers.

-- A row of ours the broker no longer holds, with no fill or account activity explaining why, is not
-- closed on a guess (seed 28 closed such rows at a stale mark): it is flagged for review and takes no
-- exits until the broker shows it again or evidence of the close arrives. NULL = not under review.
ALTER TABLE positions ADD COLUMN review_since timestamptz;

-- broker_activity = the volume-weighted price of the broker's FILL activities that closed the
-- instrument behind our back (a manual close): a real price, never a mark (seed failure 50).
ALTER TABLE position_history DROP CONSTRAINT position_history_exit_price_source_check;
ALTER TABLE position_history ADD CONSTRAINT position_history_exit_price_source_check
  CHECK (exit_price_source IN ('fills', 'last_mark', 'broker_activity'));

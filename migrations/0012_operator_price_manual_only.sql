-- 0012: an operator-priced close (exit_price_source 'operator', written by `pnpm ops resolve-review`) is
-- always a manual close. 0010 said so in a comment; this makes the table enforce it. Portable like 0007.
ALTER TABLE position_history ADD CONSTRAINT position_history_operator_price_is_manual
  CHECK (exit_price_source <> 'operator' OR exit_reason = 'manual');

-- Entry re-pricing (issue 9). An unfilled entry limit may be cancelled and re-sent at a new price a bounded
-- number of times; each re-price is a new row with attempt + 1 and its own deterministic client_order_id
-- (ops-e-r<rec>-<account>-a<attempt>, derived from the first). Two rules replace the old "one entry row per
-- (rec, account)":
--   * one row per (rec, account, attempt): the same attempt can never be written twice (same name as the
--     index it replaces, so a duplicate entry still fails on orders_one_entry_per_rec_account);
--   * at most ONE LIVE entry order per (rec, account) at any time: a re-price is only possible after the
--     previous attempt reached a terminal state.
DROP INDEX IF EXISTS orders_one_entry_per_rec_account;
CREATE UNIQUE INDEX orders_one_entry_per_rec_account ON orders (rec_id, account_id, attempt) WHERE purpose = 'entry';
CREATE UNIQUE INDEX orders_one_live_entry_per_rec_account ON orders (rec_id, account_id)
  WHERE purpose = 'entry' AND status IN ('pending_submit', 'unresolved', 'accepted', 'partially_filled');

-- 0011_news_published_estimated: the estimated-publish-time flag of issue 5.
-- Forward-only: news_articles from 0002 keeps its columns and one column is added. Portable like 0007:
-- plain SQL, no extensions, functions or triggers.

-- A feed item without a readable (or with a future) publish time is stored with the fetch time as
-- published_at. Until now only the cycle counts knew it was a guess, so readers could not tell a real
-- timestamp from an estimate. Rows that existed before this migration stay false: unknown, not flagged.
ALTER TABLE news_articles ADD COLUMN published_at_estimated boolean NOT NULL DEFAULT false;

COMMENT ON COLUMN news_articles.published_at_estimated IS
  'True when published_at is the news service fetch time because the feed item carried no usable publish time. Written by news on insert, and cleared (with published_at replaced) when a later sighting of the same dedupe_key carries a real time. A real time is never replaced by an estimate. Rows inserted before migration 0011 are false because whether their time was estimated is unknown.';

-- The writer now also corrects estimated times, so the table comment stops promising insert-only.
COMMENT ON TABLE news_articles IS
  'Writer: news (insert ON CONFLICT (dedupe_key) DO NOTHING, and replaces an estimated published_at with a real one seen later). The classifier only stamps classified_at.';

-- Sentiment model output at full resolution (issue 6): the class distribution behind each verdict,
-- the exact model weights, failures recorded as failures, and one per-ticker aggregate every reader
-- shares. Forward-only; 0002's classifications table keeps its columns and checks.

-- ---------------------------------------------------------------------------------------------------
-- Class probabilities and model version
-- ---------------------------------------------------------------------------------------------------

ALTER TABLE classifications
  ADD COLUMN p_positive    double precision,
  ADD COLUMN p_negative    double precision,
  ADD COLUMN p_neutral     double precision,
  -- Which weights produced the row (FinBERT: sha256 prefix of the ONNX file); NULL for the lexicon.
  ADD COLUMN model_version text CHECK (model_version <> '');

-- A model that gives probabilities gives all three; they form a distribution; the stored signed score
-- is p(positive) − p(negative) and the label is the most probable class. The lexicon stores none.
ALTER TABLE classifications ADD CONSTRAINT classifications_probabilities_valid CHECK (
  (p_positive IS NULL AND p_negative IS NULL AND p_neutral IS NULL)
  OR (
    p_positive BETWEEN 0 AND 1 AND p_negative BETWEEN 0 AND 1 AND p_neutral BETWEEN 0 AND 1
    AND abs(p_positive + p_negative + p_neutral - 1) <= 1e-3
    AND abs(signed_score - (p_positive - p_negative)) <= 1e-9
    AND CASE label
          WHEN 'positive' THEN p_positive >= p_negative AND p_positive >= p_neutral
          WHEN 'negative' THEN p_negative >= p_positive AND p_negative >= p_neutral
          ELSE p_neutral >= p_positive AND p_neutral >= p_negative
        END
  )
);

COMMENT ON COLUMN classifications.p_positive IS 'Model probability of positive; NULL when the model gives no distribution (lexicon).';
COMMENT ON COLUMN classifications.model_version IS 'Exact weights (sha256 prefix of the ONNX file); NULL for the lexicon.';

-- ---------------------------------------------------------------------------------------------------
-- Failures: an article the model threw on. Not a neutral verdict, and not retried forever: the
-- classifier stamps news_articles.classified_at in the same transaction, so it is not claimed again.
-- ---------------------------------------------------------------------------------------------------

CREATE TABLE classification_failures (
  article_id    bigint PRIMARY KEY REFERENCES news_articles (article_id) ON DELETE CASCADE,
  model         text NOT NULL CHECK (model <> ''),
  model_version text CHECK (model_version <> ''),
  error         text NOT NULL CHECK (error <> ''),
  failed_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX classification_failures_failed_at_idx ON classification_failures (failed_at);
COMMENT ON TABLE classification_failures IS 'Writer: classifier. Articles the sentiment model failed on, with the error; they have no classifications row.';

-- ---------------------------------------------------------------------------------------------------
-- Per-ticker sentiment over a window, shared by the watchlist and the signal engine
-- ---------------------------------------------------------------------------------------------------

-- Articles tagged with the symbol whose time (published_at, else fetched_at) lies in (since, until],
-- counting only verdicts with confidence strictly above min_confidence (the signal engine's 0.65).
-- LANGUAGE sql and STABLE so the planner inlines it into a LATERAL join and uses the tickers GIN index.
CREATE FUNCTION ticker_sentiment(
  symbol text, since timestamptz, until timestamptz, min_confidence double precision DEFAULT 0
) RETURNS TABLE (
  news_count bigint, avg_signed_score double precision, positive_count bigint, negative_count bigint,
  neutral_count bigint, newest_at timestamptz
) LANGUAGE sql STABLE AS $$
  SELECT count(*),
         avg(c.signed_score),
         count(*) FILTER (WHERE c.label = 'positive'),
         count(*) FILTER (WHERE c.label = 'negative'),
         count(*) FILTER (WHERE c.label = 'neutral'),
         max(coalesce(a.published_at, a.fetched_at))
  FROM news_articles a
  JOIN classifications c ON c.article_id = a.article_id
  WHERE a.tickers @> ARRAY[ticker_sentiment.symbol]
    AND c.confidence > ticker_sentiment.min_confidence
    AND coalesce(a.published_at, a.fetched_at) > ticker_sentiment.since
    AND coalesce(a.published_at, a.fetched_at) <= ticker_sentiment.until
$$;
COMMENT ON FUNCTION ticker_sentiment(text, timestamptz, timestamptz, double precision) IS
  'Per-ticker news sentiment over (since, until]: count, mean signed score, label counts, newest article time.';

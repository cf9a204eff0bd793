export { articleIdentity } from "./article-identity.js";
export { canonicalLink } from "./canonical-link.js";
export {
  buildCompanyNameMap, companyNameKey, companyNameRowsFromSecTable, nameTokens, shortCompanyNameKey,
  type BuildCompanyNameMapOptions, type CompanyNameRow,
} from "./company-names.js";
export { extractArticleTickers, extractTickers, type ExtractTickersOptions } from "./extract-tickers.js";
export { decodeHtmlEntities, htmlToText, stripControlChars, truncateText } from "./html-text.js";
export { createLexiconSentimentModel, lexiconScore, lexiconSentiment, LEXICON_MODEL_NAME, type LexiconScore } from "./lexicon-sentiment.js";
export {
  DEFAULT_MAX_SUMMARY_CHARS, DEFAULT_MAX_TITLE_CHARS, FEED_ITEM_REJECTIONS, normalizeFeedItem,
  type FeedItemRejection, type NormalizedFeedItem, type NormalizeFeedItemOptions, type NormalizeFeedItemResult, type RawFeedItem,
} from "./normalize-feed-item.js";
export { classificationText, FAILED_SENTIMENT, type Sentiment, type SentimentModel } from "./sentiment.js";
export { evaluateSentiment, type LabelMetrics, type SentimentMetrics } from "./sentiment-metrics.js";
export { AMBIGUOUS_UPPERCASE_WORDS } from "./ticker-stopwords.js";
export { companyNameMapFrom, WELL_KNOWN_COMPANY_NAMES } from "./well-known-company-names.js";

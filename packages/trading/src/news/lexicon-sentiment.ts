import type { Sentiment, SentimentModel } from "./sentiment.js";
import { INTENSIFIERS, NEGATORS, PHRASE_WEIGHTS, RATING_ACTIONS, RATING_WORDS, WORD_WEIGHTS } from "./sentiment-lexicon.js";

// v2: deal, legal and microblog vocabulary, polar threshold 0.6 (v1: 0.9, no microblog words).
export const LEXICON_MODEL_NAME = "lexicon-v2";

/**
 * |raw score| below this is neutral: one weak cue ("up" 0.5, "risk" -0.4) is not an opinion, one
 * plain directional cue ("growth", "profit", "bought") is. Chosen on the shared labelled sets
 * (SemEval-2017, FiQA-2018, Twitter Financial News): 0.9 left most polar headlines neutral.
 */
const POLAR_THRESHOLD = 0.6;
const NEGATION_WINDOW = 3;
const NEGATION_FACTOR = -0.7;
const SIGNED_PERCENT_WEIGHT = 1.2;
const MAX_PHRASE_TOKENS = 4;

// Noise that carries no sentiment but contains cue-shaped words: links, cashtags, handles, hashtags.
const NOISE_RE = /https?:\/\/\S+|[$@#][A-Za-z][\w.]*/g;
// Clause breaks end a negation's reach: "not cheap, but rising" must not flip "rising".
const CLAUSE_RE = /[.,;:!?()[\]{}"“”|…]+|\s[-–—]+\s/;
const TOKEN_RE = /[+-]\d+(?:\.\d+)?%|\d+(?:\.\d+)?%|[a-z][a-z0-9']*(?:-[a-z0-9']+)*/g;
const UNSIGNED_PCT_RE = /^\d/;
// A question headline ("Is X a buy?") reports an opinion less firmly than a statement.
const QUESTION_DAMPING = 0.5;

export interface LexiconScore {
  /** Sum of cue weights after negation and intensifiers; > 0 leans positive. */
  raw: number;
  /** Number of cues that contributed. */
  cues: number;
}

function scoreClause(clause: string, acc: LexiconScore): void {
  const tokens = (clause.match(TOKEN_RE) ?? []).map((t) => (UNSIGNED_PCT_RE.test(t) ? "<pct>" : t));
  let negateFor = 0;
  let intensity = 1;
  let ratingChanged = false;
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i] as string;
    if (/^[+-]\d/.test(token)) {
      acc.raw += (token.startsWith("+") ? 1 : -1) * SIGNED_PERCENT_WEIGHT;
      acc.cues += 1;
      i += 1;
      continue;
    }
    let weight: number | undefined;
    let span = 1;
    for (let n = Math.min(MAX_PHRASE_TOKENS, tokens.length - i); n >= 1; n -= 1) {
      const key = tokens.slice(i, i + n).join(" ");
      weight = PHRASE_WEIGHTS.get(key) ?? (n === 1 ? WORD_WEIGHTS.get(key) : undefined);
      if (weight !== undefined) {
        span = n;
        break;
      }
    }
    const startsNegation = NEGATORS.has(token);
    const key = tokens.slice(i, i + span).join(" ");
    if (weight !== undefined && ratingChanged && RATING_WORDS.has(key)) weight = undefined;
    if (tokens.slice(i, i + span).some((t) => RATING_ACTIONS.has(t))) ratingChanged = true;
    if (weight !== undefined) {
      let w = weight * intensity;
      if (negateFor > 0) w *= NEGATION_FACTOR;
      acc.raw += w;
      acc.cues += 1;
      intensity = 1;
    } else {
      const boost = INTENSIFIERS.get(token);
      if (boost !== undefined) intensity = boost;
    }
    negateFor = startsNegation ? NEGATION_WINDOW : Math.max(0, negateFor - span);
    i += span;
  }
}

/** The raw lexicon evidence of a text (exposed for tests and calibration). */
export function lexiconScore(text: string): LexiconScore {
  const acc: LexiconScore = { raw: 0, cues: 0 };
  const cleaned = text.replace(/[’‘`]/g, "'").replace(NOISE_RE, " ").toLowerCase();
  for (const clause of cleaned.split(CLAUSE_RE)) scoreClause(clause, acc);
  if (cleaned.includes("?")) acc.raw *= QUESTION_DAMPING;
  return acc;
}

/**
 * Interim finance sentiment from word lists with negation ("not", "didn't", "fails to" flip the next
 * few cues) and intensifiers. The classifier runs it when FinBERT's files are absent (announced) or when
 * configured to.
 * `signedScore` = tanh(raw / 2); `confidence` is a calibrated-looking but heuristic probability:
 * 0.5–0.95 for positive/negative, 0.5–0.8 for neutral (a lexicon is never sure nothing was said).
 */
export function lexiconSentiment(text: string): Sentiment {
  const { raw } = lexiconScore(text);
  const signedScore = Math.tanh(raw / 2);
  const magnitude = Math.abs(raw);
  if (magnitude < POLAR_THRESHOLD) {
    return { label: "neutral", confidence: round4(0.5 + 0.3 * (1 - magnitude / POLAR_THRESHOLD)), signedScore: round4(signedScore) };
  }
  return {
    label: raw > 0 ? "positive" : "negative",
    confidence: round4(0.5 + 0.45 * Math.abs(signedScore)),
    signedScore: round4(signedScore),
  };
}

function round4(x: number): number {
  // Avoid "-0" in stored rows.
  return Math.round(x * 10_000) / 10_000 || 0;
}

/** The lexicon as a `SentimentModel` (synchronous work behind the async interface). */
export function createLexiconSentimentModel(): SentimentModel {
  return {
    name: LEXICON_MODEL_NAME,
    classify: async (texts) => texts.map((t) => lexiconSentiment(t)),
  };
}

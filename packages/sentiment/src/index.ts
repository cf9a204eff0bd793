// FinBERT (transformers.js, local files) and the evaluation of sentiment models on labelled sets.
export { ModelFilesError } from "./model/model-files-error.js";
export { labelOrderFromConfig } from "./model/label-order.js";
export {
  hasProbabilities, probabilitiesProblem, sentimentFromLogits, sentimentFromProbabilities, softmax,
  type ClassProbabilities, type ScoredSentiment,
} from "./model/probabilities.js";
export {
  inspectModelDir, MODEL_DTYPES, MODEL_JSON_FILES, ONNX_FILE_FOR_DTYPE,
  type AbsentModelDir, type ModelDirState, type ModelDtype, type PresentModelDir,
} from "./model/model-dir.js";
export {
  loadTransformersSentimentModel, type TransformersSentimentModel, type TransformersSentimentOptions,
} from "./model/transformers-sentiment-model.js";
export { selectTickerSentiment, type TickerSentiment, type TickerSentimentWindow } from "./db/ticker-sentiment.js";
export { decodeUtf8OrLatin1, TEXT_ENCODINGS, type DecodedText, type TextEncoding } from "./eval/decode-text.js";
export type { LabelledExample, LabelledSet } from "./eval/labelled-set.js";
export { parseSentenceLabelFile, type SentenceLabelFile } from "./eval/sentence-label-file.js";
export {
  labelFromScore, loadFiqaPosts, loadSemEvalHeadlines, loadSharedSentimentSets, loadTwitterFinancialNews, SCORE_NEUTRAL_BAND,
} from "./eval/shared-sets.js";
export {
  beatsMajority, confusionMatrix, evaluateModelOnSet, majorityLabel, type ConfusionMatrix, type SetEvaluation,
} from "./eval/evaluate-set.js";
export { formatEvaluation } from "./eval/format-evaluation.js";
export { formatThroughput, measureThroughput, type MeasureThroughputOptions, type ThroughputResult } from "./bench/measure-throughput.js";

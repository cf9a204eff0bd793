import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { encodeOnnxModel, float32Raw, int64Raw, ONNX_ATTRIBUTE_TYPE, ONNX_DTYPE, type OnnxNode } from "./onnx-proto.js";

const SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] as const;

export interface TinyBertModelOptions {
  /** config.json id2label, in class-index order; FinBERT's own order is positive, negative, neutral. */
  labels?: readonly string[];
  /**
   * Word → logit contribution per class index (length = labels.length). Each occurrence of the word
   * inside the attention mask adds its vector, so the model is a bag of words with known output.
   */
  wordLogits?: Readonly<Record<string, readonly number[]>>;
  /** Plain vocabulary words that contribute nothing. */
  fillerWords?: readonly string[];
  /** Per-class bias. */
  bias?: readonly number[];
  /** tokenizer_config.json model_max_length (and config.json max_position_embeddings). */
  maxLength?: number;
  /**
   * A vocabulary word whose id lies outside an internal lookup table, so any text containing it makes
   * onnxruntime throw ("indices element out of data bounds"), like a real model failing on one input.
   */
  poisonWord?: string;
  /** ONNX file written under onnx/ (model_quantized.onnx is what dtype q8 loads). */
  onnxFileName?: string;
  /** config.json _name_or_path. */
  nameOrPath?: string;
}

export const FINBERT_LABEL_ORDER = ["positive", "negative", "neutral"] as const;

export interface TinyBertModel {
  dir: string;
  vocab: ReadonlyMap<string, number>;
  labels: readonly string[];
  maxLength: number;
  onnxPath: string;
}

const DEFAULT_WORD_LOGITS: Readonly<Record<string, readonly number[]>> = {
  // Indices follow FINBERT_LABEL_ORDER.
  gain: [2, 0, 0],
  beat: [2, 0, 0],
  loss: [0, 2, 0],
  miss: [0, 2, 0],
  meeting: [0, 0, 2],
};

/**
 * Writes a tiny BERT-shaped text-classification model in the layout transformers.js loads for
 * `Xenova/finbert` (config.json, tokenizer.json, tokenizer_config.json, onnx/<file>): inputs
 * input_ids / attention_mask / token_type_ids, output logits [batch, labels]. Offline, ~1 ms.
 */
export async function writeTinyBertModel(dir: string, options: TinyBertModelOptions = {}): Promise<TinyBertModel> {
  const labels = options.labels ?? FINBERT_LABEL_ORDER;
  const classes = labels.length;
  const wordLogits = options.wordLogits ?? DEFAULT_WORD_LOGITS;
  const maxLength = options.maxLength ?? 16;
  const words = [...new Set([...Object.keys(wordLogits), ...(options.fillerWords ?? ["the", "company", "said", "today", "and"])])];
  if (options.poisonWord !== undefined) {
    // The poison word must take the last id: the guard table covers every id below it.
    const at = words.indexOf(options.poisonWord);
    if (at >= 0) words.splice(at, 1);
    words.push(options.poisonWord);
  }
  const tokens = [...SPECIAL_TOKENS, ...words];
  const vocab = new Map(tokens.map((t, i) => [t, i] as const));
  const vocabSize = tokens.length;

  const table: number[] = [];
  for (const token of tokens) {
    const row = wordLogits[token] ?? [];
    for (let c = 0; c < classes; c += 1) table.push(row[c] ?? 0);
  }
  const bias = Array.from({ length: classes }, (_, c) => options.bias?.[c] ?? 0);
  const guardRows = options.poisonWord === undefined ? vocabSize : vocabSize - 1;

  const nodes: OnnxNode[] = [
    { opType: "Gather", inputs: ["word_embeddings", "input_ids"], outputs: ["embedded"], attributes: [{ name: "axis", type: ONNX_ATTRIBUTE_TYPE.INT, i: 0 }] },
    { opType: "Gather", inputs: ["guard", "input_ids"], outputs: ["guarded"], attributes: [{ name: "axis", type: ONNX_ATTRIBUTE_TYPE.INT, i: 0 }] },
    { opType: "Add", inputs: ["embedded", "guarded"], outputs: ["embedded_checked"] },
    { opType: "Cast", inputs: ["attention_mask"], outputs: ["mask_f"], attributes: [{ name: "to", type: ONNX_ATTRIBUTE_TYPE.INT, i: ONNX_DTYPE.FLOAT }] },
    { opType: "Unsqueeze", inputs: ["mask_f", "axis_last"], outputs: ["mask_3d"] },
    { opType: "Mul", inputs: ["embedded_checked", "mask_3d"], outputs: ["masked"] },
    { opType: "ReduceSum", inputs: ["masked", "axis_sequence"], outputs: ["pooled"], attributes: [{ name: "keepdims", type: ONNX_ATTRIBUTE_TYPE.INT, i: 0 }] },
    // token_type_ids is read (as BERT does) but weighs nothing here.
    { opType: "Cast", inputs: ["token_type_ids"], outputs: ["types_f"], attributes: [{ name: "to", type: ONNX_ATTRIBUTE_TYPE.INT, i: ONNX_DTYPE.FLOAT }] },
    { opType: "ReduceSum", inputs: ["types_f", "axis_sequence"], outputs: ["types_sum"], attributes: [{ name: "keepdims", type: ONNX_ATTRIBUTE_TYPE.INT, i: 1 }] },
    { opType: "Mul", inputs: ["types_sum", "zero"], outputs: ["types_term"] },
    { opType: "Add", inputs: ["pooled", "classifier_bias"], outputs: ["biased"] },
    { opType: "Add", inputs: ["biased", "types_term"], outputs: ["logits"] },
  ];

  const bytes = encodeOnnxModel({
    graphName: "tiny_bert_for_sequence_classification",
    opsetVersion: 13,
    nodes,
    initializers: [
      { name: "word_embeddings", dims: [vocabSize, classes], dataType: ONNX_DTYPE.FLOAT, rawData: float32Raw(table) },
      { name: "guard", dims: [guardRows, 1], dataType: ONNX_DTYPE.FLOAT, rawData: float32Raw(new Array<number>(guardRows).fill(0)) },
      { name: "classifier_bias", dims: [classes], dataType: ONNX_DTYPE.FLOAT, rawData: float32Raw(bias) },
      { name: "axis_last", dims: [1], dataType: ONNX_DTYPE.INT64, rawData: int64Raw([-1]) },
      { name: "axis_sequence", dims: [1], dataType: ONNX_DTYPE.INT64, rawData: int64Raw([1]) },
      { name: "zero", dims: [], dataType: ONNX_DTYPE.FLOAT, rawData: float32Raw([0]) },
    ],
    inputs: [
      { name: "input_ids", elemType: ONNX_DTYPE.INT64, shape: ["batch_size", "sequence_length"] },
      { name: "attention_mask", elemType: ONNX_DTYPE.INT64, shape: ["batch_size", "sequence_length"] },
      { name: "token_type_ids", elemType: ONNX_DTYPE.INT64, shape: ["batch_size", "sequence_length"] },
    ],
    outputs: [{ name: "logits", elemType: ONNX_DTYPE.FLOAT, shape: ["batch_size", classes] }],
  });

  const id2label = Object.fromEntries(labels.map((l, i) => [String(i), l]));
  const label2id = Object.fromEntries(labels.map((l, i) => [l, i]));
  const config = {
    _name_or_path: options.nameOrPath ?? "ops/tiny-bert-sentiment-test",
    architectures: ["BertForSequenceClassification"],
    model_type: "bert",
    id2label,
    label2id,
    num_labels: classes,
    hidden_size: classes,
    max_position_embeddings: maxLength,
    vocab_size: vocabSize,
    type_vocab_size: 2,
    pad_token_id: 0,
  };
  const tokenizerConfig = {
    tokenizer_class: "BertTokenizer",
    do_lower_case: true,
    model_max_length: maxLength,
    cls_token: "[CLS]",
    sep_token: "[SEP]",
    pad_token: "[PAD]",
    unk_token: "[UNK]",
    mask_token: "[MASK]",
  };
  const special = (content: string) => ({ id: vocab.get(content), content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  const tokenizer = {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map(special),
    normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: {
      type: "TemplateProcessing",
      single: [{ SpecialToken: { id: "[CLS]", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }, { SpecialToken: { id: "[SEP]", type_id: 0 } }],
      pair: [
        { SpecialToken: { id: "[CLS]", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }, { SpecialToken: { id: "[SEP]", type_id: 0 } },
        { Sequence: { id: "B", type_id: 1 } }, { SpecialToken: { id: "[SEP]", type_id: 1 } },
      ],
      special_tokens: {
        "[CLS]": { id: "[CLS]", ids: [vocab.get("[CLS]")], tokens: ["[CLS]"] },
        "[SEP]": { id: "[SEP]", ids: [vocab.get("[SEP]")], tokens: ["[SEP]"] },
      },
    },
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: {
      type: "WordPiece",
      unk_token: "[UNK]",
      continuing_subword_prefix: "##",
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab),
    },
  };

  const onnxFileName = options.onnxFileName ?? "model_quantized.onnx";
  const onnxPath = path.join(dir, "onnx", onnxFileName);
  await mkdir(path.dirname(onnxPath), { recursive: true });
  await Promise.all([
    writeFile(onnxPath, bytes),
    writeFile(path.join(dir, "config.json"), JSON.stringify(config, null, 2)),
    writeFile(path.join(dir, "tokenizer_config.json"), JSON.stringify(tokenizerConfig, null, 2)),
    writeFile(path.join(dir, "tokenizer.json"), JSON.stringify(tokenizer)),
  ]);
  return { dir, vocab, labels, maxLength, onnxPath };
}

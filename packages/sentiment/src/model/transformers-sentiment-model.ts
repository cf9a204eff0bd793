import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import path from "node:path";
import type { Tensor } from "@huggingface/transformers";
import type { SentimentLabel, SentimentModel } from "@ops/trading";
import { inspectModelDir, type ModelDtype, type PresentModelDir } from "./model-dir.js";
import { ModelFilesError } from "./model-files-error.js";
import { sentimentFromLogits, type ScoredSentiment } from "./probabilities.js";

export interface TransformersSentimentOptions {
  /** Directory with config.json, tokenizer.json, tokenizer_config.json and onnx/ (e.g. Xenova/finbert). */
  dir: string;
  /** Which ONNX weights to load (default q8 = onnx/model_quantized.onnx). */
  dtype?: ModelDtype;
  /** Texts per inference call (default 16); a batch pads to its longest text. */
  batchSize?: number;
  /** Token limit below the model's own (default: the model's, FinBERT 512). */
  maxTokens?: number;
  /** Stored model name (default "<directory name>-onnx-<dtype>", e.g. "finbert-onnx-q8"). */
  name?: string;
}

/** A SentimentModel running a local ONNX text classifier through transformers.js. */
export interface TransformersSentimentModel extends SentimentModel {
  readonly name: string;
  /** sha256 prefix of the ONNX file: which weights produced a stored row. */
  readonly version: string;
  /** Output index → label, as the model's config.json says. */
  readonly labelOrder: readonly SentimentLabel[];
  /** Tokens per text after truncation (including [CLS]/[SEP]). */
  readonly maxTokens: number;
  readonly batchSize: number;
  readonly files: PresentModelDir;
  classify(texts: readonly string[]): Promise<ScoredSentiment[]>;
  dispose(): Promise<void>;
}

// Narrow views of the transformers.js objects (its typings are `any` at these calls).
type Encoded = Record<string, Tensor>;
interface Tokenizer {
  (texts: string[], options: { padding: boolean; truncation: boolean; max_length: number }): Encoded;
}
interface Classifier {
  (inputs: Encoded): Promise<{ logits?: Tensor }>;
  dispose(): Promise<unknown>;
}

/**
 * Local files only, wherever this process loads models: no hub download, no cache that could serve
 * a different copy than the directory we were pointed at, and no library console output (errors
 * reach our structured log instead).
 */
function lockDownTransformersEnv({ env, LogLevel }: typeof import("@huggingface/transformers")): void {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.useFSCache = false;
  env.useBrowserCache = false;
  env.logLevel = LogLevel.NONE;
}

async function sha256Prefix(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex").slice(0, 12);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function logitRows(logits: Tensor | undefined, rows: number, classes: number): number[][] {
  if (logits === undefined || logits.dims.length !== 2 || logits.dims[0] !== rows || logits.dims[1] !== classes) {
    throw new Error(`model output logits have shape [${logits?.dims.join(", ") ?? "none"}], expected [${rows}, ${classes}]`);
  }
  const data = logits.data as ArrayLike<number>;
  return Array.from({ length: rows }, (_, r) => Array.from({ length: classes }, (_, c) => Number(data[r * classes + c])));
}

/**
 * Loads a local transformers.js text-classification export (FinBERT: Xenova/finbert) and returns it
 * as a SentimentModel. Throws ModelFilesError naming the file when the directory is missing pieces or
 * a file will not load; call `inspectModelDir` first to tell "no model" from "broken model".
 */
export async function loadTransformersSentimentModel(options: TransformersSentimentOptions): Promise<TransformersSentimentModel> {
  const dtype = options.dtype ?? "q8";
  const files = inspectModelDir(options.dir, dtype);
  if (files.kind === "absent") throw new ModelFilesError(files.dir, `no model to load: ${files.reason}`);
  const batchSize = options.batchSize ?? 16;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  const maxTokens = Math.min(files.maxTokens, options.maxTokens ?? Number.POSITIVE_INFINITY);
  if (!(maxTokens >= 2)) throw new RangeError(`maxTokens must leave room for [CLS] and [SEP], got ${maxTokens}`);

  // Loaded here, not at import: lexicon-only processes never load onnxruntime.
  const transformers = await import("@huggingface/transformers");
  const { AutoModelForSequenceClassification, AutoTokenizer } = transformers;
  lockDownTransformersEnv(transformers);
  let tokenizer: Tokenizer;
  try {
    tokenizer = (await AutoTokenizer.from_pretrained(files.dir, { local_files_only: true })) as unknown as Tokenizer;
  } catch (error) {
    throw new ModelFilesError(path.join(files.dir, "tokenizer.json"), `does not load as a tokenizer (${errorText(error)})`, { cause: error });
  }
  let classifier: Classifier;
  try {
    classifier = (await AutoModelForSequenceClassification.from_pretrained(files.dir, { local_files_only: true, dtype })) as unknown as Classifier;
  } catch (error) {
    throw new ModelFilesError(files.onnxPath, `does not load as an ONNX model (${errorText(error)})`, { cause: error });
  }
  const version = await sha256Prefix(files.onnxPath);
  const classes = files.labelOrder.length;

  const runBatch = async (texts: string[]): Promise<ScoredSentiment[]> => {
    const inputs = tokenizer(texts, { padding: true, truncation: true, max_length: maxTokens });
    const output = await classifier(inputs);
    return logitRows(output.logits, texts.length, classes).map((row) => sentimentFromLogits(row, files.labelOrder));
  };

  return {
    name: options.name ?? `${path.basename(files.dir)}-onnx-${dtype}`,
    version,
    labelOrder: files.labelOrder,
    maxTokens,
    batchSize,
    files,
    async classify(texts) {
      const results: ScoredSentiment[] = [];
      for (let i = 0; i < texts.length; i += batchSize) {
        results.push(...(await runBatch(texts.slice(i, i + batchSize))));
      }
      return results;
    },
    async dispose() {
      await classifier.dispose();
    },
  };
}

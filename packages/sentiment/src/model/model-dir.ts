import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { SentimentLabel } from "@ops/trading";
import { labelOrderFromConfig } from "./label-order.js";
import { ModelFilesError } from "./model-files-error.js";

/** ONNX weight variants of a transformers.js export: q8 is Xenova/finbert's quantised model. */
export const MODEL_DTYPES = ["q8", "fp32"] as const;
export type ModelDtype = (typeof MODEL_DTYPES)[number];

/** Where transformers.js looks for each variant, relative to the model directory. */
export const ONNX_FILE_FOR_DTYPE: Readonly<Record<ModelDtype, string>> = {
  q8: "onnx/model_quantized.onnx",
  fp32: "onnx/model.onnx",
};

/** Files a text-classification export needs besides its ONNX weights. */
export const MODEL_JSON_FILES = ["config.json", "tokenizer.json", "tokenizer_config.json"] as const;

export interface PresentModelDir {
  kind: "present";
  dir: string;
  dtype: ModelDtype;
  onnxPath: string;
  configPath: string;
  /** Output index → sentiment label, from config.json id2label. */
  labelOrder: SentimentLabel[];
  /** Token limit: the smaller of tokenizer_config model_max_length and config max_position_embeddings. */
  maxTokens: number;
  /** config.json _name_or_path, when given (e.g. "ProsusAI/finbert"). */
  nameOrPath: string | undefined;
}

export interface AbsentModelDir {
  kind: "absent";
  dir: string;
  /** Why this counts as "no model": shown in the lexicon-fallback announcement. */
  reason: string;
}

export type ModelDirState = PresentModelDir | AbsentModelDir;

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ModelFilesError(file, `cannot be read (${(error as Error).message})`, { cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ModelFilesError(file, `is not valid JSON (${(error as Error).message})`, { cause: error });
  }
}

function positiveInteger(value: unknown): number | undefined {
  // Tokenizers without a limit carry a huge sentinel (int(1e30)); treat it as "no limit".
  return typeof value === "number" && Number.isInteger(value) && value > 0 && value < 1e9 ? value : undefined;
}

/**
 * What a model directory holds, checked before anything is loaded. No directory, or a directory with
 * none of the model files, is "absent" (the service then runs the lexicon and says so). A directory
 * with some files but not all, or with unreadable JSON, bad labels or an empty ONNX file, is broken:
 * ModelFilesError naming the file, so a bad image fails loudly instead of silently degrading.
 */
export function inspectModelDir(dir: string, dtype: ModelDtype = "q8"): ModelDirState {
  const absolute = path.resolve(dir);
  if (!existsSync(absolute)) return { kind: "absent", dir: absolute, reason: `${absolute} does not exist` };
  if (!statSync(absolute).isDirectory()) throw new ModelFilesError(absolute, "is not a directory");
  const onnxPath = path.join(absolute, ONNX_FILE_FOR_DTYPE[dtype]);
  const required = [...MODEL_JSON_FILES.map((f) => path.join(absolute, f)), onnxPath];
  const missing = required.filter((f) => !existsSync(f));
  if (missing.length === required.length) {
    return { kind: "absent", dir: absolute, reason: `${absolute} holds no model files (${MODEL_JSON_FILES.join(", ")}, ${ONNX_FILE_FOR_DTYPE[dtype]})` };
  }
  if (missing[0] !== undefined) {
    throw new ModelFilesError(missing[0], `is missing, while other model files are present in ${absolute} (an incomplete copy?)`);
  }
  const configPath = path.join(absolute, "config.json");
  const config = readJson(configPath);
  const labelOrder = labelOrderFromConfig(config, configPath);
  const tokenizerConfig = readJson(path.join(absolute, "tokenizer_config.json"));
  const tokenizer = readJson(path.join(absolute, "tokenizer.json"));
  if (tokenizer === null || typeof tokenizer !== "object" || !("model" in tokenizer)) {
    throw new ModelFilesError(path.join(absolute, "tokenizer.json"), "has no tokenizer model section");
  }
  if (statSync(onnxPath).size === 0) throw new ModelFilesError(onnxPath, "is empty");
  const limits = [
    positiveInteger((tokenizerConfig as { model_max_length?: unknown } | null)?.model_max_length),
    positiveInteger((config as { max_position_embeddings?: unknown } | null)?.max_position_embeddings),
  ].filter((n): n is number => n !== undefined);
  if (limits.length === 0) {
    throw new ModelFilesError(configPath, "gives no token limit (max_position_embeddings), and tokenizer_config.json no model_max_length");
  }
  const nameOrPath = (config as { _name_or_path?: unknown })._name_or_path;
  return {
    kind: "present",
    dir: absolute,
    dtype,
    onnxPath,
    configPath,
    labelOrder,
    maxTokens: Math.min(...limits),
    nameOrPath: typeof nameOrPath === "string" && nameOrPath !== "" ? nameOrPath : undefined,
  };
}

import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createLexiconSentimentModel } from "@ops/trading";
import { loadSemEvalHeadlines } from "../eval/shared-sets.js";
import { inspectModelDir } from "../model/model-dir.js";
import { loadTransformersSentimentModel } from "../model/transformers-sentiment-model.js";
import { writeTinyBertModel } from "../testing/tiny-bert-model.js";
import { formatThroughput, measureThroughput, type ThroughputResult } from "./measure-throughput.js";

export interface SentimentBenchmarkOptions {
  /** ../shared/data/sentiment; its SemEval headlines are the texts when present. */
  dataDir?: string;
  /** A real model directory (e.g. Xenova/finbert); measured too when it holds a model. */
  modelDir?: string;
  /** Headlines per classify() call; default 32. */
  batchSize?: number;
  rounds?: number;
  print?: (line: string) => void;
}

const FALLBACK_HEADLINES = [
  "Acme beats estimates and raises guidance",
  "Globex shares plunge after profit warning",
  "Initech to hold annual meeting in May",
  "Umbrella Corp misses on revenue, cuts outlook",
];

/**
 * Prints headlines/s for the lexicon, for the ONNX path on a tiny generated BERT-shaped model
 * (tokenizer + onnxruntime overhead, not a real BERT's compute), and for a real model directory
 * when one is present. Returns the measurements.
 */
export async function runSentimentBenchmark(options: SentimentBenchmarkOptions = {}): Promise<ThroughputResult[]> {
  const print = options.print ?? ((line: string) => console.log(line));
  const semeval = options.dataDir ? path.join(options.dataDir, "semeval2017_task5", "SemEval2017Task5Headlines.json") : undefined;
  let texts = FALLBACK_HEADLINES;
  try {
    if (semeval) texts = loadSemEvalHeadlines(semeval).examples.map((e) => e.text);
  } catch {
    print(`(SemEval headlines not readable at ${semeval}; using ${FALLBACK_HEADLINES.length} built-in headlines)`);
  }
  const measure = { batchSize: options.batchSize ?? 32, rounds: options.rounds ?? 3 };
  const results: ThroughputResult[] = [];
  print(`sentiment throughput over ${texts.length} headlines, batches of ${measure.batchSize}:`);

  const lexicon = await measureThroughput(createLexiconSentimentModel(), texts, measure);
  results.push(lexicon);
  print(formatThroughput(lexicon));

  const dir = await mkdtemp(path.join(os.tmpdir(), "ops-sentiment-bench-"));
  try {
    await writeTinyBertModel(path.join(dir, "tiny-bert"), { maxLength: 64 });
    const tiny = await loadTransformersSentimentModel({ dir: path.join(dir, "tiny-bert"), batchSize: measure.batchSize });
    try {
      const r = await measureThroughput(tiny, texts, measure);
      results.push(r);
      print(formatThroughput(r, "(tiny generated model: tokenizer + onnxruntime overhead only)"));
    } finally {
      await tiny.dispose();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  if (options.modelDir) {
    const state = inspectModelDir(options.modelDir);
    if (state.kind === "absent") {
      print(`real model: not measured (${state.reason})`);
    } else {
      const real = await loadTransformersSentimentModel({ dir: state.dir, batchSize: measure.batchSize });
      try {
        const r = await measureThroughput(real, texts, { ...measure, rounds: 1 });
        results.push(r);
        print(formatThroughput(r, `(${state.onnxPath})`));
      } finally {
        await real.dispose();
      }
    }
  }
  return results;
}

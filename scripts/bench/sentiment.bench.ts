import { runSentimentBenchmark } from "@ops/sentiment/bench";

// Headlines per second for the lexicon classifier and the ONNX path (the tiny generated model here; the real
// FinBERT wherever OPS_CLASSIFIER_MODEL_DIR points at its files).
export default {
  title: "sentiment classification throughput",
  async run(): Promise<string[]> {
    const lines: string[] = [];
    await runSentimentBenchmark({ print: (line: string) => lines.push(line), dataDir: new URL("../../../shared/data/sentiment", import.meta.url).pathname, ...(process.env.OPS_CLASSIFIER_MODEL_DIR ? { modelDir: process.env.OPS_CLASSIFIER_MODEL_DIR } : {}) });
    return lines;
  },
};

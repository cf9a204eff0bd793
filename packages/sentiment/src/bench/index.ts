// Benchmark entry (`@ops/sentiment/bench`): it writes a tiny ONNX model, so it needs the protobufjs dev dependency.
export { runSentimentBenchmark } from "./run-sentiment-benchmark.js";
export type { SentimentBenchmarkOptions } from "./run-sentiment-benchmark.js";

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { env } from "@huggingface/transformers";
import { describe, expect, it } from "vitest";
import { loadTransformersSentimentModel, softmax } from "../src/index.js";
import { FINBERT_LABEL_ORDER, writeTinyBertModel } from "../src/testing/index.js";
import { useTempDirs } from "./temp-dirs.js";

// A tiny BERT-shaped ONNX classifier written at test time and loaded through the production loader:
// tokenizer.json → WordPiece ids → onnxruntime → logits → config.json id2label → stored verdict.
// Its logits are a bag of words, so every expected number below follows from the word weights.
const tempDir = useTempDirs();
const WEIGHT = 2;
const wordLogits = { alpha: [WEIGHT, 0, 0], beta: [0, WEIGHT, 0], gamma: [0, 0, WEIGHT] };

async function tinyModelDir(options: Parameters<typeof writeTinyBertModel>[1] = {}): Promise<string> {
  const dir = path.join(await tempDir(), "tiny-finbert");
  await writeTinyBertModel(dir, { wordLogits, fillerWords: ["the", "filler"], ...options });
  return dir;
}

describe("loadTransformersSentimentModel on a generated ONNX model", () => {
  it("maps output indices to labels through config.json id2label, whatever their order", async () => {
    const finbertOrder = await loadTransformersSentimentModel({ dir: await tinyModelDir({ labels: FINBERT_LABEL_ORDER }) });
    const otherOrder = await loadTransformersSentimentModel({ dir: await tinyModelDir({ labels: ["neutral", "positive", "negative"] }) });
    const texts = ["alpha", "beta", "gamma"];
    // Same weights (index 0 fires for "alpha"), different config: the label follows the config.
    expect((await finbertOrder.classify(texts)).map((s) => s.label)).toEqual(["positive", "negative", "neutral"]);
    expect((await otherOrder.classify(texts)).map((s) => s.label)).toEqual(["neutral", "positive", "negative"]);
    expect(otherOrder.labelOrder).toEqual(["neutral", "positive", "negative"]);
    await finbertOrder.dispose();
    await otherOrder.dispose();
  });

  it("stores the softmax distribution, the top class's probability as confidence, and p(pos) − p(neg) as the signed score", async () => {
    const model = await loadTransformersSentimentModel({ dir: await tinyModelDir() });
    const [one, two, mixed] = await model.classify(["alpha", "alpha alpha", "alpha beta beta"]);
    const expectOne = softmax([WEIGHT, 0, 0]);
    expect(one?.probabilities.positive).toBeCloseTo(expectOne[0] as number, 6);
    expect(one?.probabilities.negative).toBeCloseTo(expectOne[1] as number, 6);
    expect(one?.probabilities.neutral).toBeCloseTo(expectOne[2] as number, 6);
    expect(one?.confidence).toBe(one?.probabilities.positive);
    expect(one?.signedScore).toBeCloseTo((expectOne[0] as number) - (expectOne[1] as number), 12);
    // Two occurrences: logits add up, the model is surer.
    expect(two?.probabilities.positive).toBeCloseTo(softmax([2 * WEIGHT, 0, 0])[0] as number, 6);
    expect(two?.confidence).toBeGreaterThan(one?.confidence as number);
    // One positive and two negative cues: negative, and the sign says so (the seed stored only |p|).
    const expectMixed = softmax([WEIGHT, 2 * WEIGHT, 0]);
    expect(mixed?.label).toBe("negative");
    expect(mixed?.signedScore).toBeCloseTo((expectMixed[0] as number) - (expectMixed[1] as number), 6);
    expect(mixed?.signedScore).toBeLessThan(0);
    await model.dispose();
  });

  it("classifies in batches of batchSize, padded, with each result independent of its batch companions", async () => {
    const dir = await tinyModelDir();
    const batched = await loadTransformersSentimentModel({ dir, batchSize: 4 });
    const single = await loadTransformersSentimentModel({ dir, batchSize: 1 });
    const words = ["alpha", "beta", "gamma", "the", "filler"];
    // Texts of different lengths, so every batch needs padding.
    const texts = Array.from({ length: 23 }, (_, i) => Array.from({ length: 1 + (i % 7) }, (_, j) => words[(i * 3 + j) % words.length]).join(" "));
    const outBatched = await batched.classify(texts);
    const outSingle = await single.classify(texts);
    expect(outBatched).toHaveLength(texts.length);
    outBatched.forEach((r, i) => {
      expect(r.label).toBe(outSingle[i]?.label);
      expect(r.signedScore).toBeCloseTo(outSingle[i]?.signedScore as number, 6);
    });
    expect(batched.batchSize).toBe(4);
    await batched.dispose();
    await single.dispose();
  });

  it("truncates each text to the model's token limit, so words past it do not count", async () => {
    const dir = await tinyModelDir({ maxLength: 8 });
    const model = await loadTransformersSentimentModel({ dir });
    expect(model.maxTokens).toBe(8);
    // [CLS] beta the the the the the the | alpha alpha alpha ... [SEP]: only "beta" is inside 8 tokens.
    const long = `beta ${"the ".repeat(6)}${"alpha ".repeat(10)}`;
    const [cut] = await model.classify([long]);
    expect(cut?.label).toBe("negative");
    const wider = await loadTransformersSentimentModel({ dir: await tinyModelDir({ maxLength: 64 }) });
    expect((await wider.classify([long]))[0]?.label).toBe("positive");
    // A configured limit below the model's applies too.
    const narrower = await loadTransformersSentimentModel({ dir: await tinyModelDir({ maxLength: 64 }), maxTokens: 8 });
    expect(narrower.maxTokens).toBe(8);
    expect((await narrower.classify([long]))[0]?.label).toBe("negative");
    await Promise.all([model.dispose(), wider.dispose(), narrower.dispose()]);
  });

  it("rejects the whole call when onnxruntime fails on one text, and still classifies the others alone", async () => {
    const model = await loadTransformersSentimentModel({ dir: await tinyModelDir({ poisonWord: "poison" }) });
    await expect(model.classify(["alpha", "a poison pill", "beta"])).rejects.toThrow(/out of data bounds|Gather/);
    expect((await model.classify(["alpha"]))[0]?.label).toBe("positive");
    await model.dispose();
  });

  it("names itself after the directory and dtype, versions itself by the ONNX file's hash, and never allows remote models", async () => {
    const dir = await tinyModelDir();
    const model = await loadTransformersSentimentModel({ dir });
    const onnx = path.join(dir, "onnx", "model_quantized.onnx");
    expect(model.name).toBe("tiny-finbert-onnx-q8");
    expect(model.version).toBe(createHash("sha256").update(readFileSync(onnx)).digest("hex").slice(0, 12));
    expect(model.files.onnxPath).toBe(onnx);
    expect(env.allowRemoteModels).toBe(false);
    expect(env.useFSCache).toBe(false);
    const fp32 = await loadTransformersSentimentModel({ dir: await tinyModelDir({ onnxFileName: "model.onnx" }), dtype: "fp32", name: "custom" });
    expect(fp32.name).toBe("custom");
    await Promise.all([model.dispose(), fp32.dispose()]);
  });
});

import { mkdir, readFile, rm, truncate, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { inspectModelDir, loadTransformersSentimentModel, ModelFilesError } from "../src/index.js";
import { writeTinyBertModel } from "../src/testing/index.js";
import { useTempDirs } from "./temp-dirs.js";

const tempDir = useTempDirs();

async function modelDir(): Promise<string> {
  const dir = path.join(await tempDir(), "finbert");
  await writeTinyBertModel(dir);
  return dir;
}

async function failure(work: () => unknown): Promise<ModelFilesError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof ModelFilesError) return error;
    throw error;
  }
  throw new Error("expected a ModelFilesError");
}

describe("inspectModelDir", () => {
  it("reports a missing directory, or one without any model file, as absent with the reason", async () => {
    const root = await tempDir();
    const missing = inspectModelDir(path.join(root, "nope"));
    expect(missing).toMatchObject({ kind: "absent" });
    expect(missing.kind === "absent" && missing.reason).toContain("does not exist");
    await mkdir(path.join(root, "empty"));
    const empty = inspectModelDir(path.join(root, "empty"));
    expect(empty.kind === "absent" && empty.reason).toContain("holds no model files");
  });

  it("reads labels and the token limit of a complete directory", async () => {
    const state = inspectModelDir(await modelDir());
    expect(state).toMatchObject({ kind: "present", labelOrder: ["positive", "negative", "neutral"], maxTokens: 16, dtype: "q8" });
  });

  it("names the missing file of an incomplete copy instead of calling it absent", async () => {
    const dir = await modelDir();
    await rm(path.join(dir, "tokenizer.json"));
    const error = await failure(() => inspectModelDir(dir));
    expect(error.file).toBe(path.join(dir, "tokenizer.json"));
    expect(error.message).toContain("tokenizer.json");
    // The fp32 weights are another file: asking for them where only q8 exists names onnx/model.onnx.
    const other = await modelDir();
    expect((await failure(() => inspectModelDir(other, "fp32"))).file).toBe(path.join(other, "onnx", "model.onnx"));
  });

  it("names a config.json that is not JSON", async () => {
    const dir = await modelDir();
    await writeFile(path.join(dir, "config.json"), '{"id2label": {"0": "positive",');
    const error = await failure(() => inspectModelDir(dir));
    expect(error.file).toBe(path.join(dir, "config.json"));
    expect(error.message).toMatch(/config\.json: is not valid JSON/);
  });

  it.each([
    [{ "0": "positive", "1": "negative" }, /2 labels/],
    [{ "0": "LABEL_0", "1": "LABEL_1", "2": "LABEL_2" }, /"LABEL_0" is not one of/],
    [{ "0": "positive", "1": "positive", "2": "neutral" }, /twice/],
    [{ "0": "positive", "1": "negative", "5": "neutral" }, /key "5"/],
  ])("rejects id2label %j in config.json", async (id2label, message) => {
    const dir = await modelDir();
    const configPath = path.join(dir, "config.json");
    const config = JSON.parse(await readFile(configPath, "utf8")) as Record<string, unknown>;
    await writeFile(configPath, JSON.stringify({ ...config, id2label }));
    const error = await failure(() => inspectModelDir(dir));
    expect(error.file).toBe(configPath);
    expect(error.message).toMatch(message);
  });

  it("accepts label names in any case (Positive, NEGATIVE)", async () => {
    const dir = await modelDir();
    const configPath = path.join(dir, "config.json");
    const config = JSON.parse(await readFile(configPath, "utf8")) as Record<string, unknown>;
    await writeFile(configPath, JSON.stringify({ ...config, id2label: { "0": "Neutral", "1": "NEGATIVE", "2": "Positive" } }));
    expect(inspectModelDir(dir)).toMatchObject({ labelOrder: ["neutral", "negative", "positive"] });
  });
});

describe("loading broken model files", () => {
  it("names an ONNX file that is not a model", async () => {
    const dir = await modelDir();
    const onnx = path.join(dir, "onnx", "model_quantized.onnx");
    await writeFile(onnx, "this is not protobuf at all, just text that got saved under the model's name");
    const error = await failure(() => loadTransformersSentimentModel({ dir }));
    expect(error.file).toBe(onnx);
    expect(error.message).toContain("does not load as an ONNX model");
  });

  it("names a truncated ONNX file", async () => {
    const dir = await modelDir();
    const onnx = path.join(dir, "onnx", "model_quantized.onnx");
    const size = (await readFile(onnx)).length;
    await truncate(onnx, Math.floor(size / 2));
    expect((await failure(() => loadTransformersSentimentModel({ dir }))).file).toBe(onnx);
  });

  it("names an empty ONNX file before loading anything", async () => {
    const dir = await modelDir();
    const onnx = path.join(dir, "onnx", "model_quantized.onnx");
    await truncate(onnx, 0);
    expect((await failure(() => inspectModelDir(dir))).file).toBe(onnx);
  });

  it("names a tokenizer.json that transformers.js cannot build a tokenizer from", async () => {
    const dir = await modelDir();
    const file = path.join(dir, "tokenizer.json");
    await writeFile(file, JSON.stringify({ model: { type: "NoSuchModel" } }));
    const error = await failure(() => loadTransformersSentimentModel({ dir }));
    expect(error.file).toBe(file);
  });

  it("refuses to load an absent model", async () => {
    const error = await failure(() => loadTransformersSentimentModel({ dir: path.join("/nonexistent", "finbert") }));
    expect(error.message).toContain("no model to load");
  });
});

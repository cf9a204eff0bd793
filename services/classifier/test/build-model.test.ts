import { writeFile } from "node:fs/promises";
import path from "node:path";
import { ModelFilesError } from "@ops/sentiment";
import { LEXICON_MODEL_NAME, lexiconSentiment } from "@ops/trading";
import { describe, expect, it } from "vitest";
import { buildSentimentModel, LEXICON_FALLBACK_MODEL_NAME } from "../src/build-model.js";
import type { ClassifierModelConfig } from "../src/config.js";
import { captureLogs } from "./log-capture.js";
import { useTinyModelDirs } from "./tiny-model.js";

const tinyModelDir = useTinyModelDirs();
const base: ClassifierModelConfig = {
  OPS_CLASSIFIER_MODEL: "finbert",
  OPS_CLASSIFIER_MODEL_DIR: "/nonexistent/models/finbert",
  OPS_CLASSIFIER_MODEL_DTYPE: "q8",
  OPS_CLASSIFIER_INFERENCE_BATCH: 4,
  OPS_CLASSIFIER_MAX_LENGTH: 512,
};

describe("buildSentimentModel", () => {
  it("loads FinBERT from the model directory and logs name, version, file and labels", async () => {
    const dir = await tinyModelDir();
    const logs = captureLogs("classifier");
    const choice = await buildSentimentModel({ ...base, OPS_CLASSIFIER_MODEL_DIR: dir }, logs.logger);
    expect(choice.mode).toBe("finbert");
    expect(choice.model.name).toBe("finbert-onnx-q8");
    expect(choice.model.version).toMatch(/^[0-9a-f]{12}$/);
    expect((await choice.model.classify(["Acme shares soar"]))[0]?.label).toBe("positive");
    expect(logs.events("classifier.model_selected")[0]).toMatchObject({
      level: "info", mode: "finbert", model: "finbert-onnx-q8", model_version: choice.model.version,
      model_file: path.join(dir, "onnx", "model_quantized.onnx"), labels: ["positive", "negative", "neutral"], max_length: 16, inference_batch: 4,
    });
    await choice.dispose();
  });

  it("runs the lexicon when there are no model files, and announces it: warn line, reason, stored model name", async () => {
    const logs = captureLogs("classifier");
    const choice = await buildSentimentModel(base, logs.logger);
    expect(choice.mode).toBe("lexicon-fallback");
    expect(choice.model.name).toBe(LEXICON_FALLBACK_MODEL_NAME);
    expect(choice.model.name).not.toBe(LEXICON_MODEL_NAME);
    expect(choice.reason).toContain("/nonexistent/models/finbert does not exist");
    const [line] = logs.events("classifier.model_fallback");
    expect(line).toMatchObject({ level: "warn", model: LEXICON_FALLBACK_MODEL_NAME, reason: choice.reason });
    expect(String(line?.message)).toContain("classifying with the lexicon instead");
    // Same verdicts as the lexicon itself.
    expect(await choice.model.classify(["Shares plunge on fraud probe"])).toEqual([lexiconSentiment("Shares plunge on fraud probe")]);
  });

  it("runs the plain lexicon when configured, without a fallback warning", async () => {
    const logs = captureLogs("classifier");
    const choice = await buildSentimentModel({ ...base, OPS_CLASSIFIER_MODEL: "lexicon" }, logs.logger);
    expect(choice).toMatchObject({ mode: "lexicon", model: { name: LEXICON_MODEL_NAME } });
    expect(logs.events("classifier.model_fallback")).toEqual([]);
  });

  it("refuses to start on a corrupt model file, naming it", async () => {
    const dir = await tinyModelDir();
    const onnx = path.join(dir, "onnx", "model_quantized.onnx");
    await writeFile(onnx, Buffer.from("garbage that is not an ONNX protobuf"));
    const error = await buildSentimentModel({ ...base, OPS_CLASSIFIER_MODEL_DIR: dir }, captureLogs("classifier").logger).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelFilesError);
    expect((error as ModelFilesError).file).toBe(onnx);
    expect((error as Error).message).toContain(onnx);
  });

  it("passes the token limit and inference batch through to the model", async () => {
    const choice = await buildSentimentModel(
      { ...base, OPS_CLASSIFIER_MODEL_DIR: await tinyModelDir({ maxLength: 64 }), OPS_CLASSIFIER_MAX_LENGTH: 8, OPS_CLASSIFIER_INFERENCE_BATCH: 3 },
      captureLogs("classifier").logger,
    );
    // "plunge" sits inside 8 tokens, the "soar"s after them do not count.
    const [s] = await choice.model.classify([`plunge ${"the ".repeat(6)}${"soar ".repeat(5)}`]);
    expect(s?.label).toBe("negative");
    await choice.dispose();
  });
});

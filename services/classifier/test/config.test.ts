import { describe, expect, it } from "vitest";
import { DEFAULT_MODEL_DIR, DEFAULT_WAKE_CHANNEL, loadClassifierConfig } from "../src/config.js";

describe("classifier config", () => {
  it("defaults to FinBERT from the image's model directory, q8 weights, modest batches and the news wake channel", () => {
    expect(loadClassifierConfig({ DATABASE_URL: "pglite:memory" })).toMatchObject({
      OPS_SERVICE: "classifier",
      OPS_CLASSIFIER_MODEL: "finbert",
      OPS_CLASSIFIER_MODEL_DIR: DEFAULT_MODEL_DIR,
      OPS_CLASSIFIER_MODEL_DTYPE: "q8",
      OPS_CLASSIFIER_INFERENCE_BATCH: 16,
      OPS_CLASSIFIER_MAX_LENGTH: 512,
      OPS_CLASSIFIER_BATCH_SIZE: 50,
      OPS_CLASSIFIER_MAX_BATCHES: 20,
      OPS_CLASSIFIER_WAKE_CHANNEL: DEFAULT_WAKE_CHANNEL,
    });
  });

  it("refuses a model it cannot run, naming the variable", () => {
    expect(() => loadClassifierConfig({ DATABASE_URL: "pglite:memory", OPS_CLASSIFIER_MODEL: "gpt" })).toThrow(/OPS_CLASSIFIER_MODEL: must be one of finbert\|lexicon/);
  });

  it.each([
    ["OPS_CLASSIFIER_MAX_LENGTH", "1024"],
    ["OPS_CLASSIFIER_INFERENCE_BATCH", "0"],
    ["OPS_CLASSIFIER_MODEL_DTYPE", "fp16"],
    ["OPS_CLASSIFIER_WAKE_CHANNEL", "News-Articles"],
  ])("rejects %s=%s", (variable, value) => {
    expect(() => loadClassifierConfig({ DATABASE_URL: "pglite:memory", [variable]: value })).toThrow(new RegExp(variable));
  });
});

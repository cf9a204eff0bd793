import { describe, expect, it } from "vitest";
import { loadClassifierConfig } from "../src/config.js";

describe("classifier config", () => {
  it("defaults to the lexicon model and modest batches", () => {
    expect(loadClassifierConfig({ DATABASE_URL: "pglite:memory" })).toMatchObject({
      OPS_SERVICE: "classifier",
      OPS_CLASSIFIER_MODEL: "lexicon",
      OPS_CLASSIFIER_BATCH_SIZE: 50,
      OPS_CLASSIFIER_MAX_BATCHES: 20,
    });
  });

  it("refuses a model it cannot run", () => {
    expect(() => loadClassifierConfig({ DATABASE_URL: "pglite:memory", OPS_CLASSIFIER_MODEL: "finbert" })).toThrow(/OPS_CLASSIFIER_MODEL: must be one of lexicon/);
  });
});

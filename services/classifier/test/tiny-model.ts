import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { writeTinyBertModel, type TinyBertModelOptions } from "@ops/sentiment/testing";
import { afterAll } from "vitest";

/** Word weights of the test model, in FinBERT's label order (positive, negative, neutral). */
export const TINY_WORDS = { soar: [3, 0, 0], plunge: [0, 3, 0], meeting: [0, 0, 3] } as const;

/** A generated FinBERT-shaped model directory per call, removed after the test file. */
export function useTinyModelDirs(): (options?: TinyBertModelOptions) => Promise<string> {
  const roots: string[] = [];
  afterAll(async () => {
    await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true })));
  });
  return async (options = {}) => {
    const root = await mkdtemp(path.join(os.tmpdir(), "ops-classifier-model-"));
    roots.push(root);
    const dir = path.join(root, "finbert");
    await writeTinyBertModel(dir, { wordLogits: TINY_WORDS, fillerWords: ["acme", "shares", "the"], ...options });
    return dir;
  };
}

// pnpm eval:sentiment [-- --file PATH ...] [--data DIR] [--model-dir DIR] [--neutral-band X]
//
// Accuracy, macro-F1 and the confusion matrix of the lexicon classifier — and of FinBERT when its
// files are present — on the labelled sets in ../shared/data/sentiment, or on any `sentence@label`
// file (UTF-8 or latin-1). Each set prints the four acceptance numbers: the classifier's accuracy
// and macro-F1 next to the majority-class baseline's.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createLexiconSentimentModel, type SentimentModel } from "@ops/trading";
import {
  evaluateModelOnSet, formatEvaluation, inspectModelDir, loadSharedSentimentSets, loadTransformersSentimentModel,
  parseSentenceLabelFile, SCORE_NEUTRAL_BAND, type LabelledSet, type SetEvaluation,
} from "@ops/sentiment";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DEFAULT_DATA_DIR = path.resolve(repoRoot, "..", "shared", "data", "sentiment");
const DEFAULT_MODEL_DIR = process.env.OPS_CLASSIFIER_MODEL_DIR?.trim() || path.join(repoRoot, "models", "finbert");

function usage(): string {
  return [
    "usage: pnpm eval:sentiment [-- --file PATH ...] [--data DIR] [--model-dir DIR] [--neutral-band X]",
    `  --file PATH         a file of sentence@label lines (repeatable); replaces the shared sets`,
    `  --data DIR          labelled sets folder (default ${DEFAULT_DATA_DIR})`,
    `  --model-dir DIR     FinBERT files (default $OPS_CLASSIFIER_MODEL_DIR or ${path.join(repoRoot, "models", "finbert")})`,
    `  --neutral-band X    |score| below X is neutral for SemEval/FiQA scores (default ${SCORE_NEUTRAL_BAND})`,
  ].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== "--"),
    options: {
      file: { type: "string", multiple: true },
      data: { type: "string" },
      "model-dir": { type: "string" },
      "neutral-band": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(usage());
    return 0;
  }
  const band = values["neutral-band"] === undefined ? SCORE_NEUTRAL_BAND : Number(values["neutral-band"]);
  if (!(band >= 0 && band < 1)) throw new Error(`--neutral-band must be in [0, 1), got ${values["neutral-band"]}`);

  const sets: LabelledSet[] = [];
  if (values.file && values.file.length > 0) {
    for (const file of values.file) {
      const set = parseSentenceLabelFile(new Uint8Array(readFileSync(file)), file, path.basename(file));
      console.log(`${file}: ${set.examples.length} sentences read as ${set.encoding}; ${set.skipped} lines skipped${set.skippedReasons.length ? ` (${set.skippedReasons.join("; ")})` : ""}`);
      sets.push(set);
    }
  } else {
    sets.push(...loadSharedSentimentSets(values.data ?? DEFAULT_DATA_DIR, band));
    if (sets.length === 0) throw new Error(`no labelled sets found in ${values.data ?? DEFAULT_DATA_DIR}`);
  }

  const models: Array<SentimentModel & { dispose?: () => Promise<void> }> = [createLexiconSentimentModel()];
  const modelDir = values["model-dir"] ?? DEFAULT_MODEL_DIR;
  const state = inspectModelDir(modelDir);
  if (state.kind === "absent") {
    console.log(`FinBERT: not evaluated (${state.reason}); lexicon only`);
  } else {
    const finbert = await loadTransformersSentimentModel({ dir: state.dir, batchSize: 32 });
    console.log(`FinBERT: ${finbert.name} ${finbert.version} from ${finbert.files.onnxPath}, labels ${finbert.labelOrder.join("/")}, max ${finbert.maxTokens} tokens`);
    models.push(finbert);
  }
  console.log("Reference: FinBERT paper (Araci 2019, Table 2), Financial PhraseBank all data: accuracy 0.86, macro-F1 0.84.\n");

  const results: SetEvaluation[] = [];
  for (const set of sets) {
    for (const model of models) {
      const e = await evaluateModelOnSet(model, set, 64);
      results.push(e);
      console.log(formatEvaluation(e).join("\n"));
      console.log("");
    }
  }
  console.log("summary (accuracy / macro-F1; majority baseline in brackets):");
  for (const e of results) {
    console.log(
      `  ${e.set.padEnd(32)} ${e.model.padEnd(22)} ${e.metrics.accuracy.toFixed(3)} / ${e.metrics.macroF1.toFixed(3)}` +
        `   [${e.majority.metrics.accuracy.toFixed(3)} / ${e.majority.metrics.macroF1.toFixed(3)}]`,
    );
  }
  await Promise.all(models.map((m) => m.dispose?.()));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    console.error(usage());
    process.exit(1);
  },
);

import { SENTIMENT_LABELS } from "@ops/trading";
import { beatsMajority, type SetEvaluation } from "./evaluate-set.js";

const f3 = (x: number): string => x.toFixed(3);

/** A plain-text report of one evaluation: the four acceptance numbers, per-label F1 and the confusion matrix. */
export function formatEvaluation(e: SetEvaluation): string[] {
  const lines: string[] = [];
  lines.push(`${e.set} — ${e.model} (n=${e.n})`);
  lines.push(`  label mapping: ${e.labelMapping}`);
  lines.push(
    `  accuracy ${f3(e.metrics.accuracy)}  macro-F1 ${f3(e.metrics.macroF1)}   |  majority "${e.majority.label}": ` +
      `accuracy ${f3(e.majority.metrics.accuracy)}  macro-F1 ${f3(e.majority.metrics.macroF1)}   ` +
      `→ ${beatsMajority(e) ? "beats" : "does NOT beat"} the baseline (macro-F1 +0.15 and higher accuracy)`,
  );
  lines.push(
    `  per label F1: ${SENTIMENT_LABELS.map((l) => `${l} ${f3(e.metrics.perLabel[l].f1)} (support ${e.metrics.perLabel[l].support})`).join(", ")}`,
  );
  const width = Math.max(9, ...SENTIMENT_LABELS.map((l) => l.length + 1));
  lines.push(`  confusion (rows gold, columns predicted):`);
  lines.push(`    ${"".padEnd(width)}${SENTIMENT_LABELS.map((l) => l.padStart(width)).join("")}`);
  for (const gold of SENTIMENT_LABELS) {
    lines.push(`    ${gold.padEnd(width)}${SENTIMENT_LABELS.map((p) => String(e.confusion[gold][p]).padStart(width)).join("")}`);
  }
  return lines;
}

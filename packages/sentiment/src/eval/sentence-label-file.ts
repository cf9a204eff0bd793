import { SENTIMENT_LABELS, type SentimentLabel } from "@ops/trading";
import { decodeUtf8OrLatin1, type TextEncoding } from "./decode-text.js";
import type { LabelledExample, LabelledSet } from "./labelled-set.js";

const MAX_REASONS = 5;

export interface SentenceLabelFile extends LabelledSet {
  encoding: TextEncoding;
}

function asLabel(raw: string): SentimentLabel | undefined {
  const label = raw.trim().toLowerCase();
  return (SENTIMENT_LABELS as readonly string[]).includes(label) ? (label as SentimentLabel) : undefined;
}

/**
 * A file of `sentence@label` lines (Financial PhraseBank's format): the label follows the LAST "@",
 * so sentences may contain "@" themselves; labels are positive / negative / neutral in any case.
 * Blank lines are ignored; a line without a valid label is skipped and reported, never guessed.
 */
export function parseSentenceLabelFile(bytes: Uint8Array, source: string, name = source): SentenceLabelFile {
  const { text, encoding } = decodeUtf8OrLatin1(bytes);
  const examples: LabelledExample[] = [];
  const skippedReasons: string[] = [];
  let skipped = 0;
  const skip = (lineNo: number, reason: string): void => {
    skipped += 1;
    if (skippedReasons.length < MAX_REASONS) skippedReasons.push(`line ${lineNo}: ${reason}`);
  };
  text.split(/\r\n|\n|\r/).forEach((line, i) => {
    if (line.trim() === "") return;
    const at = line.lastIndexOf("@");
    if (at < 0) return skip(i + 1, "no @label");
    const sentence = line.slice(0, at).trim();
    const label = asLabel(line.slice(at + 1));
    if (label === undefined) return skip(i + 1, `unknown label "${line.slice(at + 1).trim()}"`);
    if (sentence === "") return skip(i + 1, "empty sentence");
    examples.push({ text: sentence, label });
  });
  return {
    name,
    source,
    labelMapping: "labels as written after the last @ (positive / negative / neutral)",
    examples,
    skipped,
    skippedReasons,
    encoding,
  };
}

import type { SentimentLabel } from "@ops/trading";

export interface LabelledExample {
  text: string;
  label: SentimentLabel;
}

/** A labelled evaluation set and how its gold labels were obtained. */
export interface LabelledSet {
  name: string;
  /** File the examples came from. */
  source: string;
  /** How the source's annotation became positive / negative / neutral, in words. */
  labelMapping: string;
  examples: LabelledExample[];
  /** Lines or records that could not be read (bad label, empty text), with the reason of the first few. */
  skipped: number;
  skippedReasons: string[];
}

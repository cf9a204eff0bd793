import { FatalError } from "@ops/core";

/**
 * Model files that are present but unusable (truncated ONNX, broken JSON, labels that are not
 * positive/negative/neutral). Fatal at startup: the message names the file, and the service must not
 * quietly fall back to the lexicon when someone shipped a broken model.
 */
export class ModelFilesError extends FatalError {
  readonly file: string;
  constructor(file: string, problem: string, options?: { cause?: unknown }) {
    super(`sentiment model file ${file}: ${problem}`, options);
    this.file = file;
  }
}

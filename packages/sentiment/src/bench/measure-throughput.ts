import type { SentimentModel } from "@ops/trading";

export interface ThroughputResult {
  model: string;
  texts: number;
  /** Wall time of the timed rounds, in seconds. */
  seconds: number;
  textsPerSecond: number;
}

export interface MeasureThroughputOptions {
  /** Texts handed to classify() per call (the service's batch); default 64. */
  batchSize?: number;
  /** Timed passes over the texts after one untimed warm-up pass; default 3. */
  rounds?: number;
}

/** Headlines per second of a model over `texts`, warm (the first pass pays JIT and session start). */
export async function measureThroughput(model: SentimentModel, texts: readonly string[], options: MeasureThroughputOptions = {}): Promise<ThroughputResult> {
  if (texts.length === 0) throw new RangeError("no texts to classify");
  const batchSize = options.batchSize ?? 64;
  const rounds = options.rounds ?? 3;
  const pass = async (): Promise<void> => {
    for (let i = 0; i < texts.length; i += batchSize) await model.classify(texts.slice(i, i + batchSize));
  };
  await pass();
  const started = performance.now();
  for (let r = 0; r < rounds; r += 1) await pass();
  const seconds = (performance.now() - started) / 1000;
  const count = texts.length * rounds;
  return { model: model.name, texts: count, seconds, textsPerSecond: count / seconds };
}

export function formatThroughput(r: ThroughputResult, note = ""): string {
  return `${r.model.padEnd(28)} ${Math.round(r.textsPerSecond).toString().padStart(9)} headlines/s  (${r.texts} in ${r.seconds.toFixed(2)} s)${note ? `  ${note}` : ""}`;
}

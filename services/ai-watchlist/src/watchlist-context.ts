/** What the prompt tells the model about the last day (spec §3.9), read from our own tables. */
export interface NewsMention {
  readonly symbol: string;
  readonly mentions: number;
  /** Mean classifications.signed_score of the classified articles; null when none is classified yet. */
  readonly meanSignedScore: number | null;
  readonly headlines: readonly string[];
}

export interface VolumeSurge {
  readonly symbol: string;
  readonly maxVolumeRatio: number;
  readonly close: number;
}

export interface TrackedActivity {
  readonly symbol: string;
  readonly bars: number;
  readonly low: number | null;
  readonly high: number | null;
  readonly lastClose: number | null;
  readonly meanVolumeRatio: number | null;
}

export interface WatchlistContext {
  readonly asOf: Date;
  readonly news: readonly NewsMention[];
  readonly surges: readonly VolumeSurge[];
  readonly tracked: readonly TrackedActivity[];
}

export interface ScriptImage {
  /** Path under scripts/ of the program the image runs (as dist/main.js). */
  readonly entry: string;
  /** Paths under scripts/ (files or folders) the entry imports statically, the entry included. */
  readonly sources: readonly string[];
  /** The scripts package's dependencies the sources import; every other one is dropped from the image. */
  readonly dependencies: readonly string[];
  /** Arguments that make the entry load everything and exit 0 without touching a database. */
  readonly smokeArgs: readonly string[];
}
export declare const SCRIPT_IMAGES: Readonly<Record<string, ScriptImage>>;

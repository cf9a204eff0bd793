/**
 * An optional number that an indicator overwrites on every update without allocating.
 *
 * Why not a plain `number | undefined` field: V8 gives a field that has only ever held numbers the double
 * representation and overwrites the value in place, while a field that may also hold `undefined` is tagged, so
 * every new non-integer value is boxed in a fresh heap number (one allocation per update, for the GC to sweep).
 * A flag plus a number-only field keeps updates allocation-free; this class is that pair, written once.
 */
export class NumberSlot {
  private present = false;
  private stored = 0;

  get has(): boolean {
    return this.present;
  }

  get value(): number | undefined {
    return this.present ? this.stored : undefined;
  }

  /** The stored number without the presence check, for paths that already know `has` is true. */
  get raw(): number {
    return this.stored;
  }

  set(value: number): void {
    this.present = true;
    this.stored = value;
  }

  clear(): void {
    this.present = false;
  }

  /** `set` for a number, `clear` for undefined. */
  assign(value: number | undefined): void {
    if (value === undefined) this.present = false;
    else this.set(value);
  }

  copyFrom(other: NumberSlot): void {
    this.present = other.present;
    this.stored = other.stored;
  }
}

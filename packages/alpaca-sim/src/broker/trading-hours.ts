/** One regular session (09:30–16:00 ET, or 13:00 on early-close days). */
export interface Session {
  /** "YYYY-MM-DD" (New York) */
  readonly date: string;
  readonly open: Date;
  readonly close: Date;
}

/**
 * What the broker needs from the exchange calendar. Regular hours only: the simulator does not
 * support extended-hours orders, so pre/post-market bars never fill anything.
 */
export interface TradingHours {
  isOpenAt(t: Date): boolean;
  /** The session containing t, else the next one starting after t; undefined past the calendar. */
  sessionAtOrAfter(t: Date): Session | undefined;
  /** The last session that closed at or before t. */
  sessionBefore(t: Date): Session | undefined;
}

// New York wall-clock arithmetic. US equity sessions are defined in exchange-local time, so every
// "is it 09:30 yet?" question goes through here instead of through server-local or UTC fields.

export const MARKET_TZ = "America/New_York";

export interface EtParts {
  year: number;
  /** 1..12 */
  month: number;
  /** 1..31 */
  day: number;
  /** 0..23 */
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday .. 6 = Saturday */
  weekday: number;
  /** "YYYY-MM-DD" in New York */
  dateString: string;
  /** hour * 60 + minute */
  minutesOfDay: number;
}

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

let formatter: Intl.DateTimeFormat | undefined;

function etFormatter(): Intl.DateTimeFormat {
  formatter ??= new Intl.DateTimeFormat("en-US", {
    timeZone: MARKET_TZ,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
  return formatter;
}

function probeOffsetMs(instantMs: number): number {
  let year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  for (const part of etFormatter().formatToParts(instantMs)) {
    switch (part.type) {
      case "year": year = Number(part.value); break;
      case "month": month = Number(part.value); break;
      case "day": day = Number(part.value); break;
      case "hour": hour = Number(part.value); break;
      case "minute": minute = Number(part.value); break;
      case "second": second = Number(part.value); break;
      default: break;
    }
  }
  const whole = instantMs - (((instantMs % 1000) + 1000) % 1000);
  return Date.UTC(year, month - 1, day, hour, minute, second) - whole;
}

interface OffsetYear {
  start: number;
  end: number;
  /** Instants (ascending) from which `offsets[i]` applies; changesAt[0] === start. */
  changesAt: number[];
  offsets: number[];
}

// formatToParts costs ~3 µs and etParts sits on per-bar hot paths, so each UTC year's offset changes
// are found once (13 monthly probes plus a binary search per change, to the hour: New York changes
// on whole UTC hours and at most once a month) and reused.
const offsetYears = new Map<number, OffsetYear>();
let lastYear: OffsetYear | undefined;

function offsetYear(year: number): OffsetYear {
  const cached = offsetYears.get(year);
  if (cached !== undefined) return cached;
  const bounds: number[] = [];
  for (let m = 0; m <= 12; m += 1) bounds.push(Date.UTC(year, m, 1));
  const probes = bounds.map(probeOffsetMs);
  const changesAt = [bounds[0]!];
  const offsets = [probes[0]!];
  for (let m = 0; m < 12; m += 1) {
    if (probes[m] === probes[m + 1]) continue;
    let lo = bounds[m]!;
    let hi = bounds[m + 1]!;
    while (hi - lo > MS_PER_HOUR) {
      const mid = lo + Math.floor((hi - lo) / 2 / MS_PER_HOUR) * MS_PER_HOUR;
      if (probeOffsetMs(mid) === probes[m]) lo = mid;
      else hi = mid;
    }
    changesAt.push(hi);
    offsets.push(probes[m + 1]!);
  }
  const entry: OffsetYear = { start: bounds[0]!, end: bounds[12]!, changesAt, offsets };
  offsetYears.set(year, entry);
  return entry;
}

/** Milliseconds to add to a UTC instant to get New York wall time (negative: -4h or -5h). */
export function etOffsetMs(instantMs: number): number {
  let entry = lastYear;
  if (entry === undefined || instantMs < entry.start || instantMs >= entry.end) {
    entry = offsetYear(new Date(instantMs).getUTCFullYear());
    lastYear = entry;
  }
  let i = entry.changesAt.length - 1;
  while (i > 0 && instantMs < entry.changesAt[i]!) i -= 1;
  return entry.offsets[i]!;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(day)}`;
}

function assertValidDate(d: Date): number {
  const ms = d.getTime();
  if (Number.isNaN(ms)) throw new RangeError("market-time: invalid Date");
  return ms;
}

/** The New York wall-clock fields of an instant. */
export function etParts(d: Date): EtParts {
  const ms = assertValidDate(d);
  const local = new Date(ms + etOffsetMs(ms));
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth() + 1;
  const day = local.getUTCDate();
  const hour = local.getUTCHours();
  const minute = local.getUTCMinutes();
  return {
    year,
    month,
    day,
    hour,
    minute,
    second: local.getUTCSeconds(),
    weekday: local.getUTCDay(),
    dateString: formatDate(year, month, day),
    minutesOfDay: hour * 60 + minute,
  };
}

/** The New York calendar date ("YYYY-MM-DD") of an instant. */
export function etDateString(d: Date): string {
  return etParts(d).dateString;
}

/** An instant as ISO-8601 with New York's offset, e.g. "2013-10-04T09:30:00.000-04:00" (Alpaca's clock format). */
export function etIsoString(d: Date): string {
  const ms = assertValidDate(d);
  const offset = etOffsetMs(ms);
  const local = new Date(ms + offset).toISOString().slice(0, 23);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset) / MS_PER_MINUTE;
  return `${local}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses "YYYY-MM-DD" (a real calendar date) into its fields; throws on anything else. */
export function parseDateString(dateString: string): { year: number; month: number; day: number } {
  const m = DATE_RE.exec(dateString);
  if (m === null) throw new RangeError(`market-time: expected YYYY-MM-DD, got ${JSON.stringify(dateString)}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    throw new RangeError(`market-time: not a calendar date: ${dateString}`);
  }
  return { year, month, day };
}

const TIME_RE = /^(\d{2}):?(\d{2})(?::(\d{2}))?$/;

/** Parses "HH:MM", "HHMM" (Alpaca's session_open form) or "HH:MM:SS" into seconds after midnight. */
export function parseHhmm(hhmm: string): number {
  const m = TIME_RE.exec(hhmm);
  if (m === null) throw new RangeError(`market-time: expected HH:MM, got ${JSON.stringify(hhmm)}`);
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  const second = m[3] === undefined ? 0 : Number(m[3]);
  // 24:00 is allowed as "end of day" for session boundaries.
  if (hour > 24 || minute > 59 || second > 59 || (hour === 24 && (minute > 0 || second > 0))) {
    throw new RangeError(`market-time: not a time of day: ${hhmm}`);
  }
  return hour * 3600 + minute * 60 + second;
}

/**
 * The UTC instant of a New York wall time, DST-correct: etDateTime("2013-10-04", "09:30") is
 * 2013-10-04T13:30:00Z. Wall times that do not exist (the spring-forward hour) move forward by the gap;
 * ambiguous ones (the repeated fall-back hour) resolve to the earlier instant, as Temporal's
 * "compatible" disambiguation does.
 */
export function etDateTime(dateString: string, hhmm: string): Date {
  const { year, month, day } = parseDateString(dateString);
  const localMs = Date.UTC(year, month - 1, day) + parseHhmm(hhmm) * 1000;
  const before = etOffsetMs(localMs - MS_PER_DAY);
  const after = etOffsetMs(localMs + MS_PER_DAY);
  const candidates: number[] = [];
  for (const offset of before === after ? [before] : [before, after]) {
    const instant = localMs - offset;
    if (etOffsetMs(instant) === offset) candidates.push(instant);
  }
  if (candidates.length === 0) return new Date(localMs - before);
  return new Date(Math.min(...candidates));
}

/** Calendar-day arithmetic on "YYYY-MM-DD" strings (no time zone involved). */
export function addCalendarDays(dateString: string, days: number): string {
  const { year, month, day } = parseDateString(dateString);
  const d = new Date(Date.UTC(year, month - 1, day) + days * MS_PER_DAY);
  return formatDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** 0 = Sunday .. 6 = Saturday, for a "YYYY-MM-DD" date. */
export function weekdayOf(dateString: string): number {
  const { year, month, day } = parseDateString(dateString);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** "YYYY-MM-DD" from numeric fields (month 1..12). */
export function toDateString(year: number, month: number, day: number): string {
  return formatDate(year, month, day);
}

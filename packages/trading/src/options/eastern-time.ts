// US equity and option markets keep New York wall-clock time; Intl's tz database is pure (no I/O),
// so these helpers stay inside the trading package's "no I/O" rule.

const EASTERN = "America/New_York";

const partsFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: EASTERN,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
  weekday: "short",
});

export const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface EasternParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly weekday: Weekday;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function easternParts(at: Date): EasternParts {
  const map = new Map<string, string>(partsFormat.formatToParts(at).map((p) => [p.type, p.value]));
  const num = (key: string): number => Number(map.get(key));
  const weekday = map.get("weekday");
  const known = WEEKDAYS.find((w) => w === weekday);
  if (known === undefined) throw new RangeError(`cannot read weekday of ${at.toISOString()}`);
  return {
    year: num("year"),
    month: num("month"),
    day: num("day"),
    hour: num("hour"),
    minute: num("minute"),
    second: num("second"),
    weekday: known,
  };
}

/** The New York calendar date of an instant, as "YYYY-MM-DD". */
export function easternDate(at: Date): string {
  const p = easternParts(at);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

export function easternWeekday(at: Date): Weekday {
  return easternParts(at).weekday;
}

/** The instant at which New York clocks read `hour:minute` on `date` ("YYYY-MM-DD"). */
export function easternWallTimeToUtc(date: string, hour: number, minute = 0): Date {
  const [y, m, d] = parseDate(date);
  const wallAsUtc = Date.UTC(y, m - 1, d, hour, minute);
  // Two passes settle the offset even when the first guess lands on the other side of a DST switch.
  let guess = wallAsUtc - offsetMs(new Date(wallAsUtc));
  guess = wallAsUtc - offsetMs(new Date(guess));
  return new Date(guess);
}

/** Whole calendar days from `from` to `to` (both "YYYY-MM-DD"); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  const [fy, fm, fd] = parseDate(from);
  const [ty, tm, td] = parseDate(to);
  return Math.round((Date.UTC(ty, tm - 1, td) - Date.UTC(fy, fm - 1, fd)) / 86_400_000);
}

export function isIsoDate(value: string): boolean {
  const match = DATE_RE.exec(value);
  if (match === null) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const back = new Date(Date.UTC(y, m - 1, d));
  return back.getUTCFullYear() === y && back.getUTCMonth() === m - 1 && back.getUTCDate() === d;
}

function parseDate(date: string): [number, number, number] {
  if (!isIsoDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

/** New York's offset from UTC at `at`, in ms (negative: New York is behind UTC). */
function offsetMs(at: Date): number {
  const p = easternParts(at);
  const wallAsUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wallAsUtc - Math.floor(at.getTime() / 1000) * 1000;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

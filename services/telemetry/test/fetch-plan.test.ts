import { MarketCalendar, etDateTime } from "@ops/core";
import { describe, expect, it } from "vitest";
import { assessFreshness, fetchWindows, planBarFetches } from "../src/index.js";
import type { FetchPlanInput } from "../src/index.js";
import { touchesSession } from "../src/session-overlap.js";

const at = (hhmm: string, day = "2024-03-05"): Date => etDateTime(day, hhmm);
const MIN = 60_000;
const base: FetchPlanInput = {
  symbols: [], newestStored: new Map(), fetchedThrough: new Map(), now: at("10:00"),
  lookbackMs: 120 * MIN, maxBackfillMs: 4 * 24 * 60 * MIN, refetchMs: 2 * MIN, mergeMs: 15 * MIN,
};
const startsOf = (plan: ReturnType<typeof planBarFetches>) => plan.groups.map((g) => [g.start.toISOString(), g.symbols]);

describe("planBarFetches", () => {
  it("starts a symbol read this run just before where it stopped, a stored one at its newest bar, a new one at the lookback", () => {
    const plan = planBarFetches({
      ...base,
      symbols: ["NEW", "READ", "STORED"],
      fetchedThrough: new Map([["READ", at("09:59")]]),
      newestStored: new Map([["READ", at("09:58")], ["STORED", at("09:20")]]),
    });
    expect(startsOf(plan)).toEqual([
      [at("08:00").toISOString(), ["NEW"]],
      [at("09:20").toISOString(), ["STORED"]],
      [at("09:57").toISOString(), ["READ"]],
    ]);
    expect(plan.truncated).toEqual([]);
  });

  it("lets symbols whose start points are close share one group from the earliest of them", () => {
    const plan = planBarFetches({
      ...base,
      symbols: ["A", "B", "C"],
      newestStored: new Map([["A", at("09:40")], ["B", at("09:52")], ["C", at("09:56")]]),
    });
    expect(startsOf(plan)).toEqual([[at("09:40").toISOString(), ["A", "B"]], [at("09:56").toISOString(), ["C"]]]);
  });

  it("never reaches further back than the backfill bound and names the symbols cut short", () => {
    const plan = planBarFetches({
      ...base,
      symbols: ["OLD", "NEW"],
      newestStored: new Map([["OLD", at("09:00", "2024-02-01")]]),
      lookbackMs: 10 * 24 * 60 * MIN,
      maxBackfillMs: 60 * MIN,
    });
    expect(startsOf(plan)).toEqual([[at("09:00").toISOString(), ["NEW", "OLD"]]]);
    expect(plan.truncated).toEqual(["OLD"]);
  });

  it("aligns starts to the minute", () => {
    const plan = planBarFetches({ ...base, symbols: ["A"], now: new Date(at("10:00").getTime() + 25_000) });
    expect(plan.groups[0]?.start).toEqual(at("08:00"));
  });
});

describe("fetchWindows", () => {
  it("cuts [start, now] into adjacent, non-overlapping windows, the last ending at now", () => {
    const windows = fetchWindows(at("09:00"), at("10:00"), 25 * MIN);
    expect(windows.map((w) => [w.start.toISOString(), w.end.toISOString()])).toEqual([
      [at("09:00").toISOString(), new Date(at("09:25").getTime() - 1).toISOString()],
      [at("09:25").toISOString(), new Date(at("09:50").getTime() - 1).toISOString()],
      [at("09:50").toISOString(), at("10:00").toISOString()],
    ]);
  });

  it("is one window when start is now", () => {
    expect(fetchWindows(at("10:00"), at("10:00"), 60 * MIN)).toEqual([{ start: at("10:00"), end: at("10:00") }]);
  });
});

describe("touchesSession", () => {
  const nyse = MarketCalendar.nyse(2024, 2024);
  it("is false for the night and a weekend, true for any window overlapping 04:00–20:00 ET of a trading day", () => {
    expect(touchesSession(nyse, at("21:00", "2024-03-04"), at("03:59", "2024-03-05"))).toBe(false);
    expect(touchesSession(nyse, at("12:00", "2024-03-09"), at("12:00", "2024-03-10"))).toBe(false);
    expect(touchesSession(nyse, at("03:00", "2024-03-05"), at("04:00", "2024-03-05"))).toBe(true);
    expect(touchesSession(nyse, at("19:30", "2024-03-05"), at("23:00", "2024-03-05"))).toBe(true);
  });
});

describe("assessFreshness", () => {
  const input = {
    symbols: ["FRESH", "STALE", "NONE"],
    newest: new Map([["FRESH", at("09:58")], ["STALE", at("09:45")]]),
    now: at("10:00"),
    sessionOpen: at("09:30"),
    staleAfterMs: 10 * MIN,
  };

  it("gives each symbol's bar age and flags the ones silent for longer than the threshold", () => {
    const f = assessFreshness(input);
    expect(Object.fromEntries(f.ageS)).toEqual({ FRESH: 120, STALE: 900 });
    expect(f).toMatchObject({ stale: ["NONE", "STALE"], noData: ["NONE"], maxAgeS: 900 });
  });

  it("flags nothing while the market is closed", () => {
    expect(assessFreshness({ ...input, sessionOpen: undefined }).stale).toEqual([]);
  });

  it("measures from the open when the newest bar is from before it", () => {
    const overnight = { ...input, symbols: ["Y"], newest: new Map([["Y", at("15:59", "2024-03-04")]]) };
    expect(assessFreshness({ ...overnight, now: at("09:35") }).stale).toEqual([]);
    expect(assessFreshness({ ...overnight, now: at("09:41") }).stale).toEqual(["Y"]);
  });
});

import { describe, expect, it } from "vitest";
import { computeGapFade } from "./compute-gap-fade.js";
import { DEFAULT_SIGNAL_CONFIG } from "./signal-config.js";

// 2024-01-08 is in EST (UTC−5), 2024-07-08 in EDT (UTC−4).
const winter = (hhmm: string): Date => new Date(`2024-01-08T${hhmm}:00-05:00`);
const summer = (hhmm: string): Date => new Date(`2024-07-08T${hhmm}:00-04:00`);
const upDay = { open: 100, close: 101 }; // +1 %
const downDay = { open: 100, close: 99 }; // −1 %

describe("computeGapFade", () => {
  it("fades a gap up after an up day with a put, at the fixed 0.70 confidence", () => {
    const r = computeGapFade({ close: 101 * 1.01, previousSession: upDay, now: winter("09:45") });
    expect(r.signal).toMatchObject({ decision: "BUY", action: "BUY_PUT", instrumentType: "PUT", strategyType: "gap_fade", confidence: 0.7 });
  });

  it("fades a gap down after a down day with a call", () => {
    const r = computeGapFade({ close: 99 * 0.99, previousSession: downDay, now: summer("10:00") });
    expect(r.signal?.action).toBe("BUY_CALL");
  });

  it.each([
    ["09:29", false],
    ["09:30", true],
    ["10:29", true],
    ["10:30", false],
  ])("only trades in the first hour, New York time, in winter and summer (%s → %s)", (hhmm, fires) => {
    for (const now of [winter(hhmm), summer(hhmm)]) {
      const r = computeGapFade({ close: 101 * 1.01, previousSession: upDay, now });
      expect(r.signal !== null).toBe(fires);
    }
  });

  it.each([
    ["a gap below 0.8 %", 101 * 1.0079, upDay],
    ["a gap up after a down day (continuation, not a fade)", 99 * 1.01, downDay],
    ["a previous session that moved only 0.5 %", 100.5 * 1.01, { open: 100, close: 100.5 }],
    ["no previous session", 110, null],
    ["a broken previous session", 110, { open: 0, close: 101 }],
  ])("does not trade on %s", (_name, close, previousSession) => {
    const r = computeGapFade({ close, previousSession, now: winter("09:45") });
    expect(r.signal).toBeNull();
    expect(r.reason).toBeTruthy();
  });

  it("measures the previous day over its whole session, not its last minute", () => {
    // The seed took one 1-minute bar's (close − open) as the day's direction. Here the day rose 2 %
    // even if its last minute fell; the whole-session move is what counts.
    const r = computeGapFade({ close: 102 * 1.01, previousSession: { open: 100, close: 102 }, now: winter("09:40") });
    expect(r.signal?.breakdown.prevSessionMove).toBeCloseTo(0.02, 12);
  });

  it("can be switched off", () => {
    const off = { ...DEFAULT_SIGNAL_CONFIG.gapFade, enabled: false };
    expect(computeGapFade({ close: 101 * 1.01, previousSession: upDay, now: winter("09:45") }, off).signal).toBeNull();
  });
});

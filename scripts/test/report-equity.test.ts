// The pure parts of the replay report: the equity/drawdown derivation and the window arguments.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { equityCurve, maxDrawdownPct } from "../report/equity-curve.js";
import type { EquityPosition } from "../report/equity-curve.js";
import { ReportUsageError, parseReportArgs } from "../report/parse-report-args.js";

const T0 = Date.UTC(2024, 2, 5, 14, 31);
const MIN = 60_000;
const grid = (n: number): number[] => Array.from({ length: n }, (_, i) => T0 + i * MIN);

const stock = (over: Partial<EquityPosition>): EquityPosition => ({
  symbol: "ZZZ", isOption: false, qty: 1, multiplier: 1, entryPrice: 10, openedAtMs: T0, closedAtMs: null, realisedPnlUsd: null, lastMark: null, ...over,
});

describe("equityCurve", () => {
  it("with realised trades only, steps by each trade's P&L when it closes and ends at base plus their sum", () => {
    const trade = fc.record({ closeMinute: fc.integer({ min: 0, max: 29 }), pnl: fc.integer({ min: -50_000, max: 50_000 }).map((c) => c / 100) });
    fc.assert(fc.property(fc.array(trade, { maxLength: 12 }), fc.integer({ min: 1_000, max: 200_000 }), (trades, base) => {
      const positions = trades.map((t) => stock({ closedAtMs: T0 + t.closeMinute * MIN, realisedPnlUsd: t.pnl }));
      const curve = equityCurve(base, grid(30), positions, new Map());
      for (const p of curve) {
        const closed = trades.filter((t) => T0 + t.closeMinute * MIN <= p.atMs).reduce((s, t) => s + t.pnl, 0);
        expect(p.equityUsd).toBeCloseTo(base + closed, 6);
        expect(p.unrealisedUsd).toBe(0);
      }
      let peak = -Infinity;
      for (const p of curve) {
        peak = Math.max(peak, p.equityUsd);
        expect(p.drawdownPct).toBeLessThanOrEqual(0);
        if (p.equityUsd === peak) expect(p.drawdownPct).toBe(0);
      }
      expect(maxDrawdownPct(curve)).toBe(Math.min(0, ...curve.map((p) => p.drawdownPct)));
    }), { numRuns: 200 });
  });

  it("marks an open stock with the newest finished bar, and at its entry price before the first one", () => {
    const marks = new Map([["ZZZ", [[T0 + 2 * MIN, 12], [T0 + 4 * MIN, 9]] as [number, number][]]]);
    const curve = equityCurve(1_000, grid(6), [stock({ qty: 3 })], marks);
    expect(curve.map((p) => p.unrealisedUsd)).toEqual([0, 0, 6, 6, -3, -3]);
    expect(curve[4]!.drawdownPct).toBeCloseTo(((997 - 1_006) / 1_006) * 100, 4);
  });

  it("ignores positions before they open and counts an option only from its last mark on", () => {
    const option = stock({ symbol: "ZZZ240308C00055000", isOption: true, multiplier: 100, entryPrice: 2, openedAtMs: T0 + MIN, lastMark: { atMs: T0 + 3 * MIN, price: 1.5 } });
    const late = stock({ openedAtMs: T0 + 10 * MIN });
    const marks = new Map([["ZZZ", [[T0, 99]] as [number, number][]]]);
    expect(equityCurve(500, grid(5), [option, late], marks).map((p) => p.equityUsd)).toEqual([500, 500, 500, 450, 450]);
  });
});

describe("pnpm report arguments", () => {
  it("reads a --to day as the end of that New York day, 23 hours long across the spring DST change", () => {
    const args = parseReportArgs(["--from", "2024-03-10", "--to", "2024-03-10"]);
    if (args === "help") throw new Error("unexpected help");
    expect(args.from?.toISOString()).toBe("2024-03-10T05:00:00.000Z");
    expect(args.to?.toISOString()).toBe("2024-03-11T04:00:00.000Z");
    expect(args.out).toBe(".data/report.html");
  });

  it("takes ISO instants as given and rejects anything else", () => {
    const args = parseReportArgs(["--from", "2024-03-05T14:30:00Z", "--out", "x.html"]);
    expect(args).toMatchObject({ from: new Date("2024-03-05T14:30:00Z"), to: undefined, out: "x.html" });
    expect(() => parseReportArgs(["--from", "March 5"])).toThrow(ReportUsageError);
    expect(() => parseReportArgs(["--bogus"])).toThrow(ReportUsageError);
    expect(parseReportArgs(["--help"])).toBe("help");
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Bar } from "../domain/bar.js";
import { FeatureState } from "./feature-state.js";
import { FeatureStream, type StreamResult } from "./feature-stream.js";
import { isFeatureSkip } from "./features.js";

const T0 = Date.parse("2024-03-04T14:30:00Z");

/** Deterministic minute bars (LCG random walk), one per minute from T0. */
function minuteBars(n: number, seed = 5, symbol = "STRM"): Bar[] {
  let s = seed >>> 0;
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  let close = 50;
  return Array.from({ length: n }, (_, i) => {
    const open = close;
    close *= 1 + (next() - 0.5) * 0.01;
    return {
      symbol,
      ts: new Date(T0 + i * 60_000),
      open,
      high: Math.max(open, close) * (1 + next() * 0.002),
      low: Math.min(open, close) * (1 - next() * 0.002),
      close,
      volume: Math.round(1000 + next() * 9000),
    };
  });
}

/** A revised version of a bar: same minute, different trade data. */
const revise = (bar: Bar, factor = 1.001): Bar => ({
  ...bar,
  close: bar.close * factor,
  high: Math.max(bar.high, bar.close * factor),
  volume: bar.volume + 77,
});

/** What a never-corrected state gives for the final series, bar by bar, keyed by ts. */
function batchByTs(series: readonly Bar[]): Map<number, ReturnType<FeatureState["update"]>> {
  const state = new FeatureState(series[0]?.symbol ?? "STRM");
  return new Map(series.map((b) => [b.ts.getTime(), state.update(b)]));
}

const tsOf = (rs: readonly StreamResult[]): number[] => rs.map((r) => r.bar.ts.getTime());

describe("FeatureStream", () => {
  const bars = minuteBars(160);

  it("computes each new bar once, exactly as a plain FeatureState does", () => {
    const stream = new FeatureStream("STRM");
    const state = new FeatureState("STRM");
    for (let i = 0; i < bars.length; i += 7) {
      const chunk = bars.slice(i, i + 7);
      const update = stream.apply(chunk);
      expect(update.results.map((r) => r.result)).toEqual(chunk.map((b) => state.update(b)));
      expect(update.corrected).toBe(0);
    }
    expect(stream.newestTs).toBe(bars.at(-1)?.ts.getTime());
  });

  it("ignores a bar it has already seen, unchanged", () => {
    const stream = new FeatureStream("STRM");
    stream.apply(bars.slice(0, 80));
    const again = stream.apply(bars.slice(70, 80));
    expect(again.results).toEqual([]);
    expect(again.duplicates).toBe(10);
  });

  it("recomputes the newest bar when telemetry revises it, as if the revision had come first", () => {
    const stream = new FeatureStream("STRM");
    stream.apply(bars.slice(0, 100));
    const revised = revise(bars[99] as Bar);
    const update = stream.apply([revised]);
    expect(update.corrected).toBe(1);
    expect(tsOf(update.results)).toEqual([revised.ts.getTime()]);
    const expected = batchByTs([...bars.slice(0, 99), revised, ...bars.slice(100)]);
    expect(update.results[0]?.result).toEqual(expected.get(revised.ts.getTime()));
    // And the bars after it build on the revised value.
    for (const r of stream.apply(bars.slice(100)).results) expect(r.result).toEqual(expected.get(r.bar.ts.getTime()));
  });

  it("recomputes every bar from a late bar onwards (a minute that arrived after its successors)", () => {
    const withoutLate = [...bars.slice(0, 90), ...bars.slice(91, 110)];
    const stream = new FeatureStream("STRM");
    stream.apply(withoutLate);
    const update = stream.apply([bars[90] as Bar]);
    expect(update.corrected).toBe(1);
    expect(tsOf(update.results)).toEqual(bars.slice(90, 110).map((b) => b.ts.getTime()));
    const expected = batchByTs(bars.slice(0, 110));
    for (const r of update.results) expect(r.result).toEqual(expected.get(r.bar.ts.getTime()));
  });

  it("asks for a rebuild from stored bars when a correction reaches beyond what it keeps, and changes nothing", () => {
    const stream = new FeatureStream("STRM", { correctionDepthBars: 10 });
    stream.apply(bars.slice(0, 120));
    const oldest = stream.correctableFromMs as number;
    expect(oldest).toBeGreaterThan(bars[90]?.ts.getTime() as number);
    const tooOld = revise(bars[60] as Bar);
    const update = stream.apply([tooOld, bars[120] as Bar]);
    expect(update.rebuildFrom).toEqual(tooOld.ts);
    expect(update.results).toEqual([]);
    // The new bar was not taken either: the rebuild will read it.
    expect(stream.newestTs).toBe(bars[119]?.ts.getTime());
  });

  it("keeps between depth and twice depth bars correctable, however long it runs", () => {
    const depth = 15;
    const stream = new FeatureStream("STRM", { correctionDepthBars: depth });
    for (const bar of bars) {
      stream.apply([bar]);
      const kept = ((stream.newestTs as number) - (stream.correctableFromMs as number)) / 60_000 + 1;
      expect(kept).toBeLessThanOrEqual(2 * depth + 1);
      if (stream.newestTs !== undefined && (stream.newestTs - T0) / 60_000 + 1 >= depth) expect(kept).toBeGreaterThanOrEqual(depth);
    }
  });

  it("reports only bars at or after emitFromMs, while every bar builds state", () => {
    const stream = new FeatureStream("STRM");
    const from = bars[140]?.ts.getTime() as number;
    const update = stream.apply(bars, { emitFromMs: from });
    expect(tsOf(update.results)).toEqual(bars.slice(140).map((b) => b.ts.getTime()));
    const expected = batchByTs(bars);
    for (const r of update.results) expect(r.result).toEqual(expected.get(r.bar.ts.getTime()));
  });

  it("reports a bar of another symbol as a skip and keeps going", () => {
    const stream = new FeatureStream("STRM");
    const update = stream.apply([...bars.slice(0, 3), { ...(bars[3] as Bar), symbol: "OTHER" }]);
    const foreign = update.results.find((r) => r.bar.symbol === "OTHER")?.result;
    expect(foreign && isFeatureSkip(foreign) && foreign.skip).toBe("WRONG_SYMBOL");
    expect(update.results).toHaveLength(4);
    expect(stream.newestTs).toBe(bars[2]?.ts.getTime());
  });

  it("after any mix of new bars, revisions, late bars and repeats, equals a fresh computation over the final data", () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant("append" as const), n: fc.integer({ min: 1, max: 12 }) }),
      fc.record({ kind: fc.constant("revise" as const), back: fc.integer({ min: 0, max: 25 }), factor: fc.double({ min: 0.99, max: 1.01, noNaN: true }) }),
      fc.record({ kind: fc.constant("repeat" as const), back: fc.integer({ min: 0, max: 25 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 5, maxLength: 40 }), fc.integer({ min: 3, max: 20 }), fc.boolean(), (ops, depth, holdBack) => {
        const source = minuteBars(400, depth);
        const truth = new Map<number, Bar>();
        let stream = new FeatureStream("STRM", { correctionDepthBars: depth });
        let next = 0;
        // Optionally hold one minute back and deliver it late with the next append.
        let held: Bar | undefined;
        const latest = new Map<number, unknown>();
        for (const o of ops) {
          let batch: Bar[] = [];
          if (o.kind === "append") {
            const chunk = source.slice(next, next + o.n);
            next += chunk.length;
            if (holdBack && held === undefined && chunk.length > 2) {
              held = chunk[1];
              batch = chunk.filter((b) => b !== held);
            } else {
              batch = held ? [...chunk, held] : chunk;
              held = undefined;
            }
          } else {
            const known = [...truth.keys()].sort((a, b) => a - b);
            const ms = known[known.length - 1 - Math.min(o.back, depth - 1)];
            if (ms === undefined) continue;
            const current = truth.get(ms) as Bar;
            batch = [o.kind === "revise" ? revise(current, o.factor) : current];
          }
          let update = stream.apply(batch);
          for (const b of batch) truth.set(b.ts.getTime(), b);
          if (update.rebuildFrom !== undefined) {
            // What the service does: a new stream over the stored bars, reporting from the correction on.
            const from = update.rebuildFrom.getTime();
            stream = new FeatureStream("STRM", { correctionDepthBars: depth });
            update = stream.apply([...truth.values()], { emitFromMs: from });
            expect(update.results[0]?.bar.ts.getTime()).toBe(from);
          }
          for (const r of update.results) latest.set(r.bar.ts.getTime(), r.result);
        }
        const series = [...truth.values()].sort((a, b) => a.ts.getTime() - b.ts.getTime());
        const expected = batchByTs(series);
        // Every bar's last reported result is what a fresh run over the final data gives.
        for (const [ms, result] of latest) expect(result).toEqual(expected.get(ms));
      }),
      { numRuns: 60 },
    );
  });
});

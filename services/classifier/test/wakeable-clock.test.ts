import { ManualClock, type Clock } from "@ops/core";
import { freshPgliteDb } from "@ops/core/testing";
import { describe, expect, it } from "vitest";
import { listenForArticles } from "../src/listen-for-articles.js";
import { wakeableClock } from "../src/wakeable-clock.js";
import { captureLogs } from "./log-capture.js";

const T0 = new Date("2025-02-03T15:00:00Z");
const later = new Date(T0.getTime() + 30_000);

/** Settles within a few event-loop turns, or reports "pending". */
async function state(p: Promise<void>): Promise<"resolved" | "rejected" | "pending"> {
  return Promise.race([
    p.then(() => "resolved" as const, () => "rejected" as const),
    new Promise<"pending">((r) => setTimeout(() => r("pending"), 20)),
  ]);
}

describe("wakeableClock", () => {
  it("keeps the inner clock's time and sleeps until the deadline when nobody wakes it", async () => {
    const inner = new ManualClock(T0);
    const clock = wakeableClock(inner);
    expect(clock.now()).toEqual(T0);
    const sleep = clock.sleepUntil(later);
    expect(await state(sleep)).toBe("pending");
    inner.set(later);
    expect(await state(sleep)).toBe("resolved");
  });

  it("ends a running sleep early on wake, without moving time", async () => {
    const clock = wakeableClock(new ManualClock(T0));
    const sleep = clock.sleepUntil(later);
    clock.wake();
    expect(await state(sleep)).toBe("resolved");
    expect(clock.now()).toEqual(T0);
  });

  it("remembers a wake that arrives while no sleep runs (during a cycle) and skips the next sleep once", async () => {
    const clock = wakeableClock(new ManualClock(T0));
    clock.wake();
    clock.wake();
    expect(await state(clock.sleepUntil(later))).toBe("resolved");
    expect(await state(clock.sleepUntil(later))).toBe("pending");
  });

  it("passes the caller's abort through, and a clock that rejects on abort still rejects for the caller's abort only", async () => {
    const rejecting: Clock = {
      now: () => T0,
      sleepUntil: (_until, signal) => new Promise((_resolve, reject) => signal?.addEventListener("abort", () => reject(new Error("aborted")), { once: true })),
    };
    const clock = wakeableClock(rejecting);
    const woken = clock.sleepUntil(later);
    clock.wake();
    expect(await state(woken)).toBe("resolved");
    const stop = new AbortController();
    const stopped = clock.sleepUntil(later, stop.signal);
    stop.abort();
    expect(await state(stopped)).toBe("rejected");
  });
});

describe("listenForArticles", () => {
  it("wakes the clock when the news service notifies the channel (PGlite LISTEN/NOTIFY)", async () => {
    const db = await freshPgliteDb({ migrate: false });
    const logs = captureLogs("classifier");
    const clock = wakeableClock(new ManualClock(T0));
    const unlisten = await listenForArticles(db, "news_articles_inserted", clock, logs.logger);
    expect(logs.events("classifier.wake_listening")).toHaveLength(1);
    const sleep = clock.sleepUntil(later);
    expect(await state(sleep)).toBe("pending");
    await db.notify("news_articles_inserted", "3");
    expect(await state(sleep)).toBe("resolved");
    await unlisten();
    await db.close();
  });

  it("falls back to the timer, with a warning, when LISTEN fails", async () => {
    const logs = captureLogs("classifier");
    const broken = { listen: async () => { throw new Error("connection refused"); } } as unknown as Parameters<typeof listenForArticles>[0];
    const unlisten = await listenForArticles(broken, "news_articles_inserted", wakeableClock(new ManualClock(T0)), logs.logger);
    expect(logs.events("classifier.wake_unavailable")[0]).toMatchObject({ level: "warn", channel: "news_articles_inserted" });
    await expect(unlisten()).resolves.toBeUndefined();
  });
});

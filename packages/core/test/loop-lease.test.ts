import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clocks/manual-clock.js";
import { openDb } from "../src/db/open-db.js";
import type { Db } from "../src/db/types.js";
import { acquireLease, leaseTtlMs, releaseLease, renewLease } from "../src/loop/lease.js";
import { runLoop } from "../src/loop/run-loop.js";
import { describeWithPostgres } from "../src/testing/describe-with-postgres.js";
import { freshPgliteDb, freshPostgresDb, type FreshPostgresDb } from "../src/testing/fresh-db.js";
import { waitFor } from "./db-contract.js";
import { captureLogger, coreMigrationsDir } from "./helpers.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const KEY = { service: "position-manager", account: "large-100k" };

describe("leaseTtlMs", () => {
  it("is three intervals, but never under 30 s", () => {
    expect(leaseTtlMs(1_000)).toBe(30_000);
    expect(leaseTtlMs(60_000)).toBe(180_000);
  });
});

describe("lease rows on PGlite", () => {
  let db: Db;
  beforeAll(async () => {
    db = await freshPgliteDb({ migrationsDir: coreMigrationsDir() });
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    await db.query("DELETE FROM service_leases");
  });

  it("grants a free lease and lets its holder take it again", async () => {
    const first = await acquireLease(db, { ...KEY, holder: "a", ttlMs: 60_000 });
    expect(first).toMatchObject({ acquired: true, holder: "a" });
    expect(first.expiresAt).toBeInstanceOf(Date);
    expect((await acquireLease(db, { ...KEY, holder: "a", ttlMs: 60_000 })).acquired).toBe(true);
  });

  it("refuses a held lease to another holder and says who holds it", async () => {
    await acquireLease(db, { ...KEY, holder: "a", ttlMs: 60_000 });
    expect(await acquireLease(db, { ...KEY, holder: "b", ttlMs: 60_000 })).toMatchObject({ acquired: false, holder: "a" });
  });

  it("keeps leases of different accounts apart", async () => {
    await acquireLease(db, { ...KEY, holder: "a", ttlMs: 60_000 });
    expect((await acquireLease(db, { ...KEY, account: "tiny-1k", holder: "b", ttlMs: 60_000 })).acquired).toBe(true);
  });

  it("lets another holder take an expired lease, after which the old holder's renewal fails", async () => {
    await acquireLease(db, { ...KEY, holder: "a", ttlMs: 1 });
    await sleep(20);
    expect((await acquireLease(db, { ...KEY, holder: "b", ttlMs: 60_000 })).acquired).toBe(true);
    expect(await renewLease(db, { ...KEY, holder: "a", ttlMs: 60_000 })).toMatchObject({ acquired: false, holder: "b" });
  });

  it("extends the expiry on renewal", async () => {
    const first = await acquireLease(db, { ...KEY, holder: "a", ttlMs: 30_000 });
    const renewed = await renewLease(db, { ...KEY, holder: "a", ttlMs: 120_000 });
    expect(renewed.acquired).toBe(true);
    expect(renewed.expiresAt!.getTime()).toBeGreaterThan(first.expiresAt!.getTime());
  });

  it("releases only the holder's own lease", async () => {
    await acquireLease(db, { ...KEY, holder: "a", ttlMs: 60_000 });
    expect(await releaseLease(db, { ...KEY, holder: "b" })).toBe(false);
    expect(await releaseLease(db, { ...KEY, holder: "a" })).toBe(true);
    expect((await acquireLease(db, { ...KEY, holder: "b", ttlMs: 60_000 })).acquired).toBe(true);
  });
});

describeWithPostgres("leases on PostgreSQL", (adminUrl) => {
  let fresh: FreshPostgresDb;
  const pools: Db[] = [];
  const pool = async () => {
    const db = await openDb(fresh.url);
    pools.push(db);
    return db;
  };

  beforeAll(async () => {
    fresh = await freshPostgresDb(adminUrl, { migrationsDir: coreMigrationsDir() });
  });
  afterAll(async () => {
    for (const db of pools) await db.close();
    await fresh?.cleanup();
  });
  beforeEach(async () => {
    await fresh.db.query("DELETE FROM service_leases");
  });

  it("grants a contested lease to exactly one of several simultaneous holders", async () => {
    const contenders = await Promise.all(Array.from({ length: 5 }, () => pool()));
    const results = await Promise.all(
      contenders.map((db, index) => acquireLease(db, { ...KEY, holder: `holder-${index}`, ttlMs: 60_000 })),
    );
    const winners = results.filter((result) => result.acquired);
    expect(winners).toHaveLength(1);
    for (const result of results) expect(result.holder).toBe(winners[0]?.holder);
  });

  it("makes a second instance wait while the first runs, then take over after release", async () => {
    const dbA = await pool();
    const dbB = await pool();
    const clock = new ManualClock("2026-03-02T14:30:00Z");
    const logB = captureLogger();
    const stopA = new AbortController();
    const stopB = new AbortController();
    let cyclesA = 0;
    let cyclesB = 0;
    const identity = { service: KEY.service, account: KEY.account, buildId: "b" };
    const base = { name: "pm", mode: "LOOP" as const, intervalMs: 60_000, clock, lease: true, leasePollMs: 20 };
    const a = runLoop({
      ...base,
      db: dbA,
      logger: captureLogger().logger,
      identity: { ...identity, instance: "host-a-1" },
      signal: stopA.signal,
      runCycle: async () => {
        cyclesA += 1;
      },
    });
    await waitFor(() => cyclesA === 1);
    const b = runLoop({
      ...base,
      db: dbB,
      logger: logB.logger,
      identity: { ...identity, instance: "host-b-2" },
      signal: stopB.signal,
      runCycle: async () => {
        cyclesB += 1;
      },
    });
    await waitFor(() => logB.events("lease.waiting").length > 0);
    await sleep(150);
    expect(cyclesB).toBe(0);

    stopA.abort();
    expect(await a).toBe(0);
    await waitFor(() => cyclesB === 1);
    const holder = await fresh.db.query<{ holder: string }>("SELECT holder FROM service_leases");
    expect(holder.rows).toEqual([{ holder: "host-b-2" }]);
    stopB.abort();
    expect(await b).toBe(0);
  });
  it("renews the lease during a cycle longer than the lease: a standby cannot take it while the cycle runs", async () => {
    const dbA = await pool();
    const dbB = await pool();
    const clock = new ManualClock("2026-03-02T14:30:00Z");
    const identity = { service: KEY.service, account: KEY.account, buildId: "b" };
    const stopA = new AbortController();
    let finishCycle: () => void = () => undefined;
    let cyclesA = 0;
    const a = runLoop({
      name: "telemetry", mode: "LOOP", intervalMs: 60_000, clock, lease: true, leasePollMs: 20, leaseTtlMs: 300,
      db: dbA, logger: captureLogger().logger, identity: { ...identity, instance: "host-a-1" }, signal: stopA.signal,
      // A backfill that takes far longer than the 300 ms lease.
      runCycle: async () => {
        cyclesA += 1;
        await new Promise<void>((resolve) => { finishCycle = resolve; });
      },
    });
    await waitFor(() => cyclesA === 1);
    for (let i = 0; i < 6; i += 1) {
      await sleep(150);
      expect((await acquireLease(dbB, { ...KEY, holder: "host-b-2", ttlMs: 300 })).acquired).toBe(false);
    }
    stopA.abort();
    finishCycle();
    expect(await a).toBe(0);
  });

  it("a lease taken away mid-cycle aborts the cycle's signal and stops the loop with exit code 1", async () => {
    const dbA = await pool();
    const clock = new ManualClock("2026-03-02T14:30:00Z");
    const log = captureLogger();
    let aborted = false;
    const a = runLoop({
      name: "telemetry", mode: "LOOP", intervalMs: 60_000, clock, lease: true, leasePollMs: 20, leaseTtlMs: 300,
      db: dbA, logger: log.logger, identity: { service: KEY.service, account: KEY.account, buildId: "b", instance: "host-a-1" },
      signal: new AbortController().signal,
      runCycle: async ({ signal }) => {
        // Someone else holds the lease now (e.g. it expired during a stall and a standby took it).
        await fresh.db.query("UPDATE service_leases SET holder = 'host-b-2'");
        await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
        aborted = signal.aborted;
      },
    });
    expect(await a).toBe(1);
    expect(aborted).toBe(true);
    expect(log.events("lease.lost")).toHaveLength(1);
  });
});

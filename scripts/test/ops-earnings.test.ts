// `pnpm ops earnings`: the earnings calendar the position manager reads to close options before a
// report. Entries are validated before they reach the table, corrections keep the old values in the
// audit log, and a removal of a date that is not there is refused rather than reported as done.
import type { Db } from "@ops/core";
import { freshPgliteDb } from "@ops/core/testing";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { runOps } from "./helpers/ops-cli.js";

let db: Db | undefined;
async function database(): Promise<Db> {
  db ??= await freshPgliteDb();
  return db;
}
beforeEach(async () => {
  await (await database()).query(`TRUNCATE earnings_events, ops_audit_log`);
});
afterAll(async () => {
  await db?.close();
});

const NOW = "2024-03-05T15:00:00Z";

async function rows(): Promise<Record<string, unknown>[]> {
  return (await (await database()).query(`SELECT symbol, report_date::text AS report_date, report_time, source, created_by FROM earnings_events ORDER BY report_date, symbol`)).rows;
}

async function audit(): Promise<Record<string, unknown>[]> {
  return (await (await database()).query(`SELECT actor, action, target, detail FROM ops_audit_log ORDER BY id`)).rows;
}

describe("pnpm ops earnings", () => {
  it("adds a date, treats the same entry again as unchanged, and audits a correction with the values it replaced", async () => {
    const d = await database();
    const added = await runOps(d, ["earnings", "add", "aapl", "2024-05-02", "--time", "after_close", "--source", "Apple IR", "--actor", "erin", "--now", NOW]);
    expect(added).toMatchObject({ code: 0, out: "added earnings AAPL on 2024-05-02 (after_close, source Apple IR)\n" });
    expect(await rows()).toEqual([{ symbol: "AAPL", report_date: "2024-05-02", report_time: "after_close", source: "Apple IR", created_by: "erin" }]);

    const same = await runOps(d, ["earnings", "add", "AAPL", "2024-05-02", "--time", "after_close", "--source", "Apple IR", "--now", NOW]);
    expect(same.code).toBe(0);
    expect(same.out).toMatch(/already in the calendar; nothing changed/);
    expect(await audit()).toHaveLength(1);

    const corrected = await runOps(d, ["earnings", "add", "AAPL", "2024-05-02", "--time", "before_open", "--source", "Nasdaq", "--reason", "IR moved the call", "--actor", "dave", "--now", NOW]);
    expect(corrected.out).toBe("updated earnings AAPL on 2024-05-02 (before_open, source Nasdaq); was after_close, source Apple IR\n");
    expect(await rows()).toEqual([{ symbol: "AAPL", report_date: "2024-05-02", report_time: "before_open", source: "Nasdaq", created_by: "dave" }]);
    expect(await audit()).toEqual([
      {
        actor: "erin", action: "earnings-add", target: "AAPL 2024-05-02",
        detail: { reason: null, symbol: "AAPL", report_date: "2024-05-02", report_time: "after_close", source: "Apple IR", previous: null },
      },
      {
        actor: "dave", action: "earnings-add", target: "AAPL 2024-05-02",
        detail: {
          reason: "IR moved the call", symbol: "AAPL", report_date: "2024-05-02", report_time: "before_open", source: "Nasdaq",
          previous: { report_time: "after_close", source: "Apple IR", created_by: "erin" },
        },
      },
    ]);
  });

  it("defaults to an unknown time and a manual source", async () => {
    expect((await runOps(await database(), ["earnings", "add", "MSFT", "2024-04-25", "--now", NOW])).code).toBe(0);
    expect(await rows()).toEqual([{ symbol: "MSFT", report_date: "2024-04-25", report_time: "unknown", source: "manual", created_by: "ops-tester" }]);
  });

  it("refuses what is not a ticker, a calendar date or a report time, and writes nothing", async () => {
    const d = await database();
    const refusedCases: [readonly string[], RegExp][] = [
      [["earnings", "add", "AA PL", "2024-05-02"], /"AA PL" is not a ticker/],
      [["earnings", "add", "1AB", "2024-05-02"], /"1AB" is not a ticker/],
      [["earnings", "add", "AAPL", "2024-02-30"], /"2024-02-30" is not a calendar date/],
      [["earnings", "add", "AAPL", "05/02/2024"], /"05\/02\/2024" is not a calendar date/],
      [["earnings", "add", "AAPL", "2024-05-02", "--source", "  "], /--source must not be empty/],
      [["earnings", "remove", "AAPL", "2024-13-01"], /not a calendar date/],
    ];
    for (const [args, message] of refusedCases) {
      const r = await runOps(d, [...args, "--now", NOW]);
      expect({ args, code: r.code }).toEqual({ args, code: 1 });
      expect(r.err).toMatch(message);
    }
    const usage: (readonly string[])[] = [
      ["earnings", "add", "AAPL", "2024-05-02", "--time", "midday"],
      ["earnings", "add", "AAPL"],
      ["earnings", "rename", "AAPL", "2024-05-02"],
      ["earnings", "remove", "AAPL", "2024-05-02", "--time", "before_open"],
      ["earnings", "list", "--from", "yesterday"],
      ["halt", "--account", "large-100k", "--reason", "x", "--source", "y"],
    ];
    for (const args of usage) expect({ args, code: (await runOps(d, args)).code }).toEqual({ args, code: 64 });
    expect(await rows()).toEqual([]);
    expect(await audit()).toEqual([]);
  });

  it("removes a date with an audit of what it removed, and refuses to remove a date that is not there", async () => {
    const d = await database();
    await runOps(d, ["earnings", "add", "NVDA", "2024-05-22", "--time", "after_close", "--source", "NVIDIA IR", "--now", NOW]);
    const missing = await runOps(d, ["earnings", "remove", "NVDA", "2024-05-23", "--now", NOW]);
    expect(missing).toMatchObject({ code: 1, err: "refused: no earnings event for NVDA on 2024-05-23 (pnpm ops earnings list)\n" });

    const removed = await runOps(d, ["earnings", "remove", "nvda", "2024-05-22", "--reason", "typo, it is the 23rd", "--actor", "erin", "--now", NOW]);
    expect(removed).toMatchObject({ code: 0, out: "removed earnings NVDA on 2024-05-22 (after_close, source NVIDIA IR)\n" });
    expect(await rows()).toEqual([]);
    expect((await audit()).at(-1)).toEqual({
      actor: "erin", action: "earnings-remove", target: "NVDA 2024-05-22",
      detail: { reason: "typo, it is the 23rd", symbol: "NVDA", report_date: "2024-05-22", removed: { report_time: "after_close", source: "NVIDIA IR", created_by: "ops-tester" } },
    });
  });

  it("lists dates from today in New York by default, or from --from, soonest first, without writing", async () => {
    const d = await database();
    for (const [symbol, date] of [["AAPL", "2024-05-02"], ["MSFT", "2024-03-04"], ["AMD", "2024-03-05"], ["TSLA", "2024-04-23"]] as const) {
      expect((await runOps(d, ["earnings", "add", symbol, date, "--now", NOW])).code).toBe(0);
    }
    const auditRows = (await audit()).length;
    // 2024-03-06 01:00 UTC is still the 5th in New York.
    const listed = await runOps(d, ["earnings", "list", "--now", "2024-03-06T01:00:00Z"]);
    expect(listed.code).toBe(0);
    expect(listed.out.split("\n").filter((l) => /^\s+\d{4}-/.test(l)).map((l) => l.trim().split(/\s+/).slice(0, 2).join(" "))).toEqual([
      "2024-03-05 AMD", "2024-04-23 TSLA", "2024-05-02 AAPL",
    ]);
    expect(listed.out).toMatch(/^3 earnings date\(s\) on or after 2024-03-05:/);

    const fromApril = await runOps(d, ["earnings", "list", "--from", "2024-04-24", "--json"]);
    expect(JSON.parse(fromApril.out)).toMatchObject({ list: "earnings", from: "2024-04-24", events: [{ symbol: "AAPL", reportDate: "2024-05-02", reportTime: "unknown" }] });
    expect((await runOps(d, ["earnings", "list", "--from", "2025-01-01"])).out).toBe("no earnings date on or after 2025-01-01\n");
    expect(await audit()).toHaveLength(auditRows);
  });
});

// Replaying a real day from ../shared/data serves exactly the bars in the file, in order, and market time runs at the
// configured speed: a Lean minute zip and a timestamped CSV day, read back through the real SDK over HTTP.
import { readFileSync } from "node:fs";
import path from "node:path";
import { TimeFrame } from "@alpacahq/alpaca-trade-api";
import { etDateTime } from "@ops/core";
import { afterEach, describe, expect, it } from "vitest";
import { createDefaultSimulator, DEFAULT_SIM_ACCOUNTS, type DefaultSimulator } from "../src/index.js";
import { parseLeanTradeZip } from "../src/market-data/lean-trade-zip.js";
import { parseTimestampedBarCsv } from "../src/market-data/timestamped-bar-csv.js";
import { leanMinuteDir, lumibotDir, sharedDataDir } from "./data-fixtures.js";
import { sdkClient } from "./server-sdk-client.js";

let sim: DefaultSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function servedBars(s: DefaultSimulator, symbol: string, day: string): Promise<{ t: number; o: number; c: number; v: number }[]> {
  const large = DEFAULT_SIM_ACCOUNTS[0]!;
  const alpaca = sdkClient(s.url, { keyId: large.keyId, secret: large.secretKey });
  const bySymbol = await alpaca.marketData.collectStockBarsBySymbol({
    symbols: [symbol], timeframe: TimeFrame.Minute, start: etDateTime(day, "09:30"), end: etDateTime(day, "15:59"),
    limit: 97, feed: "iex", adjustment: "raw",
  });
  return (bySymbol[symbol] ?? []).map((b) => ({ t: new Date(b.t).getTime(), o: b.o, c: b.c, v: b.v }));
}

describe("replaying a real day", () => {
  it("serves exactly the regular-hours bars of a Lean minute zip, in order", async () => {
    const day = "2013-10-08";
    const fromFile = parseLeanTradeZip(readFileSync(path.join(leanMinuteDir, "ibm", "20131008_trade.zip")), { symbol: "IBM", day, rthOnly: true }).bars;
    expect(fromFile.length).toBe(390);
    sim = await createDefaultSimulator({ sharedDataDir, days: [day], symbols: ["IBM"], start: etDateTime(day, "16:05") });
    const served = await servedBars(sim, "IBM", day);
    expect(served).toEqual(fromFile.map((b) => ({ t: b.ts.getTime(), o: b.open, c: b.close, v: b.volume })));
  });

  it("serves exactly the bars of a timestamped CSV day, in order", async () => {
    const day = "2021-08-24";
    const fromFile = parseTimestampedBarCsv(readFileSync(path.join(lumibotDir, "MSFT_Minute.csv"), "utf8"), { symbol: "MSFT", rthOnly: true, days: new Set([day]) }).bars;
    expect(fromFile.length).toBeGreaterThan(380);
    sim = await createDefaultSimulator({ sharedDataDir, barsDir: lumibotDir, days: [day], symbols: ["MSFT"], start: etDateTime(day, "16:05") });
    const served = await servedBars(sim, "MSFT", day);
    expect(served).toEqual(fromFile.map((b) => ({ t: b.ts.getTime(), o: b.open, c: b.close, v: b.volume })));
  });

  it("advances market time at the configured speed, serving each minute's bar once it has passed", async () => {
    const day = "2013-10-08";
    const speed = 600; // ten market minutes per real second
    sim = await createDefaultSimulator({ sharedDataDir, days: [day], symbols: ["IBM"], start: etDateTime(day, "09:30"), speed });
    const wallStart = performance.now();
    const marketStart = sim.clock.now().getTime();
    await new Promise((r) => setTimeout(r, 700));
    const wallElapsed = performance.now() - wallStart;
    const marketElapsed = sim.clock.now().getTime() - marketStart;
    expect(marketElapsed / wallElapsed).toBeGreaterThan(speed * 0.8);
    expect(marketElapsed / wallElapsed).toBeLessThan(speed * 1.25);
    const served = await servedBars(sim, "IBM", day);
    const now = sim.clock.now().getTime();
    expect(served.length).toBeGreaterThan(3);
    expect(served.every((b) => b.t + 60_000 <= now)).toBe(true);
    expect(served.map((b) => b.t)).toEqual([...served.map((b) => b.t)].sort((a, b) => a - b));
  });
});

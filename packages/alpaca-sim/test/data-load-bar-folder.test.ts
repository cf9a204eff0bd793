import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defaultReplay } from "../src/market-data/default-replay.js";
import { loadBarFolder } from "../src/market-data/load-bar-folder.js";
import { leanMinuteDir, lumibotDir, sharedDataDir } from "./data-fixtures.js";

describe("loadBarFolder", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "sim-bars-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(path.join(dir, "lean", "ibm"), { recursive: true });
  copyFileSync(path.join(leanMinuteDir, "ibm", "20131004_trade.zip"), path.join(dir, "lean", "ibm", "20131004_trade.zip"));
  copyFileSync(path.join(leanMinuteDir, "ibm", "20131004_quote.zip"), path.join(dir, "lean", "ibm", "20131004_quote.zip"));
  copyFileSync(path.join(leanMinuteDir, "ibm", "20131007_trade.zip"), path.join(dir, "lean", "ibm", "20131007_trade.zip"));
  copyFileSync(path.join(lumibotDir, "TLT_Minute.csv"), path.join(dir, "TLT_Minute.csv"));
  writeFileSync(path.join(dir, "odd_export.csv"), "time,open,high,low,close,volume\n2021-01-04 09:30:00-05:00,10,11,9,10.5,100\n2021-01-04 09:31:00-05:00,10,x,9,10.5,100\n");
  writeFileSync(path.join(dir, "notes.txt"), "not bars");
  writeFileSync(path.join(dir, "broken_trade.zip"), "not a zip");
  mkdirSync(path.join(dir, "lean", "bad"), { recursive: true });
  writeFileSync(path.join(dir, "lean", "bad", "20131004_trade.zip"), "not a zip either");

  it("loads every supported file and reports loaded, skipped, unsupported and failed files", async () => {
    const loaded = await loadBarFolder(dir, { symbolByFileName: { "odd_export.csv": "ODD" } });
    const byFile = new Map(loaded.files.map((f) => [f.file, f]));
    expect(byFile.get("lean/ibm/20131004_trade.zip")).toMatchObject({ status: "loaded", format: "lean-trade-zip", symbol: "IBM" });
    expect(byFile.get("lean/ibm/20131004_quote.zip")?.status).toBe("unsupported");
    expect(byFile.get("TLT_Minute.csv")).toMatchObject({ status: "loaded", symbol: "TLT", bars: 1166 });
    expect(byFile.get("odd_export.csv")).toMatchObject({ status: "loaded", symbol: "ODD", bars: 1 });
    expect(byFile.get("odd_export.csv")?.parse?.skipped.not_a_number).toBe(1);
    expect(byFile.get("notes.txt")?.status).toBe("unsupported");
    expect(byFile.get("broken_trade.zip")?.status).toBe("unsupported");
    expect(byFile.get("lean/bad/20131004_trade.zip")?.status).toBe("failed");
    expect(loaded.skippedRows).toBe(1);
    const symbols = new Set(loaded.bars.map((b) => b.symbol));
    expect(symbols).toEqual(new Set(["IBM", "TLT", "ODD"]));
  });

  it("honours symbol, day and regular-hours filters", async () => {
    const loaded = await loadBarFolder(dir, { symbols: ["ibm"], days: ["2013-10-07"], rthOnly: true });
    expect(loaded.bars).toHaveLength(390);
    expect(new Set(loaded.bars.map((b) => b.symbol))).toEqual(new Set(["IBM"]));
    expect(loaded.files.find((f) => f.file === "lean/ibm/20131004_trade.zip")?.status).toBe("excluded");
    expect(loaded.files.find((f) => f.file === "TLT_Minute.csv")?.status).toBe("excluded");
  });
});

describe("defaultReplay", () => {
  it("replays SPY, BAC, IBM and AIG over the Lean days 2013-10-04…11", async () => {
    const replay = await defaultReplay(sharedDataDir);
    expect(replay.source).toBe("lean");
    expect(replay.symbols).toEqual(["AIG", "BAC", "IBM", "SPY"]);
    expect(replay.days).toEqual(["2013-10-04", "2013-10-07", "2013-10-08", "2013-10-09", "2013-10-10", "2013-10-11"]);
    expect(replay.files.filter((f) => f.status === "loaded")).toHaveLength(24);
    const spyDay = replay.marketData.bars("SPY", new Date("2013-10-07T13:30:00Z"), new Date("2013-10-07T20:00:00Z"));
    expect(spyDay).toHaveLength(390);
  });

  it("falls back to generated bars when the fixtures are missing", async () => {
    const replay = await defaultReplay(path.join(tmpdir(), "no-such-shared-data"));
    expect(replay.source).toBe("generated");
    expect(replay.symbols).toEqual(["AIG", "BAC", "IBM", "SPY"]);
    expect(replay.days).toEqual(["2013-10-04", "2013-10-07", "2013-10-08", "2013-10-09", "2013-10-10", "2013-10-11"]);
  });
});

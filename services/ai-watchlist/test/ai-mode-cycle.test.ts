import { randomUUID } from "node:crypto";
import { BedrockRuntimeClient, ConverseCommand, ThrottlingException } from "@aws-sdk/client-bedrock-runtime";
import { BrokerContractError, BrokerTransientError, FakeBroker } from "@ops/broker-alpaca";
import type { OptionContract } from "@ops/broker-alpaca";
import { ManualClock } from "@ops/core";
import type { CycleContext, Db, Logger } from "@ops/core";
import { freshPgliteDb } from "@ops/core/testing";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAiWatchlistCycle } from "../src/index.js";
import type { AiRunSettings } from "../src/index.js";
import { captureLogger } from "@ops/core/testing";
import type { LogLine } from "@ops/core/testing";

const MODEL_ID = "anthropic.claude-3-5-sonnet-20241022-v2:0";
// Monday 09:00 ET: the Monday 08:00 ET slot is due.
const MONDAY = "2024-03-04T14:00:00Z";

let db: Db;
beforeAll(async () => {
  db = await freshPgliteDb();
});
afterAll(async () => db.close());

const bedrock = new BedrockRuntimeClient({ region: "us-east-1", credentials: { accessKeyId: "AKIATESTONLY", secretAccessKey: "test-secret-value" } });
const bedrockMock = mockClient(bedrock);

let clock: ManualClock;
let logger: Logger;
let lines: LogLine[];
let broker: FakeBroker;

const contract = (underlying: string, tradable = true): OptionContract => ({
  symbol: `${underlying}240315C00100000`, underlying, instrumentType: "CALL", strike: 100, expiration: "2024-03-15",
  multiplier: 100, style: "american", status: "active", tradable, openInterest: 10, closePrice: 1,
});

beforeEach(async () => {
  await db.query("TRUNCATE universe, universe_versions, ai_watchlist_runs, bars, features, news_articles CASCADE");
  bedrockMock.reset();
  clock = new ManualClock(MONDAY);
  ({ logger, lines } = captureLogger("ai-watchlist"));
  broker = new FakeBroker({ account: "large-100k" });
  // ZZZZ is unknown to the broker; DELIST is listed but inactive (it still has contracts and bars, so only
  // the asset check refuses it); NOOPT has no listed options; HALT has contracts but none tradable;
  // NEWCO has options but no bars anywhere.
  for (const symbol of ["AAPL", "MSFT", "NVDA", "AMD", "TSLA", "GME", "NEWCO", "HALT", "NOOPT"]) broker.setAsset(symbol);
  broker.setAsset("DELIST", { status: "inactive", tradable: false });
  broker.setOptionContracts(["AAPL", "MSFT", "NVDA", "AMD", "TSLA", "GME", "NEWCO", "HALT", "DELIST", "ZZZZ"].map((s) => contract(s, s !== "HALT")));
  // NVDA and AMD are not tracked yet: only the broker's daily bars show they trade.
  broker.addBars(["NVDA", "AMD", "HALT"].map((symbol) => ({ symbol, ts: new Date("2024-03-01T05:00:00Z"), open: 1, high: 1, low: 1, close: 1, volume: 1000 })));
  await db.query(
    `INSERT INTO bars (symbol, ts, open, high, low, close, volume)
     SELECT s, '2024-03-01T20:00:00Z', 100, 101, 99, 100, 5000 FROM unnest(ARRAY['AAPL','MSFT','TSLA','GME','ZZZZ','NOOPT','DELIST']) s`,
  );
});

const ctx = (): CycleContext => ({ now: clock.now(), cycleId: randomUUID(), logger, signal: new AbortController().signal });
const settings = (overrides: Partial<AiRunSettings> = {}): AiRunSettings => ({
  bedrock, broker, modelId: MODEL_ID, temperature: 0.5, maxTokens: 4000, timeoutMs: 2000,
  schedule: { weekday: "mon", time: "08:00" }, maxAttemptsPerWeek: 3, candidateCount: 35,
  check: { optionWeeks: 3, barsLookbackDays: 7 },
  context: { news: 10, surges: 10, tracked: 15, surgeRatio: 2 },
  ...overrides,
});
const aiCycle = (overrides: Partial<AiRunSettings> = {}, forceFirstRun = false) =>
  createAiWatchlistCycle({ db, clock, logger, instance: "test-1", ai: settings(overrides), forceFirstRun });

const item = (ticker: string, confidence = 0.8) => ({ ticker, sector: "Tech", catalyst: "earnings", confidence, expected_volume: "high" });
const answer = (text: string) =>
  bedrockMock.on(ConverseCommand).resolves({
    output: { message: { role: "assistant", content: [{ text }] } }, stopReason: "end_turn",
    usage: { inputTokens: 10, outputTokens: 20, totalTokens: 30 }, metrics: { latencyMs: 5 },
  });

const tradable = async (): Promise<string[]> =>
  (await db.query<{ symbol: string }>("SELECT symbol FROM tradable_universe ORDER BY symbol")).rows.map((r) => r.symbol);
const runs = async () =>
  (await db.query<{ status: string; error_kind: string | null; model_id: string; prompt: string; version_id: string | null }>(
    "SELECT status, error_kind, model_id, prompt, version_id FROM ai_watchlist_runs ORDER BY run_id",
  )).rows;
const events = (name: string) => lines.filter((l) => l.event === name);

async function seedAiUniverse(symbols: readonly string[]): Promise<void> {
  answer(JSON.stringify(symbols.map((s) => item(s))));
  await aiCycle({}, true)(ctx());
  bedrockMock.reset();
}

describe("ai-watchlist with Bedrock", () => {
  it("a good answer becomes the AI universe; refused candidates are stored with their reason", async () => {
    await db.query(
      `INSERT INTO news_articles (dedupe_key, title, published_at, tickers) VALUES ('k1', 'Apple beats estimates', '2024-03-04T12:00:00Z', '{AAPL}')`,
    );
    answer(JSON.stringify([item("AAPL", 0.9), item("NVDA"), item("ZZZZ"), item("DELIST"), item("NOOPT"), item("HALT"), item("NEWCO")]));
    const counts = await aiCycle()(ctx());
    expect(counts).toMatchObject({
      due: 1, ai_failed: 0, candidates: 7, accepted: 2, refused: 5, activated: 2,
      refused_unknown_symbol: 1, refused_not_tradable: 1, refused_no_listed_options: 1, refused_options_not_tradable: 1,
      refused_no_recent_bars: 1,
    });
    expect(await tradable()).toEqual(["AAPL", "NVDA"]);
    const refused = (await db.query<{ symbol: string; reason: string }>(
      "SELECT symbol, reason FROM ai_watchlist_candidates WHERE NOT accepted ORDER BY symbol",
    )).rows;
    expect(refused).toEqual([
      { symbol: "DELIST", reason: "not_tradable" },
      { symbol: "HALT", reason: "options_not_tradable" },
      { symbol: "NEWCO", reason: "no_recent_bars" },
      { symbol: "NOOPT", reason: "no_listed_options" },
      { symbol: "ZZZZ", reason: "unknown_symbol" },
    ]);
    // A symbol the broker does not list is refused before any options lookup is spent on it.
    const optionLookups = broker.calls.filter((c) => c.method === "getOptionContracts").map((c) => (c.args[0] as { underlyings: string[] }).underlyings);
    expect(optionLookups).toEqual([["AAPL"], ["NVDA"], ["NOOPT"], ["HALT"], ["NEWCO"]]);
    const [run] = await runs();
    expect(run).toMatchObject({ status: "succeeded", model_id: MODEL_ID });
    expect(run?.version_id).not.toBeNull();
    // The stored prompt carries our context, never a credential.
    expect(run?.prompt).toContain("Apple beats estimates");
    expect(run?.prompt).not.toContain("test-secret-value");
    expect(run?.prompt).not.toContain("AKIATESTONLY");
    const sent = bedrockMock.commandCalls(ConverseCommand)[0]?.args[0].input;
    expect(sent).toMatchObject({ modelId: MODEL_ID, inferenceConfig: { temperature: 0.5, maxTokens: 4000 } });
  });

  it("a failed asset lookup refuses only that candidate, is counted, and never accepts it blindly", async () => {
    answer(JSON.stringify([item("AAPL"), item("MSFT"), item("TSLA")]));
    broker.failNext("getAsset", new BrokerTransientError("getAsset (large-100k): HTTP 503: unavailable", 503));
    broker.failNext("getAsset", new BrokerContractError("asset MSFT.status is not active/inactive: \"halted\""));
    const counts = await aiCycle()(ctx());
    expect(counts).toMatchObject({ ai_failed: 0, accepted: 1, refused: 2, refused_asset_check_failed: 2 });
    expect(await tradable()).toEqual(["TSLA"]);
    const reasons = (await db.query<{ symbol: string; reason: string | null }>(
      "SELECT symbol, reason FROM ai_watchlist_candidates ORDER BY symbol",
    )).rows;
    expect(reasons).toEqual([
      { symbol: "AAPL", reason: "asset_check_failed" },
      { symbol: "MSFT", reason: "asset_check_failed" },
      { symbol: "TSLA", reason: null },
    ]);
    expect(events("ai_watchlist.asset_check_failed").map((l) => [l.level, l.symbol])).toEqual([["warn", "AAPL"], ["warn", "MSFT"]]);
  });

  it("when no asset can be looked up, the run accepts nothing and the universe stays as it is", async () => {
    await seedAiUniverse(["AAPL", "MSFT"]);
    clock.advance(7 * 86_400_000);
    answer(JSON.stringify([item("NVDA"), item("TSLA")]));
    broker.failNext("getAsset").failNext("getAsset");
    const counts = await aiCycle()(ctx());
    expect(counts).toMatchObject({ ai_failed: 1, accepted: 0, refused: 2, refused_asset_check_failed: 2, activated: 0, deactivated: 0 });
    expect(await tradable()).toEqual(["AAPL", "MSFT"]);
    expect((await runs()).at(-1)).toMatchObject({ status: "no_accepted", version_id: null });
  });

  it("reads JSON inside a Markdown code fence", async () => {
    answer("Here you go:\n```json\n" + JSON.stringify({ recommendations: [item("AAPL"), item("MSFT")] }) + "\n```\n");
    const counts = await aiCycle()(ctx());
    expect(counts).toMatchObject({ fenced: 1, accepted: 2, ai_failed: 0 });
    expect(await tradable()).toEqual(["AAPL", "MSFT"]);
  });

  it("a malformed answer leaves the current universe in place and is reported", async () => {
    await seedAiUniverse(["AAPL", "MSFT"]);
    clock.advance(7 * 86_400_000);
    answer('[{"ticker": "NVDA", "sector": "Tech", ');
    const counts = await aiCycle()(ctx());
    expect(counts).toMatchObject({ due: 1, ai_failed: 1, invalid_answer: 1, activated: 0, deactivated: 0 });
    expect(await tradable()).toEqual(["AAPL", "MSFT"]);
    expect((await runs()).at(-1)).toMatchObject({ status: "invalid_answer", version_id: null });
    expect(events("ai_watchlist.invalid_answer")[0]).toMatchObject({ level: "error" });
  });

  it("keeps the valid items of a partially valid answer and counts each rejected one", async () => {
    answer(JSON.stringify([
      item("AAPL"),
      { ...item("MSFT"), price_target: 500 },
      item("NVDA", 1.7),
      item("AAPL", 0.6),
      "TSLA",
      { ...item("AMD"), expected_volume: "huge" },
      item("TSLA"),
    ]));
    const counts = await aiCycle()(ctx());
    expect(counts).toMatchObject({
      items: 7, items_rejected: 5, unknown_fields: 1, confidence_out_of_range: 1, duplicate_ticker: 1,
      not_an_object: 1, bad_expected_volume: 1, accepted: 2,
    });
    expect(await tradable()).toEqual(["AAPL", "TSLA"]);
    expect(events("ai_watchlist.answer_items_rejected")[0]).toMatchObject({ level: "warn" });
  });

  it("throttling leaves the universe, is reported, and is retried next cycle within the week", async () => {
    await seedAiUniverse(["AAPL"]);
    clock.advance(7 * 86_400_000);
    bedrockMock.on(ConverseCommand).rejects(new ThrottlingException({ message: "Too many requests", $metadata: {} }));
    const cycle = aiCycle({ maxAttemptsPerWeek: 2 });
    expect(await cycle(ctx())).toMatchObject({ due: 1, ai_failed: 1, bedrock_throttled: 1 });
    expect(await tradable()).toEqual(["AAPL"]);
    expect((await runs()).at(-1)).toMatchObject({ status: "model_error", error_kind: "throttled" });
    expect(events("ai_watchlist.bedrock_failed")[0]).toMatchObject({ level: "error", failure: "throttled" });

    clock.advance(3_600_000);
    expect(await cycle(ctx())).toMatchObject({ bedrock_throttled: 1 });
    clock.advance(3_600_000);
    // Two failed attempts: the week is given up, the old universe stays.
    expect(await cycle(ctx())).toEqual({ due: 0, attempts: 2 });
    expect(bedrockMock.commandCalls(ConverseCommand)).toHaveLength(2);
  });

  it("a call that never answers times out and leaves the universe", async () => {
    await seedAiUniverse(["MSFT"]);
    clock.advance(7 * 86_400_000);
    bedrockMock.on(ConverseCommand).callsFake(() => new Promise(() => undefined));
    const counts = await aiCycle({ timeoutMs: 50 })(ctx());
    expect(counts).toMatchObject({ ai_failed: 1, bedrock_timeout: 1 });
    expect(await tradable()).toEqual(["MSFT"]);
    expect((await runs()).at(-1)).toMatchObject({ status: "model_error", error_kind: "timeout" });
  });

  it("a pinned symbol survives an AI run that omits it; a blocked symbol never enters", async () => {
    await db.query(
      `INSERT INTO universe (symbol, source, status, updated_by) VALUES
         ('TSLA', 'ops_pin', 'active', 'ops'), ('GME', 'config', 'blocked', 'ops')`,
    );
    await seedAiUniverse(["AAPL", "MSFT"]);
    clock.advance(7 * 86_400_000);
    broker.addBars([{ symbol: "NVDA", ts: new Date("2024-03-08T05:00:00Z"), open: 1, high: 1, low: 1, close: 1, volume: 1000 }]);
    answer(JSON.stringify([item("NVDA"), item("GME", 0.95)]));
    const counts = await aiCycle()(ctx());
    expect(counts).toMatchObject({ accepted: 1, refused: 1, activated: 1, deactivated: 2 });
    expect(await tradable()).toEqual(["NVDA", "TSLA"]);
    const gme = await db.query<{ source: string; status: string }>("SELECT source, status FROM universe WHERE symbol = 'GME'");
    expect(gme.rows).toEqual([{ source: "config", status: "blocked" }]);
    const reason = await db.query<{ reason: string }>("SELECT reason FROM ai_watchlist_candidates WHERE symbol = 'GME'");
    expect(reason.rows[0]?.reason).toBe("blocked_by_ops");
  });

  it("runs once per weekly slot: a restart neither repeats nor skips the week", async () => {
    answer(JSON.stringify([item("AAPL")]));
    expect(await aiCycle()(ctx())).toMatchObject({ due: 1 });
    clock.advance(86_400_000);
    // A new process (fresh cycle) the next day: the slot is served.
    expect(await aiCycle()(ctx())).toMatchObject({ due: 0 });
    // Down over the next Monday 08:00 ET and back on Tuesday: the missed week still runs.
    clock.advance(7 * 86_400_000);
    expect(await aiCycle()(ctx())).toMatchObject({ due: 1 });
    expect(bedrockMock.commandCalls(ConverseCommand)).toHaveLength(2);
  });

  it("MODE=ONCE forces a run even when the week is served", async () => {
    answer(JSON.stringify([item("AAPL")]));
    await aiCycle()(ctx());
    expect(await aiCycle({}, true)(ctx())).toMatchObject({ due: 1 });
    expect(bedrockMock.commandCalls(ConverseCommand)).toHaveLength(2);
  });
});

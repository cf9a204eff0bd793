// End to end on real fixture bars: the default simulator (D2's replay data, synthetic options and
// data routes behind D1's server), driven only through the Alpaca SDK. Fills must agree with the
// market data the same simulator serves.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { etDateTime } from "@ops/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDefaultSimulator, DEFAULT_SIM_ACCOUNTS, type DefaultSimulator } from "../src/index.js";
import { sdkClient, type Alpaca } from "./server-sdk-client.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const sharedDataDir = path.resolve(repoRoot, "..", "shared", "data");
const haveFixtures = existsSync(path.join(sharedDataDir, "bars", "intraday_1min", "lean", "spy"));
if (!haveFixtures) console.warn(`skipping default-simulator tests: no Lean fixtures under ${sharedDataDir}`);

const DAY = "2013-10-08";
const t = (hhmm: string): Date => etDateTime(DAY, hhmm);

describe.skipIf(!haveFixtures)("default simulator on the SPY 2013-10-08 fixture", () => {
  let sim: DefaultSimulator;
  let client: Alpaca;

  beforeAll(async () => {
    sim = await createDefaultSimulator({ sharedDataDir, days: [DAY], symbols: ["SPY"], port: 0 });
    const large = DEFAULT_SIM_ACCOUNTS[0]!;
    client = sdkClient(sim.url, { keyId: large.keyId, secret: large.secretKey });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it("fills a market buy at the open of the next bar the data API serves, plus 5 bps", async () => {
    sim.clock.advanceTo(new Date(t("10:00").getTime() + 30_000));
    const order = await client.trading.orders.market({ symbol: "SPY", qty: 10, side: "buy", clientOrderId: "e2e-spy-1" });
    sim.clock.advanceTo(t("10:02"));
    const filled = await client.trading.orders.getOrderByClientOrderId({ clientOrderId: "e2e-spy-1" });
    const bars = await client.marketData.stocks.stockBarSingle({ symbol: "SPY", timeframe: "1Min", start: t("10:01"), end: t("10:01") });
    const bar = bars.bars.find((b) => b.t.getTime() === t("10:01").getTime());
    expect(bar).toBeDefined();
    expect(filled.id).toBe(order.id);
    expect(filled.status).toBe("filled");
    expect(Number(filled.filledAvgPrice)).toBe(Math.round(bar!.o * 1.0005 * 100) / 100);
  });

  it("fills a market option buy at the ask the data API quotes for that minute", async () => {
    sim.clock.advanceTo(new Date(t("10:02").getTime() + 30_000));
    const { optionContracts } = await client.trading.assets.getOptionsContracts({ underlyingSymbols: "SPY", type: "call" });
    const spot = (await client.marketData.stocks.stockLatestBarSingle({ symbol: "SPY" })).bar.c;
    const contract = [...optionContracts].sort((a, b) => Math.abs(Number(a.strikePrice) - spot) - Math.abs(Number(b.strikePrice) - spot))[0];
    expect(contract).toBeDefined();
    const symbol = contract!.symbol;
    const order = await client.trading.orders.market({ symbol, qty: 1, side: "buy", positionIntent: "buy_to_open" });
    sim.clock.advanceTo(t("10:03"));
    const filled = await client.trading.orders.getOrderByOrderID({ orderId: order.id as string });
    const quotes = await client.marketData.options.optionLatestQuotes({ symbols: symbol });
    const ask = quotes.quotes[symbol]?.ap;
    expect(filled.status).toBe("filled");
    expect(ask).toBeGreaterThan(0);
    expect(Number(filled.filledAvgPrice)).toBeCloseTo(ask as number, 4);
    const position = await client.trading.positions.getOpenPosition({ symbolOrAssetId: symbol });
    expect(position.assetClass).toBe("us_option");
  });

  it("buying an unlisted (but well-formed) contract is refused with 422", async () => {
    const err = await client.trading.orders.market({ symbol: "SPY131008C09999000", qty: 1, side: "buy" }).catch((e: unknown) => e);
    expect((err as { status?: number }).status).toBe(422);
  });
});

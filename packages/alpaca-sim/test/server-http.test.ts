import { describe, expect, it } from "vitest";
import { at, atSeconds, LARGE, rejection, startTestSim, TINY } from "./broker-fixtures.js";
import { errors, sdkClient } from "./server-sdk-client.js";

describe("authentication", () => {
  it("answers 401 with Alpaca's {code, message} envelope without keys or with a wrong secret", async () => {
    const { sim } = await startTestSim(atSeconds("09:31", 30));
    const anonymous = await fetch(`${sim.url}/v2/account`);
    expect(anonymous.status).toBe(401);
    const body = (await anonymous.json()) as { code: number; message: string };
    expect(typeof body.code).toBe("number");
    expect(body.message).toMatch(/not authorized/);

    const wrongSecret = sdkClient(sim.url, { keyId: LARGE.keyId, secret: TINY.secretKey });
    const err = await rejection(wrongSecret.trading.account.getAccount());
    expect(err).toBeInstanceOf(errors.AuthError);
    expect((err as InstanceType<typeof errors.ApiError>).status).toBe(401);
  });

  it("protects the /sim control routes with the same keys", async () => {
    const { sim } = await startTestSim(atSeconds("09:31", 30));
    expect((await fetch(`${sim.url}/sim/state`)).status).toBe(401);
    const res = await fetch(`${sim.url}/sim/state`, {
      headers: { "APCA-API-KEY-ID": TINY.keyId, "APCA-API-SECRET-KEY": TINY.secretKey },
    });
    expect(res.status).toBe(200);
    const state = (await res.json()) as { accounts: { id: string }[] };
    expect(state.accounts.map((a) => a.id)).toEqual(["large-100k", "tiny-1k"]);
  });

  it("each key pair sees only its own account", async () => {
    const { large, tiny } = await startTestSim(atSeconds("09:31", 30));
    const [a, b] = await Promise.all([large.trading.account.getAccount(), tiny.trading.account.getAccount()]);
    expect(a.cash).toBe("100000");
    expect(b.cash).toBe("1000");
    expect(a.id).not.toBe(b.id);
    expect(a.status).toBe("ACTIVE");
    expect(a.accountNumber).toMatch(/^PA\d{10}$/);
  });
});

describe("rate limiting", () => {
  it("answers 429 past the per-account limit, with X-RateLimit headers on every response", async () => {
    let wallMs = Date.UTC(2030, 0, 1);
    const { sim, large, tiny } = await startTestSim(atSeconds("09:31", 30), { rateLimitPerMinute: 3, wallNowMs: () => wallMs });
    const first = await large.trading.account.getAccountRaw();
    expect(first.raw.headers.get("X-RateLimit-Limit")).toBe("3");
    expect(first.raw.headers.get("X-RateLimit-Remaining")).toBe("2");
    const reset = Number(first.raw.headers.get("X-RateLimit-Reset"));
    expect(reset).toBe(Math.ceil((wallMs + 60_000) / 1000));

    await large.trading.account.getAccount();
    await large.trading.account.getAccount();
    const limited = await rejection(large.trading.account.getAccount());
    expect(limited).toBeInstanceOf(errors.RateLimitError);
    const info = (limited as InstanceType<typeof errors.ApiError>).rateLimit;
    expect(info?.limit).toBe(3);
    expect(info?.remaining).toBe(0);

    // Another account has its own budget; control routes are never limited.
    await expect(tiny.trading.account.getAccount()).resolves.toBeDefined();
    const state = await fetch(`${sim.url}/sim/state`, { headers: { "APCA-API-KEY-ID": LARGE.keyId, "APCA-API-SECRET-KEY": LARGE.secretKey } });
    expect(state.status).toBe(200);

    wallMs += 60_000; // the limiter runs on the wall clock, not market time
    await expect(large.trading.account.getAccount()).resolves.toBeDefined();
  });
});

describe("clock, calendar and assets", () => {
  it("/v2/clock reports market time from the simulator clock", async () => {
    const { large, clock } = await startTestSim(at("09:00"));
    const before = await large.trading.clock.legacyClock();
    expect(before.timestamp.toISOString()).toBe(at("09:00").toISOString());
    expect(before.isOpen).toBe(false);
    expect(before.nextOpen.toISOString()).toBe(at("09:30").toISOString());
    expect(before.nextClose.toISOString()).toBe(at("16:00").toISOString());
    clock.advanceTo(at("10:00"));
    const during = await large.trading.clock.legacyClock();
    expect(during.isOpen).toBe(true);
    expect(during.nextOpen.toISOString().slice(0, 10)).toBe("2013-10-09");
  });

  it("/v2/calendar lists NYSE trading days (Columbus Day is open, weekends are not)", async () => {
    const { large } = await startTestSim(at("09:00"));
    const days = await large.trading.calendar.legacyCalendar({
      start: new Date("2013-10-11T00:00:00Z"),
      end: new Date("2013-10-15T00:00:00Z"),
    });
    expect(days.map((d) => d.date.toISOString().slice(0, 10))).toEqual(["2013-10-11", "2013-10-14", "2013-10-15"]);
    expect(days[0]?.open).toBe("09:30");
    expect(days[0]?.close).toBe("16:00");
  });

  it("/v2/assets lists the replayed symbols as non-fractionable us_equity", async () => {
    const { large } = await startTestSim(at("09:00"));
    const asset = await large.trading.assets.getV2AssetsSymbolOrAssetId({ symbolOrAssetId: "AAA" });
    expect(asset._class).toBe("us_equity");
    expect(asset.tradable).toBe(true);
    expect(asset.fractionable).toBe(false);
    const unknown = await rejection(large.trading.assets.getV2AssetsSymbolOrAssetId({ symbolOrAssetId: "ZZZZ" }));
    expect(unknown).toBeInstanceOf(errors.NotFoundError);
    const unknownOrder = await rejection(large.trading.orders.market({ symbol: "ZZZZ", qty: 1, side: "buy" }));
    expect((unknownOrder as InstanceType<typeof errors.ApiError>).status).toBe(422);
  });

  it("/v2/assets/{symbol_or_asset_id} answers by symbol or id, marks has_options from the option market, and needs keys", async () => {
    const { sim, large, tiny } = await startTestSim(at("09:00"));
    const bySymbol = await large.trading.assets.getV2AssetsSymbolOrAssetId({ symbolOrAssetId: "aaa" });
    expect(bySymbol).toMatchObject({ symbol: "AAA", status: "active", attributes: ["has_options"] });
    const byId = await tiny.trading.assets.getV2AssetsSymbolOrAssetId({ symbolOrAssetId: bySymbol.id });
    expect(byId.symbol).toBe("AAA");
    expect((await fetch(`${sim.url}/v2/assets/AAA`)).status).toBe(401);

    const { large: noOptions } = await startTestSim(at("09:00"), { optionMarket: undefined });
    expect((await noOptions.trading.assets.getV2AssetsSymbolOrAssetId({ symbolOrAssetId: "AAA" })).attributes).toEqual([]);
  });
});

describe("control routes", () => {
  it("POST /sim/clock advances market time and fills what became fillable", async () => {
    const { sim, large } = await startTestSim(atSeconds("09:31", 30));
    const order = await large.trading.orders.market({ symbol: "AAA", qty: 1, side: "buy" });
    const headers = { "APCA-API-KEY-ID": LARGE.keyId, "APCA-API-SECRET-KEY": LARGE.secretKey, "Content-Type": "application/json" };
    const res = await fetch(`${sim.url}/sim/clock`, { method: "POST", headers, body: JSON.stringify({ advanceByMs: 30_000 }) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { now: string }).now).toBe(at("09:32").toISOString());
    expect((await large.trading.orders.getOrderByOrderID({ orderId: order.id as string })).status).toBe("filled");

    const back = await fetch(`${sim.url}/sim/clock`, { method: "POST", headers, body: JSON.stringify({ advanceTo: at("09:00").toISOString() }) });
    expect(back.status).toBe(422);
  });
});

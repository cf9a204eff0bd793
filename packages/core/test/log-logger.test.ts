import { describe, expect, it } from "vitest";
import { logStartup } from "../src/log/log-startup.js";
import { redactString } from "../src/log/redact.js";
import { captureLogger } from "./helpers.js";

const FAKE_SECRET = "sk-FAKE-9f8e7d6c5b4a";
const FAKE_PASSWORD = "pw-FAKE-0a1b2c3d";

describe("createLogger", () => {
  it("writes one JSON line with the base fields, message and an ISO timestamp", () => {
    const log = captureLogger({ service: "dispatcher", account: "tiny-1k" });
    log.logger.info({ event: "cycle.done" }, "cycle done");
    const [line] = log.lines();
    expect(line).toMatchObject({
      level: "info",
      service: "dispatcher",
      account: "tiny-1k",
      instance: "test-instance",
      build_id: "build-123",
      event: "cycle.done",
      message: "cycle done",
    });
    expect(new Date(String(line?.timestamp)).toISOString()).toBe(line?.timestamp);
    expect(line).not.toHaveProperty("msg");
    expect(line).not.toHaveProperty("time");
  });

  it("masks values under secret-looking keys, nested too", () => {
    const log = captureLogger();
    log.logger.info(
      {
        event: "http.request",
        headers: { authorization: `Bearer ${FAKE_SECRET}`, "APCA-API-SECRET-KEY": FAKE_SECRET, "APCA-API-KEY-ID": "PKID123456" },
        config: { db: { password: FAKE_PASSWORD }, apiToken: FAKE_SECRET, nested: [{ client_secret: FAKE_SECRET }] },
        ticker: "AAPL",
      },
      "request sent",
    );
    const text = log.text();
    expect(text).not.toContain(FAKE_SECRET);
    expect(text).not.toContain(FAKE_PASSWORD);
    expect(text).not.toContain("PKID123456");
    const [line] = log.lines();
    expect(line?.ticker).toBe("AAPL");
    expect((line?.headers as Record<string, unknown>).authorization).toBe("[REDACTED]");
  });

  it("masks the password inside database URLs but keeps the rest of the URL", () => {
    const log = captureLogger();
    const url = `postgres://ops:${FAKE_PASSWORD}@db.internal:5432/ops`;
    log.logger.info({ event: "db.opened", DATABASE_URL: url }, `connected to ${url}`);
    const text = log.text();
    expect(text).not.toContain(FAKE_PASSWORD);
    const [line] = log.lines();
    expect(line?.DATABASE_URL).toBe("postgres://ops:***@db.internal:5432/ops");
    expect(line?.message).toBe("connected to postgres://ops:***@db.internal:5432/ops");
  });

  it("serialises errors as { name, message, cause } and masks secrets in their messages", () => {
    const log = captureLogger();
    const cause = new Error(`connect ECONNREFUSED postgres://u:${FAKE_PASSWORD}@h/db`);
    const error = new TypeError("request failed", { cause });
    log.logger.error({ event: "cycle.failed", error }, "cycle failed");
    const [line] = log.lines();
    const serialised = line?.error as Record<string, unknown>;
    expect(serialised.name).toBe("TypeError");
    expect(serialised.message).toBe("request failed");
    expect((serialised.cause as Record<string, unknown>).message).toContain("postgres://u:***@h/db");
    expect(log.text()).not.toContain(FAKE_PASSWORD);
  });

  it("redacts child logger bindings and keeps cycle_id on every child line", () => {
    const log = captureLogger();
    const child = log.logger.child({ cycle_id: "c-1", token: FAKE_SECRET });
    child.info({ event: "step" }, "step");
    const [line] = log.lines();
    expect(line?.cycle_id).toBe("c-1");
    expect(log.text()).not.toContain(FAKE_SECRET);
  });

  it("respects the level", () => {
    const log = captureLogger({ level: "warn" });
    log.logger.info("hidden");
    log.logger.warn("shown");
    expect(log.lines().map((line) => line.message)).toEqual(["shown"]);
  });

  it("survives circular objects", () => {
    const log = captureLogger();
    const loop: Record<string, unknown> = { name: "a" };
    loop.self = loop;
    log.logger.info({ event: "odd", loop }, "odd");
    expect(log.lines()).toHaveLength(1);
  });
});

describe("redactString", () => {
  it.each([
    ["postgresql://user:pa55word@host/db", "postgresql://user:***@host/db"], // secret-scan: allow (a fake password the redactor must mask)
    ["host=db password=pa55word user=ops", "host=db password=*** user=ops"],
    ["Authorization: Bearer abcdef123456", "Authorization: Bearer ***"],
    ["plain text without secrets", "plain text without secrets"],
    // Credentials in URL query parameters, whatever the parameter's exact name.
    ["https://f.example/rss?access_token=Zq81sEcReT77&lang=en", "https://f.example/rss?access_token=***&lang=en"],
    ["https://f.example/news.xml?key=Zq81sEcReT77", "https://f.example/news.xml?key=***"],
    ["https://f.example/v1?sig=Zq81sEcReT77&auth=Zq81sEcReT77", "https://f.example/v1?sig=***&auth=***"],
    ["https://cdn.example/f.xml?X-Amz-Signature=Zq81sEcReT77", "https://cdn.example/f.xml?X-Amz-Signature=***"],
    ["https://f.example/rss?page=2&sort=new", "https://f.example/rss?page=2&sort=new"],
  ])("masks %j", (input, expected) => {
    expect(redactString(input)).toBe(expected);
  });
});

describe("logStartup", () => {
  it("logs service.starting with the build id and the config, secrets masked", () => {
    const log = captureLogger({ service: "news" });
    logStartup(log.logger, {
      OPS_SERVICE: "news",
      BUILD_ID: "build-123",
      DATABASE_URL: `postgres://ops:${FAKE_PASSWORD}@db/ops`,
      ALPACA_SECRET: FAKE_SECRET,
      OPS_LOOP_INTERVAL_S: 60,
    });
    const [line] = log.events("service.starting");
    expect(line?.build_id).toBe("build-123");
    expect(line?.config).toMatchObject({ OPS_SERVICE: "news", OPS_LOOP_INTERVAL_S: 60, ALPACA_SECRET: "[REDACTED]" });
    expect(log.text()).not.toContain(FAKE_PASSWORD);
    expect(log.text()).not.toContain(FAKE_SECRET);
  });
});

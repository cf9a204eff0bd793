import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { MarketCalendar } from "@ops/core";
import { assertValidAccounts, DEFAULT_OPTIONS_LEVEL, DEFAULT_SIM_ACCOUNTS, type SimAccountConfig } from "./accounts.js";
import { tradingHoursFrom } from "./broker/market-hours.js";
import { SimBroker } from "./broker/sim-broker.js";
import { FaultInjector, type Faults } from "./faults.js";
import {
  errorResponse, HTTP_METHODS, Router,
  type HttpMethod, type RequestContext, type Route, type RouteResponse,
} from "./http/router.js";
import type { MarketData, OptionMarket } from "./market-data/types.js";
import { RateLimiter, type RateDecision } from "./rate-limiter.js";
import type { SimClock } from "./sim-clock.js";
import { accountRoutes } from "./trading-api/account-routes.js";
import { controlRoutes } from "./trading-api/control-routes.js";
import { optionContractRoutes } from "./trading-api/option-contract-routes.js";
import { orderRoutes } from "./trading-api/order-routes.js";
import { positionRoutes } from "./trading-api/position-routes.js";
import type { SimServices } from "./trading-api/sim-services.js";

export interface SimulatorOptions {
  /** Default 127.0.0.1: the simulator is a local test double, never exposed. */
  readonly host?: string;
  /** 0 (default) = any free port. */
  readonly port?: number;
  /** Default: DEFAULT_SIM_ACCOUNTS (large-100k $100,000 and tiny-1k $1,000). */
  readonly accounts?: readonly SimAccountConfig[];
  readonly marketData: MarketData;
  readonly optionMarket?: OptionMarket;
  readonly clock: SimClock;
  readonly calendar: MarketCalendar;
  /** Slippage on market stock fills, in basis points (default 5). */
  readonly slippageBps?: number;
  /** Per account and rate-limit group, per wall-clock minute (default 200, as Alpaca). */
  readonly rateLimitPerMinute?: number;
  readonly faults?: Partial<Faults>;
  /** Extra routes (market data, news, RSS) mounted after the trading API. */
  readonly extraRoutes?: readonly Route[];
  /** Underlyings whose options trade in $0.01 increments (default SPY, QQQ, IWM). */
  readonly pennyPilot?: readonly string[];
  /** Wall clock for the rate limiter (tests). */
  readonly wallNowMs?: () => number;
}

export interface RunningSimulator {
  /** e.g. "http://127.0.0.1:54321" */
  readonly url: string;
  readonly port: number;
  readonly clock: SimClock;
  readonly accounts: readonly SimAccountConfig[];
  /** Direct state inspection for tests (orders, positions, fills, snapshots). */
  readonly broker: SimBroker;
  readonly faults: Faults;
  /** Partial update of the fault knobs; throws RangeError on invalid values. */
  setFaults(faults: Partial<Faults>): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1_000_000;

export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const accounts = options.accounts ?? DEFAULT_SIM_ACCOUNTS;
  assertValidAccounts(accounts);
  const slippageBps = options.slippageBps ?? 5;
  if (!Number.isFinite(slippageBps) || slippageBps < 0) throw new RangeError("slippageBps must be >= 0");
  const faults = new FaultInjector(options.faults);
  const clock = options.clock;
  const broker = new SimBroker({
    accounts: accounts.map((a) => ({ id: a.id, cash: a.cash, optionsLevel: a.optionsLevel ?? DEFAULT_OPTIONS_LEVEL })),
    model: {
      marketData: options.marketData,
      optionMarket: options.optionMarket,
      hours: tradingHoursFrom(options.calendar),
      slippageBps,
    },
    faults,
    ...(options.pennyPilot ? { pennyPilot: options.pennyPilot } : {}),
  });
  const services: SimServices = {
    broker,
    clock,
    calendar: options.calendar,
    marketData: options.marketData,
    optionMarket: options.optionMarket,
    faults,
    accounts: new Map(accounts.map((a) => [a.id, a])),
    startedAt: clock.now(),
  };
  const router = new Router()
    .addAll(controlRoutes(services))
    .addAll(accountRoutes(services))
    .addAll(orderRoutes(services))
    .addAll(positionRoutes(services))
    .addAll(optionContractRoutes(services))
    .addAll(options.extraRoutes ?? []);
  const limiter = new RateLimiter(options.rateLimitPerMinute ?? 200, options.wallNowMs);
  const accountByKey = new Map(accounts.map((a) => [a.keyId, a]));

  broker.sync(clock.now());
  const unsubscribe = clock.onAdvance((now) => broker.sync(now));

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // Never leak internals (or request headers, which carry secrets) beyond the message.
      if (!res.headersSent) send(res, errorResponse(500, `internal error: ${(err as Error).message}`), {});
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://sim.local");
    const method = (req.method ?? "GET").toUpperCase();
    const rawBody = await readBody(req);
    if (rawBody === undefined) return send(res, errorResponse(413, "request body too large"), {});
    if (!(HTTP_METHODS as readonly string[]).includes(method)) return send(res, errorResponse(405, "method not allowed"), {});
    const match = router.match(method, url.pathname);
    const isPublic = match?.route.auth === "none";

    let account: SimAccountConfig | undefined;
    if (!isPublic) {
      account = authenticate(req);
      if (!account) return send(res, errorResponse(401, "request is not authorized"), {});
    }
    const isControl = url.pathname.startsWith("/sim/");
    let rateHeaders: Record<string, string> = {};
    if (account && !isControl) {
      const group = match?.route.rateLimitGroup ?? defaultRateLimitGroup(url.pathname);
      const decision = limiter.take(`${account.id}\u0000${group}`);
      rateHeaders = rateLimitHeaders(decision);
      if (!decision.allowed) return send(res, errorResponse(429, "rate limit exceeded"), rateHeaders);
    }
    if (!isControl) {
      const { latencyMs } = faults.faults;
      if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
      if (faults.shouldError()) return send(res, errorResponse(500, "internal server error (simulated fault)"), rateHeaders);
    }
    if (!match) {
      const status = router.hasPath(url.pathname) ? 405 : 404;
      return send(res, errorResponse(status, status === 405 ? "method not allowed" : "endpoint not found"), rateHeaders);
    }

    let body: unknown;
    if (rawBody.length > 0) {
      try {
        body = JSON.parse(rawBody.toString("utf8"));
      } catch {
        return send(res, errorResponse(400, "request body is not valid JSON"), rateHeaders);
      }
    }
    const now = clock.now();
    broker.sync(now);
    const ctx: RequestContext = {
      method: method as HttpMethod,
      path: url.pathname,
      params: match.params,
      query: url.searchParams,
      headers: req.headers,
      body,
      accountId: account?.id,
      now,
    };
    const response = await match.route.handler(ctx);
    if (response.dropConnection) {
      req.socket.destroy();
      return;
    }
    send(res, response, rateHeaders);
  }

  function authenticate(req: IncomingMessage): SimAccountConfig | undefined {
    const keyId = header(req, "apca-api-key-id");
    const secret = header(req, "apca-api-secret-key");
    if (keyId === undefined || secret === undefined) return undefined;
    const account = accountByKey.get(keyId);
    return account && account.secretKey === secret ? account : undefined;
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    clock,
    accounts,
    broker,
    get faults() {
      return faults.faults;
    },
    setFaults(update) {
      const error = faults.update(update);
      if (error) throw new RangeError(error);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        unsubscribe();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Alpaca limits its market-data API separately from trading; data paths default to their own budget. */
function defaultRateLimitGroup(pathname: string): string {
  return pathname.startsWith("/v2/stocks") || pathname.startsWith("/v1beta1/") ? "data" : "trading";
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function rateLimitHeaders(d: RateDecision): Record<string, string> {
  return {
    "X-RateLimit-Limit": String(d.limit),
    "X-RateLimit-Remaining": String(d.remaining),
    "X-RateLimit-Reset": String(d.resetEpochS),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, response: RouteResponse, extraHeaders: Record<string, string>): void {
  const headers: Record<string, string> = { ...extraHeaders, ...response.headers };
  let payload: string | Uint8Array | undefined;
  if (response.raw !== undefined) {
    payload = response.raw;
  } else if (response.body !== undefined && response.status !== 204) {
    payload = JSON.stringify(response.body);
    headers["Content-Type"] ??= "application/json; charset=utf-8";
  }
  if (payload !== undefined) headers["Content-Length"] = String(Buffer.byteLength(payload));
  res.writeHead(response.status, headers);
  res.end(payload);
}

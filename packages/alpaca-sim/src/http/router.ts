import type { IncomingHttpHeaders } from "node:http";

export const HTTP_METHODS = ["GET", "POST", "PATCH", "PUT", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/**
 * "account": the request must carry a valid APCA-API-KEY-ID / APCA-API-SECRET-KEY pair and counts
 * against that account's rate limit (every Alpaca route). "none": public (e.g. RSS feeds, which the
 * real internet serves without Alpaca keys).
 */
export const ROUTE_AUTH_MODES = ["account", "none"] as const;
export type RouteAuthMode = (typeof ROUTE_AUTH_MODES)[number];

export interface RequestContext {
  readonly method: HttpMethod;
  /** URL pathname, e.g. "/v2/orders/abc". */
  readonly path: string;
  /** Values of `:name` segments of the matched pattern (already URI-decoded). */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** Parsed JSON body; undefined when the request had none. */
  readonly body: unknown;
  /** Account id of the authenticated caller; undefined on `auth: "none"` routes. */
  readonly accountId: string | undefined;
  /** The simulator clock's now when the request arrived (market time, not wall time). */
  readonly now: Date;
}

/**
 * `body` is sent as JSON. For non-JSON payloads (RSS/XML) set `raw` instead, with a content-type
 * in `headers`.
 */
export interface RouteResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly raw?: string | Uint8Array;
  /**
   * Fault injection only: destroy the socket instead of answering, after the handler's side
   * effects happened (the client sees a network error).
   */
  readonly dropConnection?: boolean;
}

export type RouteHandler = (ctx: RequestContext) => RouteResponse | Promise<RouteResponse>;

export interface Route {
  readonly method: HttpMethod;
  /** Segments starting with ":" capture one path segment, e.g. "/v2/stocks/:symbol/bars". */
  readonly path: string;
  readonly handler: RouteHandler;
  /** Defaults to "account". */
  readonly auth?: RouteAuthMode;
  /**
   * Routes in different groups count against separate per-account limits (Alpaca limits the
   * trading and market-data APIs separately). Defaults to "trading".
   */
  readonly rateLimitGroup?: string;
}

export interface RouteMatch {
  readonly route: Route;
  readonly params: Record<string, string>;
}

/** Alpaca's error envelope `{ code, message }`; its codes look like 42210000 for a 422. */
export function errorResponse(status: number, message: string, code?: number): RouteResponse {
  return { status, body: { code: code ?? status * 100_000 + 10_000, message } };
}

export function jsonResponse(body: unknown, status = 200): RouteResponse {
  return { status, body };
}

/** Linear scan is fine: a few dozen routes, and the first registered match wins. */
export class Router {
  private readonly routes: Route[] = [];

  add(route: Route): this {
    this.routes.push(route);
    return this;
  }

  addAll(routes: readonly Route[]): this {
    for (const r of routes) this.add(r);
    return this;
  }

  match(method: string, path: string): RouteMatch | undefined {
    const segments = splitPath(path);
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const params = matchSegments(splitPath(route.path), segments);
      if (params) return { route, params };
    }
    return undefined;
  }

  /** True when some route has this path under another method (→ 405 rather than 404). */
  hasPath(path: string): boolean {
    const segments = splitPath(path);
    return this.routes.some((r) => matchSegments(splitPath(r.path), segments) !== undefined);
  }
}

function splitPath(path: string): string[] {
  return path.split("/").filter((s) => s.length > 0);
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const a = actual[i] as string;
    if (p.startsWith(":")) {
      try {
        params[p.slice(1)] = decodeURIComponent(a);
      } catch {
        return undefined;
      }
    } else if (p !== a) {
      return undefined;
    }
  }
  return params;
}

// A scripted fetch for client tests: routes by method + path, records every request, never touches the
// network. Handlers may return a Response, a JSON body (200), or throw to simulate a network failure.
export interface RecordedRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  readonly body: string | undefined;
  readonly signal: AbortSignal | undefined;
}

export type StubHandler = (request: RecordedRequest) => Response | unknown | Promise<Response | unknown>;

export interface StubRoute {
  readonly method: string;
  readonly path: string | RegExp;
  readonly handler: StubHandler;
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

export function createStubFetch(routes: StubRoute[]) {
  const requests: RecordedRequest[] = [];
  const fetchImpl = async (url: string, init: RequestInit): Promise<Response> => {
    const parsed = new URL(url);
    const method = (init.method ?? "GET").toUpperCase();
    const request: RecordedRequest = {
      method,
      url: parsed,
      headers: new Headers(init.headers as ConstructorParameters<typeof Headers>[0]),
      body: typeof init.body === "string" ? init.body : undefined,
      signal: init.signal ?? undefined,
    };
    requests.push(request);
    const route = routes.find(
      (r) => r.method === method && (typeof r.path === "string" ? r.path === parsed.pathname : r.path.test(parsed.pathname)),
    );
    if (!route) return json({ code: 40410000, message: `no stub for ${method} ${parsed.pathname}` }, 404);
    const result = await route.handler(request);
    return result instanceof Response ? result : json(result);
  };
  return { fetchImpl, requests };
}

/** A handler that never answers: the client's own deadline has to give up (simulates a lost response). */
export function hang(request: RecordedRequest): Promise<Response> {
  return new Promise((_, reject) => {
    request.signal?.addEventListener("abort", () => reject(request.signal?.reason ?? new Error("aborted")), { once: true });
  });
}

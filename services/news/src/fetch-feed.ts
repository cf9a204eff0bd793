// One conditional GET of one feed. Never throws: every failure becomes a `failed` outcome with a
// message fit for logs and news_feeds.last_error, so one bad feed cannot stop the others.
import { redactString } from "@ops/core";

export interface FeedRequest {
  url: string;
  etag: string | null;
  lastModified: string | null;
}

export type FetchOutcome =
  | { kind: "not_modified" }
  | { kind: "fetched"; bytes: Uint8Array; contentType: string | null; etag: string | null; lastModified: string | null }
  | { kind: "failed"; error: string; status?: number };

export type FetchFn = (input: string, init: RequestInit) => Promise<Response>;

export interface FetchFeedOptions {
  fetch: FetchFn;
  timeoutMs: number;
  maxBytes: number;
  userAgent: string;
  /** Aborts the request when the loop is stopping. */
  signal?: AbortSignal;
}

class BodyTooLargeError extends Error {
  override readonly name = "BodyTooLargeError";
}

async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw new BodyTooLargeError(`body of ${declared} bytes exceeds ${maxBytes}`);
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(`body exceeds ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** The failure text is stored (news_feeds.last_error) and logged: never with a credential of the URL in it. */
function describeError(error: unknown, timeoutMs: number): string {
  return redactString(describeRawError(error, timeoutMs));
}

function describeRawError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error) {
    if (error.name === "TimeoutError") return `timed out after ${timeoutMs} ms`;
    if (error.name === "AbortError") return "aborted";
    // undici reports "fetch failed" and keeps the reason (ECONNREFUSED, ENOTFOUND...) in `cause`.
    const cause = error.cause instanceof Error ? `: ${(error.cause as NodeJS.ErrnoException).code ?? error.cause.message}` : "";
    return `${error.message}${cause}`;
  }
  return String(error);
}

export async function fetchFeed(request: FeedRequest, options: FetchFeedOptions): Promise<FetchOutcome> {
  const headers: Record<string, string> = {
    accept: "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1",
    "user-agent": options.userAgent,
  };
  if (request.etag) headers["if-none-match"] = request.etag;
  if (request.lastModified) headers["if-modified-since"] = request.lastModified;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    const response = await options.fetch(request.url, { method: "GET", headers, signal, redirect: "follow" });
    if (response.status === 304) {
      await response.body?.cancel().catch(() => undefined);
      return { kind: "not_modified" };
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return { kind: "failed", error: `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`, status: response.status };
    }
    const bytes = await readCapped(response, options.maxBytes);
    return {
      kind: "fetched",
      bytes,
      contentType: response.headers.get("content-type"),
      etag: response.headers.get("etag"),
      lastModified: response.headers.get("last-modified"),
    };
  } catch (error) {
    return { kind: "failed", error: describeError(error, options.timeoutMs) };
  }
}

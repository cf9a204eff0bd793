import { ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";

export interface BedrockRequest {
  readonly modelId: string;
  readonly system: string;
  readonly prompt: string;
  readonly temperature: number;
  readonly maxTokens: number;
  /** Real time: a hung call must not hold the cycle (and the lease) forever. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export const BEDROCK_FAILURES = ["throttled", "timeout", "access_denied", "model_error", "aborted"] as const;
export type BedrockFailure = (typeof BEDROCK_FAILURES)[number];

export type BedrockOutcome =
  | { readonly kind: "answer"; readonly text: string; readonly stopReason: string | undefined; readonly inputTokens?: number; readonly outputTokens?: number }
  | { readonly kind: "failed"; readonly failure: BedrockFailure; readonly message: string };

/** The Converse API call. Never throws: every failure becomes a category the cycle can report. */
export async function askBedrock(client: BedrockRuntimeClient, request: BedrockRequest): Promise<BedrockOutcome> {
  const abort = new AbortController();
  const onOuterAbort = () => abort.abort(request.signal?.reason);
  request.signal?.addEventListener("abort", onOuterAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => {
      abort.abort(new Error("bedrock timeout"));
      resolve("timeout");
    }, request.timeoutMs);
  });
  try {
    const command = new ConverseCommand({
      modelId: request.modelId,
      system: [{ text: request.system }],
      messages: [{ role: "user", content: [{ text: request.prompt }] }],
      inferenceConfig: { temperature: request.temperature, maxTokens: request.maxTokens },
    });
    const response = await Promise.race([client.send(command, { abortSignal: abort.signal }), timedOut]);
    if (response === "timeout") return { kind: "failed", failure: "timeout", message: `no answer within ${request.timeoutMs} ms` };
    const text = (response.output?.message?.content ?? [])
      .map((block) => ("text" in block && typeof block.text === "string" ? block.text : ""))
      .join("");
    if (text.trim() === "") return { kind: "failed", failure: "model_error", message: `empty answer (stop reason ${response.stopReason ?? "none"})` };
    return {
      kind: "answer",
      text,
      stopReason: response.stopReason,
      ...(response.usage?.inputTokens !== undefined ? { inputTokens: response.usage.inputTokens } : {}),
      ...(response.usage?.outputTokens !== undefined ? { outputTokens: response.usage.outputTokens } : {}),
    };
  } catch (error) {
    if (request.signal?.aborted === true) return { kind: "failed", failure: "aborted", message: "stopped by shutdown" };
    return { kind: "failed", ...classifyBedrockError(error) };
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener("abort", onOuterAbort);
  }
}

/** AWS SDK v3 errors carry the service exception name; anything unrecognised is a model error. */
export function classifyBedrockError(error: unknown): { failure: BedrockFailure; message: string } {
  const name = typeof error === "object" && error !== null && "name" in error ? String(error.name) : "Error";
  const message = `${name}: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500);
  if (/Throttl|TooManyRequests|ServiceQuotaExceeded/i.test(name)) return { failure: "throttled", message };
  if (/Timeout|AbortError/i.test(name)) return { failure: "timeout", message };
  if (/AccessDenied|UnrecognizedClient|ExpiredToken|InvalidSignature|Credentials/i.test(name)) return { failure: "access_denied", message };
  return { failure: "model_error", message };
}

import type { GetSecretValueCommand, GetSecretValueCommandOutput } from "@aws-sdk/client-secrets-manager";
import { ConfigError, TransientError } from "../errors.js";
import { registerSecretValue } from "../log/redact.js";
import type { EnvSource } from "./load-config.js";

/** The slice of SecretsManagerClient we use; tests pass a fake with a `send` method. */
export interface SecretsClient {
  send(command: GetSecretValueCommand): Promise<Pick<GetSecretValueCommandOutput, "SecretString" | "SecretBinary">>;
}

export interface SecretSource {
  /** The secret's value (cached after the first read). */
  get(name: string): Promise<string>;
  /** Drops the cached value and reads it again; call once after an auth failure (rotated key). */
  refresh(name: string): Promise<string>;
}

export interface CreateSecretSourceOptions {
  env?: EnvSource;
  client?: SecretsClient;
}

/**
 * Secrets are passed by reference: for NAME, `NAME_SECRET_ARN` (optionally `arn#jsonKey`) is read from
 * Secrets Manager; without it, env `NAME` is used directly (local mode). Values are registered with
 * the log redactor, and no error message ever contains one.
 */
export function createSecretSource(options: CreateSecretSourceOptions = {}): SecretSource {
  const env = options.env ?? process.env;
  const cache = new Map<string, Promise<string>>();
  let client: SecretsClient | undefined = options.client;

  async function secretsClient(): Promise<SecretsClient> {
    if (!client) {
      const sdk = await import("@aws-sdk/client-secrets-manager");
      client = new sdk.SecretsManagerClient({});
    }
    return client;
  }

  async function read(name: string): Promise<string> {
    const reference = env[`${name}_SECRET_ARN`]?.trim();
    const value = reference ? await readFromSecretsManager(name, reference) : readFromEnv(name);
    registerSecretValue(value);
    return value;
  }

  function readFromEnv(name: string): string {
    const value = env[name];
    if (value === undefined || value.trim() === "") {
      throw new ConfigError(`${name}: required (set ${name}_SECRET_ARN, or ${name} for local runs)`, {
        issues: [{ variable: name, message: `required (or ${name}_SECRET_ARN)` }],
      });
    }
    return value;
  }

  async function readFromSecretsManager(name: string, reference: string): Promise<string> {
    const hash = reference.indexOf("#");
    const secretId = hash >= 0 ? reference.slice(0, hash) : reference;
    const jsonKey = hash >= 0 ? reference.slice(hash + 1) : undefined;
    const sdk = await import("@aws-sdk/client-secrets-manager");
    let output: Pick<GetSecretValueCommandOutput, "SecretString" | "SecretBinary">;
    try {
      output = await (await secretsClient()).send(new sdk.GetSecretValueCommand({ SecretId: secretId }));
    } catch (error) {
      const errorName = error instanceof Error ? error.name : "";
      const message = `${name}: could not read ${name}_SECRET_ARN from Secrets Manager (${errorName || "error"})`;
      if (/ResourceNotFound|AccessDenied|InvalidParameter|InvalidRequest|Decryption/i.test(errorName)) {
        throw new ConfigError(message, { cause: error, issues: [{ variable: `${name}_SECRET_ARN`, message }] });
      }
      throw new TransientError(message, { cause: error });
    }
    const raw =
      output.SecretString ?? (output.SecretBinary ? Buffer.from(output.SecretBinary).toString("utf8") : undefined);
    if (raw === undefined || raw === "") {
      throw new ConfigError(`${name}: secret ${name}_SECRET_ARN is empty`, {
        issues: [{ variable: `${name}_SECRET_ARN`, message: "empty secret" }],
      });
    }
    return pickValue(name, raw, jsonKey);
  }

  return {
    get(name) {
      let pending = cache.get(name);
      if (!pending) {
        pending = read(name);
        cache.set(name, pending);
        // A failed read must not stay cached: the next get() retries.
        pending.catch(() => {
          if (cache.get(name) === pending) cache.delete(name);
        });
      }
      return pending;
    },
    refresh(name) {
      cache.delete(name);
      return this.get(name);
    },
  };
}

/** A JSON secret yields its `jsonKey` field, or the field named like the secret, or its only field. */
function pickValue(name: string, raw: string, jsonKey: string | undefined): string {
  const trimmed = raw.trim();
  if (!trimmed.startsWith("{")) {
    if (jsonKey) throw secretShapeError(name, `is not JSON, so it has no field "${jsonKey}"`);
    return raw;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    if (jsonKey) throw secretShapeError(name, `is not valid JSON, so it has no field "${jsonKey}"`);
    return raw;
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return raw;
  const fields = parsed as Record<string, unknown>;
  const candidates = jsonKey ? [jsonKey] : [name, name.toLowerCase()];
  for (const key of candidates) {
    const value = fields[key];
    if (typeof value === "string" && value !== "") return value;
  }
  const keys = Object.keys(fields);
  if (!jsonKey && keys.length === 1) {
    const only = fields[keys[0] as string];
    if (typeof only === "string" && only !== "") return only;
  }
  // Field names are not secret; values are never echoed.
  throw secretShapeError(
    name,
    `is JSON without a usable ${jsonKey ? `"${jsonKey}"` : `"${name}"`} field (fields: ${keys.join(", ")}); use ${name}_SECRET_ARN=<arn>#<field>`,
  );
}

function secretShapeError(name: string, problem: string): ConfigError {
  const message = `${name}: secret ${problem}`;
  return new ConfigError(message, { issues: [{ variable: `${name}_SECRET_ARN`, message }] });
}

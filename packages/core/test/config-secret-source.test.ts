import type { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { describe, expect, it } from "vitest";
import { createSecretSource, type SecretsClient } from "../src/config/secret-source.js";
import { ConfigError, TransientError } from "../src/errors.js";
import { captureLogger } from "./helpers.js";

/** Fake Secrets Manager: answers from a map of secret id → value, and records every request. */
function fakeClient(store: Map<string, string>, failWith?: Error) {
  const requests: string[] = [];
  const client: SecretsClient = {
    async send(command: GetSecretValueCommand) {
      const id = command.input.SecretId ?? "";
      requests.push(id);
      if (failWith) throw failWith;
      const value = store.get(id);
      if (value === undefined) throw Object.assign(new Error("not found"), { name: "ResourceNotFoundException" });
      return { SecretString: value };
    },
  };
  return { client, requests };
}

// Compile-time check: the real SDK client satisfies the slice createSecretSource accepts.
export const acceptsRealClient = (client: SecretsManagerClient): SecretsClient => client;

const ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:ops/alpaca";

describe("createSecretSource", () => {
  it("reads a plain-string secret through <NAME>_SECRET_ARN", async () => {
    const { client, requests } = fakeClient(new Map([[ARN, "PKTESTKEY123"]]));
    const secrets = createSecretSource({ env: { ALPACA_KEY_SECRET_ARN: ARN }, client });
    expect(await secrets.get("ALPACA_KEY")).toBe("PKTESTKEY123");
    expect(requests).toEqual([ARN]);
  });

  it("picks the field named like the secret from a JSON secret", async () => {
    const json = JSON.stringify({ ALPACA_KEY: "key-id-value", ALPACA_SECRET: "secret-value-xyz" });
    const { client } = fakeClient(new Map([[ARN, json]]));
    const env = { ALPACA_KEY_SECRET_ARN: ARN, ALPACA_SECRET_SECRET_ARN: ARN };
    const secrets = createSecretSource({ env, client });
    expect(await secrets.get("ALPACA_KEY")).toBe("key-id-value");
    expect(await secrets.get("ALPACA_SECRET")).toBe("secret-value-xyz");
  });

  it("picks an explicit JSON field given as <arn>#<field>", async () => {
    const { client, requests } = fakeClient(new Map([[ARN, JSON.stringify({ key_id: "abc123456", secret_key: "s3cr3t-value" })]]));
    const secrets = createSecretSource({ env: { ALPACA_SECRET_SECRET_ARN: `${ARN}#secret_key` }, client });
    expect(await secrets.get("ALPACA_SECRET")).toBe("s3cr3t-value");
    expect(requests).toEqual([ARN]);
  });

  it("refuses a JSON secret with no matching field, naming the fields but no values", async () => {
    const { client } = fakeClient(new Map([[ARN, JSON.stringify({ a: "value-one-secret", b: "value-two-secret" })]]));
    const secrets = createSecretSource({ env: { ALPACA_KEY_SECRET_ARN: ARN }, client });
    const error = await secrets.get("ALPACA_KEY").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain("fields: a, b");
    expect((error as Error).message).not.toContain("value-one-secret");
  });

  it("caches the value: a second get does not call Secrets Manager again", async () => {
    const { client, requests } = fakeClient(new Map([[ARN, "cached-value-1"]]));
    const secrets = createSecretSource({ env: { ALPACA_KEY_SECRET_ARN: ARN }, client });
    await secrets.get("ALPACA_KEY");
    await secrets.get("ALPACA_KEY");
    expect(requests).toHaveLength(1);
  });

  it("refresh() reads a rotated value, so a new key needs no redeploy", async () => {
    const store = new Map([[ARN, "old-key-value"]]);
    const { client, requests } = fakeClient(store);
    const secrets = createSecretSource({ env: { ALPACA_KEY_SECRET_ARN: ARN }, client });
    expect(await secrets.get("ALPACA_KEY")).toBe("old-key-value");
    store.set(ARN, "new-key-value");
    expect(await secrets.get("ALPACA_KEY")).toBe("old-key-value");
    expect(await secrets.refresh("ALPACA_KEY")).toBe("new-key-value");
    expect(await secrets.get("ALPACA_KEY")).toBe("new-key-value");
    expect(requests).toHaveLength(2);
  });

  it("reads env <NAME> directly when no ARN is set (local mode)", async () => {
    const { client, requests } = fakeClient(new Map());
    const secrets = createSecretSource({ env: { ALPACA_KEY: "local-key-value" }, client });
    expect(await secrets.get("ALPACA_KEY")).toBe("local-key-value");
    expect(requests).toEqual([]);
  });

  it("fails with a ConfigError naming both variables when neither is set", async () => {
    const secrets = createSecretSource({ env: {} });
    const error = await secrets.get("ALPACA_KEY").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain("ALPACA_KEY_SECRET_ARN");
    expect((error as Error).message).toContain("ALPACA_KEY:");
  });

  it("treats a missing secret as configuration and a network failure as transient, then retries", async () => {
    const missing = createSecretSource({ env: { ALPACA_KEY_SECRET_ARN: ARN }, client: fakeClient(new Map()).client });
    await expect(missing.get("ALPACA_KEY")).rejects.toBeInstanceOf(ConfigError);

    const down = fakeClient(new Map([[ARN, "value-after-outage"]]), Object.assign(new Error("socket hang up"), { name: "TimeoutError" }));
    const secrets = createSecretSource({ env: { ALPACA_KEY_SECRET_ARN: ARN }, client: down.client });
    await expect(secrets.get("ALPACA_KEY")).rejects.toBeInstanceOf(TransientError);
    // The failure is not cached.
    await expect(secrets.get("ALPACA_KEY")).rejects.toBeInstanceOf(TransientError);
    expect(down.requests).toHaveLength(2);
  });

  it("masks a fetched secret wherever it later appears in a log line", async () => {
    const { client } = fakeClient(new Map([[ARN, "Zq9-fetched-secret-Zq9"]]));
    const secrets = createSecretSource({ env: { ALPACA_SECRET_SECRET_ARN: ARN }, client });
    const value = await secrets.get("ALPACA_SECRET");
    const log = captureLogger();
    log.logger.error({ event: "broker.failed", response: `401 for ${value}` }, `auth failed using ${value}`);
    expect(log.text()).not.toContain("Zq9-fetched-secret-Zq9");
  });
});

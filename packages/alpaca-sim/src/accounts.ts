/** One simulated brokerage account and the API key pair that reaches it. */
export interface SimAccountConfig {
  /** Our account id ("large-100k" | "tiny-1k" in the pipeline; any string is accepted). */
  readonly id: string;
  readonly keyId: string;
  readonly secretKey: string;
  /** Starting cash in dollars. */
  readonly cash: number;
  /** Alpaca options trading level (default 3: long options allowed, naked writing is not). */
  readonly optionsLevel?: number;
}

export const DEFAULT_OPTIONS_LEVEL = 3;

/**
 * Well-known development keys for the two pipeline accounts. They only open this local simulator;
 * Alpaca rejects them, so leaking one costs nothing.
 */
export const DEFAULT_SIM_ACCOUNTS: readonly SimAccountConfig[] = [
  { id: "large-100k", keyId: "sim-key-large-100k", secretKey: "sim-large-100k-secret-not-a-real-key-000001", cash: 100_000 },
  { id: "tiny-1k", keyId: "sim-key-tiny-1k", secretKey: "sim-tiny-1k-secret-not-a-real-key-0000002", cash: 1_000 },
];

/** Checks ids and key ids are unique and the cash is sane; throws RangeError otherwise. */
export function assertValidAccounts(accounts: readonly SimAccountConfig[]): void {
  if (accounts.length === 0) throw new RangeError("at least one simulator account is required");
  const ids = new Set<string>();
  const keys = new Set<string>();
  for (const a of accounts) {
    if (ids.has(a.id)) throw new RangeError(`duplicate simulator account id ${a.id}`);
    if (keys.has(a.keyId)) throw new RangeError(`duplicate simulator key id for account ${a.id}`);
    if (a.keyId === "" || a.secretKey === "") throw new RangeError(`account ${a.id} needs a key id and a secret`);
    if (!Number.isFinite(a.cash) || a.cash < 0) throw new RangeError(`account ${a.id}: cash must be >= 0`);
    ids.add(a.id);
    keys.add(a.keyId);
  }
}

// Deterministic client order ids: the same (rec or position, account, purpose, attempt) always yields the
// same id, so an unresolved submission can be settled by lookup and a repeat is refused by Alpaca as a
// duplicate instead of opening a second position.
import { createHash } from "node:crypto";
import { ACCOUNT_IDS, ORDER_PURPOSES } from "@ops/trading";
import type { AccountId, OrderPurpose } from "@ops/trading";

/** Alpaca allows 128; ours stay short enough to read in logs and fit narrow columns. */
export const CLIENT_ORDER_ID_MAX_LENGTH = 48;

export type ClientOrderIdInput =
  | { readonly recId: string | number | bigint; readonly positionId?: never; readonly account: AccountId; readonly purpose: OrderPurpose; readonly attempt: number }
  | { readonly positionId: string | number | bigint; readonly recId?: never; readonly account: AccountId; readonly purpose: OrderPurpose; readonly attempt: number };

const PURPOSE_CODE: Record<OrderPurpose, string> = { entry: "e", exit: "x" };
const REF_PATTERN = /^[A-Za-z0-9_-]+$/;

/** e.g. `ops-e-r1234-large-100k-a1` (entry for rec 1234) or `ops-x-p77-tiny-1k-a2` (second exit try for position 77). */
export function deterministicClientOrderId(input: ClientOrderIdInput): string {
  const { account, purpose, attempt } = input;
  if (!(ACCOUNT_IDS as readonly string[]).includes(account)) throw new RangeError(`unknown account ${String(account)}`);
  if (!(ORDER_PURPOSES as readonly string[]).includes(purpose)) throw new RangeError(`unknown purpose ${String(purpose)}`);
  if (!Number.isInteger(attempt) || attempt < 1 || attempt > 999) throw new RangeError(`attempt must be an integer 1..999, got ${attempt}`);
  const hasRec = input.recId !== undefined && input.recId !== null;
  const hasPosition = input.positionId !== undefined && input.positionId !== null;
  if (hasRec === hasPosition) throw new RangeError("give exactly one of recId or positionId");
  const kind = hasRec ? "r" : "p";
  const ref = String(hasRec ? input.recId : input.positionId);
  if (ref === "" || !REF_PATTERN.test(ref)) throw new RangeError(`id must be non-empty [A-Za-z0-9_-], got ${JSON.stringify(ref)}`);

  const prefix = `ops-${PURPOSE_CODE[purpose]}-${kind}`;
  const suffix = `-${account}-a${attempt}`;
  const readable = `${prefix}${ref}${suffix}`;
  if (readable.length <= CLIENT_ORDER_ID_MAX_LENGTH) return readable;
  // Long refs (UUIDs) become a stable digest; the "h" marks it so a reader knows to look it up.
  const room = CLIENT_ORDER_ID_MAX_LENGTH - prefix.length - suffix.length - 1;
  const digest = createHash("sha256").update(`${kind}:${ref}`).digest("hex").slice(0, room);
  return `${prefix}h${digest}${suffix}`;
}

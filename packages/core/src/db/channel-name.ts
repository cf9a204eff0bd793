import { FatalError } from "../errors.js";

const CHANNEL_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * LISTEN folds unquoted names to lower case while pg_notify() does not, and PGlite and pg quote
 * differently; plain lower-case identifiers behave the same everywhere, so only those are allowed.
 */
export function assertChannelName(channel: string): void {
  if (!CHANNEL_PATTERN.test(channel)) {
    throw new FatalError(`invalid notification channel "${channel}": use lower-case letters, digits and _`);
  }
}

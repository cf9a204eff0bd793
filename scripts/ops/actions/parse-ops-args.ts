import { parseArgs } from "node:util";
import { ACCOUNT_IDS } from "@ops/trading";
import type { AccountId } from "@ops/trading";
import { UsageError, parseInstant } from "../status/parse-status-args.js";
import { OPS_ACTIONS } from "./ops-result.js";
import type { OpsAction } from "./ops-result.js";

export type OpsCommand =
  | { readonly action: "halt" | "reduce" | "resume" | "close-all"; readonly account: AccountId }
  | { readonly action: "pin" | "block" | "unpin" | "unblock"; readonly symbol: string }
  | { readonly action: "unlock"; readonly lockId: string };

export interface OpsArgs {
  readonly command: OpsCommand;
  readonly reason: string;
  readonly actor: string | undefined;
  readonly database: string | undefined;
  readonly now: Date | undefined;
  readonly yes: boolean;
  readonly json: boolean;
}

export const OPS_HELP = `Usage: pnpm ops <command> [arguments] --reason "<why>" [options]

Operator controls. Every change is recorded in ops_audit_log (who, when, what, why) in the same
transaction as the change itself.

Commands:
  halt --account ID        stop new entries: risk_state.trading_enabled = false with the reason (the
                           dispatcher's trading_enabled gate denies every rec from its next cycle;
                           the position manager keeps managing exits)
  reduce --account ID      risk mode REDUCING: exits only (the dispatcher denies every new entry with
                           TRADING_REDUCING; the position manager keeps closing positions)
  resume --account ID      back to ACTIVE from a halt or REDUCING: trading_enabled = true (refused while
                           a close-all is pending)
  pin SYMBOL               keep SYMBOL in the tradable universe (universe row source ops_pin, active)
  block SYMBOL             remove SYMBOL from the tradable universe whatever the AI picks (ops_pin, blocked)
  unpin SYMBOL | unblock SYMBOL   withdraw the pin / block (the row becomes inactive)
  unlock LOCK_ID           end a risk lock (risk_locks.id, see pnpm status) now
  close-all --account ID   ask the account's position manager to close every position through its
                           normal exit path (market hours), and halt the account; asks for confirmation
                           on a terminal unless --yes, refuses without --yes otherwise

Account ids: ${ACCOUNT_IDS.join(", ")}

Options:
  --reason TEXT     why (required)
  --actor NAME      who (default: the OS user)
  --database URL    postgres://... or pglite:<dir> (default: DATABASE_URL, else pglite:.data/pipeline);
                    do not point it at a PGlite directory a running pnpm start has open
  --now ISO         the time to record (default: the wall clock; for replays and tests)
  --yes             no confirmation prompt (close-all)
  --json            print the result as JSON
  --help            this text

Exit code: 0 done or nothing to change, 1 refused (nothing written), 2 database error, 64 usage error.
`;

export function parseOpsArgs(argv: readonly string[]): OpsArgs | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.filter((a) => a !== "--"),
      options: {
        account: { type: "string" }, reason: { type: "string" }, actor: { type: "string" }, database: { type: "string" },
        now: { type: "string" }, yes: { type: "boolean" }, json: { type: "boolean" }, help: { type: "boolean" },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) return "help";
  const [name, ...rest] = positionals;
  if (!(OPS_ACTIONS as readonly string[]).includes(name ?? "")) throw new UsageError(`unknown command "${name}" (one of ${OPS_ACTIONS.join(", ")})`);
  const action = name as OpsAction;
  const reason = values.reason?.trim();
  if (!reason) throw new UsageError(`${action}: --reason is required (every action records why)`);
  return {
    command: commandOf(action, rest, values.account),
    reason,
    actor: values.actor,
    database: values.database,
    now: values.now === undefined ? undefined : parseInstant(values.now, "--now"),
    yes: values.yes === true,
    json: values.json === true,
  };
}

function commandOf(action: OpsAction, rest: readonly string[], account: string | undefined): OpsCommand {
  switch (action) {
    case "halt":
    case "reduce":
    case "resume":
    case "close-all": {
      if (rest.length > 0) throw new UsageError(`${action}: unexpected argument "${rest[0]}" (use --account)`);
      if (account === undefined) throw new UsageError(`${action}: --account is required (${ACCOUNT_IDS.join(" or ")})`);
      if (!(ACCOUNT_IDS as readonly string[]).includes(account)) throw new UsageError(`${action}: unknown account "${account}" (${ACCOUNT_IDS.join(" or ")})`);
      return { action, account: account as AccountId };
    }
    case "pin":
    case "block":
    case "unpin":
    case "unblock": {
      if (rest.length !== 1 || account !== undefined) throw new UsageError(`${action}: expected exactly one SYMBOL and no --account`);
      return { action, symbol: rest[0] as string };
    }
    case "unlock": {
      if (rest.length !== 1 || account !== undefined) throw new UsageError(`unlock: expected exactly one LOCK_ID and no --account`);
      return { action, lockId: rest[0] as string };
    }
  }
}

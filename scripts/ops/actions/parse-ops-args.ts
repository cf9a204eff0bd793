import { parseArgs } from "node:util";
import { ACCOUNT_IDS } from "@ops/trading";
import type { AccountId } from "@ops/trading";
import { UsageError, parseInstant } from "../status/parse-status-args.js";
import { DEFAULT_EARNINGS_SOURCE, REPORT_TIMES, dateProblem } from "./earnings-calendar.js";
import type { ReportTime } from "./earnings-calendar.js";

export type OpsCommand =
  | { readonly action: "halt" | "reduce" | "resume" | "close-all"; readonly account: AccountId }
  | { readonly action: "pin" | "block" | "unpin" | "unblock"; readonly symbol: string }
  | { readonly action: "unlock"; readonly lockId: string }
  | {
      readonly action: "resolve-review";
      readonly account: AccountId;
      readonly positionId: string;
      readonly exitPrice: string;
      readonly closedAt: Date | undefined;
    }
  | { readonly action: "earnings-add"; readonly symbol: string; readonly reportDate: string; readonly reportTime: ReportTime; readonly source: string }
  | { readonly action: "earnings-remove"; readonly symbol: string; readonly reportDate: string };

export interface OpsArgs {
  readonly command: OpsCommand;
  /** Required for every change except the earnings calendar's (whose rows carry their source). */
  readonly reason: string | undefined;
  readonly actor: string | undefined;
  readonly database: string | undefined;
  readonly now: Date | undefined;
  readonly yes: boolean;
  readonly json: boolean;
}

/** Read-only listings: nothing is written or audited, so no --reason. */
export type OpsListing = { readonly list: "reviews"; readonly account: AccountId | undefined } | { readonly list: "earnings"; readonly from: string | undefined };

export interface OpsListArgs {
  readonly listing: OpsListing;
  readonly database: string | undefined;
  readonly now: Date | undefined;
  readonly json: boolean;
}

const COMMANDS = ["halt", "reduce", "resume", "pin", "block", "unpin", "unblock", "unlock", "close-all", "resolve-review", "reviews", "earnings"] as const;
type CommandName = (typeof COMMANDS)[number];

/** Options that belong to one command only: anywhere else they are a mistake, not something to ignore. */
const COMMAND_OPTIONS: Readonly<Record<string, readonly CommandName[]>> = {
  "exit-price": ["resolve-review"],
  "closed-at": ["resolve-review"],
  time: ["earnings"],
  source: ["earnings"],
  from: ["earnings"],
};

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
  resolve-review ACCOUNT POSITION_ID --exit-price PRICE [--closed-at ISO]
                           close a position under review (missing at the broker, no evidence of how it
                           closed) at the price you read at the broker: reason manual, exit price source
                           operator, P&L and position_history as for any close; it then no longer blocks
                           a close-all. Confirmation as for close-all (type the position id) unless --yes
  reviews [--account ID]   list the positions under review (read-only, no --reason)
  earnings add SYMBOL YYYY-MM-DD [--time before_open|after_close|unknown] [--source TEXT]
                           enter (or correct the time/source of) an earnings date; the position manager
                           closes options on SYMBOL before it. --time default unknown (treated as before
                           the open), --source default "${DEFAULT_EARNINGS_SOURCE}"; --reason optional
  earnings remove SYMBOL YYYY-MM-DD   delete a wrongly entered date (--reason optional)
  earnings list [--from YYYY-MM-DD]   dates from --from (default today, New York) on (read-only)

Account ids: ${ACCOUNT_IDS.join(", ")}

Options:
  --reason TEXT     why (required for every change but the earnings calendar's)
  --actor NAME      who (default: the OS user)
  --database URL    postgres://... or pglite:<dir> (default: DATABASE_URL, else pglite:.data/pipeline);
                    do not point it at a PGlite directory a running pnpm start has open
  --now ISO         the time to record (default: the wall clock; for replays and tests)
  --yes             no confirmation prompt (close-all, resolve-review)
  --json            print the result as JSON
  --help            this text

Exit code: 0 done or nothing to change, 1 refused (nothing written), 2 database error, 64 usage error.
`;

export function parseOpsArgs(argv: readonly string[]): OpsArgs | OpsListArgs | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.filter((a) => a !== "--"),
      options: {
        account: { type: "string" }, reason: { type: "string" }, actor: { type: "string" }, database: { type: "string" },
        now: { type: "string" }, yes: { type: "boolean" }, json: { type: "boolean" }, help: { type: "boolean" },
        "exit-price": { type: "string" }, "closed-at": { type: "string" }, time: { type: "string" }, source: { type: "string" },
        from: { type: "string" },
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
  if (!(COMMANDS as readonly string[]).includes(name ?? "")) throw new UsageError(`unknown command "${name}" (one of ${COMMANDS.join(", ")})`);
  const commandName = name as CommandName;
  for (const [option, owners] of Object.entries(COMMAND_OPTIONS)) {
    if ((values as Record<string, unknown>)[option] !== undefined && !owners.includes(commandName)) {
      throw new UsageError(`${commandName}: --${option} belongs to ${owners.join(", ")}`);
    }
  }
  const now = values.now === undefined ? undefined : parseInstant(values.now, "--now");
  const json = values.json === true;

  if (commandName === "reviews") {
    if (rest.length > 0) throw new UsageError(`reviews: unexpected argument "${rest[0]}" (use --account)`);
    return { listing: { list: "reviews", account: values.account === undefined ? undefined : accountOf("reviews", values.account) }, database: values.database, now, json };
  }
  if (commandName === "earnings" && rest[0] === "list") {
    if (rest.length > 1 || values.account !== undefined) throw new UsageError(`earnings list: expected no argument but --from`);
    if (values.from !== undefined && dateProblem(values.from) !== null) throw new UsageError(`earnings list: --from ${dateProblem(values.from)}`);
    return { listing: { list: "earnings", from: values.from }, database: values.database, now, json };
  }
  if (values.from !== undefined) throw new UsageError(`${commandName}: --from belongs to earnings list`);

  const command = commandOf(commandName, rest, values);
  const reason = values.reason?.trim() || undefined;
  const reasonOptional = command.action === "earnings-add" || command.action === "earnings-remove";
  if (reason === undefined && !reasonOptional) throw new UsageError(`${command.action}: --reason is required (every action records why)`);
  return {
    command,
    reason,
    actor: values.actor,
    database: values.database,
    now,
    yes: values.yes === true,
    json,
  };
}

interface OptionValues {
  readonly account?: string | undefined;
  readonly "exit-price"?: string | undefined;
  readonly "closed-at"?: string | undefined;
  readonly time?: string | undefined;
  readonly source?: string | undefined;
}

function accountOf(action: string, account: string): AccountId {
  if (!(ACCOUNT_IDS as readonly string[]).includes(account)) throw new UsageError(`${action}: unknown account "${account}" (${ACCOUNT_IDS.join(" or ")})`);
  return account as AccountId;
}

function commandOf(action: Exclude<CommandName, "reviews">, rest: readonly string[], values: OptionValues): OpsCommand {
  const account = values.account;
  switch (action) {
    case "halt":
    case "reduce":
    case "resume":
    case "close-all": {
      if (rest.length > 0) throw new UsageError(`${action}: unexpected argument "${rest[0]}" (use --account)`);
      if (account === undefined) throw new UsageError(`${action}: --account is required (${ACCOUNT_IDS.join(" or ")})`);
      return { action, account: accountOf(action, account) };
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
    case "resolve-review": {
      if (rest.length !== 2 || account !== undefined) throw new UsageError(`resolve-review: expected ACCOUNT POSITION_ID (and no --account)`);
      const exitPrice = values["exit-price"];
      if (exitPrice === undefined) throw new UsageError(`resolve-review: --exit-price is required (the price the broker shows for the close)`);
      const closedAt = values["closed-at"] === undefined ? undefined : parseInstant(values["closed-at"], "--closed-at");
      return { action, account: accountOf(action, rest[0] as string), positionId: rest[1] as string, exitPrice, closedAt };
    }
    case "earnings": {
      const [sub, symbol, reportDate, ...extra] = rest;
      if (sub !== "add" && sub !== "remove") throw new UsageError(`earnings: expected add, remove or list, got "${sub ?? ""}"`);
      if (symbol === undefined || reportDate === undefined || extra.length > 0 || account !== undefined) {
        throw new UsageError(`earnings ${sub}: expected SYMBOL YYYY-MM-DD`);
      }
      if (sub === "remove") {
        if (values.time !== undefined || values.source !== undefined) throw new UsageError(`earnings remove: --time and --source belong to earnings add`);
        return { action: "earnings-remove", symbol, reportDate };
      }
      const reportTime = values.time ?? "unknown";
      if (!(REPORT_TIMES as readonly string[]).includes(reportTime)) throw new UsageError(`earnings add: --time must be one of ${REPORT_TIMES.join(", ")}, got "${reportTime}"`);
      return { action: "earnings-add", symbol, reportDate, reportTime: reportTime as ReportTime, source: values.source ?? DEFAULT_EARNINGS_SOURCE };
    }
  }
}

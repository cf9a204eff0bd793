// `pnpm ops`: parse, confirm where asked, run one action against the database, print what happened.
import { createInterface } from "node:readline/promises";
import type { Db } from "@ops/core";
import { redactString, toError } from "@ops/core";
import { resolveDatabaseUrl } from "../shared/database-url.js";
import { openExistingDatabase } from "../shared/open-database.js";
import type { OpenedDatabase } from "../shared/open-database.js";
import { UsageError } from "../status/parse-status-args.js";
import { addEarningsEvent, removeEarningsEvent } from "./earnings-calendar.js";
import { renderListing, runListing } from "./ops-listings.js";
import type { OpsResult } from "./ops-result.js";
import { OPS_HELP, parseOpsArgs } from "./parse-ops-args.js";
import type { OpsArgs, OpsCommand, OpsListArgs } from "./parse-ops-args.js";
import { livePositionSummary, requestCloseAll } from "./request-close-all.js";
import { exitPriceProblem, resolveReview, reviewRowFor } from "./resolve-review.js";
import { resolveActor } from "./resolve-actor.js";
import { haltAccount, reduceAccount, resumeAccount } from "./set-trading-enabled.js";
import { setUniverseOverride } from "./set-universe-override.js";
import { unlockRiskLock } from "./unlock-risk-lock.js";

export interface OpsIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether a person can answer a prompt (stdin is a terminal). */
  readonly interactive: boolean;
  /** Asks a question and returns the answer (default: readline on stdin/stdout). */
  readonly ask?: (question: string) => Promise<string>;
  readonly wallClock?: () => Date;
  readonly openDatabase?: (url: string) => Promise<OpenedDatabase>;
}

export async function runOpsCli(argv: readonly string[], io: OpsIo): Promise<number> {
  let args: OpsArgs | OpsListArgs | "help";
  try {
    args = parseOpsArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`${error.message}\n\n${OPS_HELP}`);
    return 64;
  }
  if (args === "help") {
    io.stdout.write(OPS_HELP);
    return 0;
  }
  let opened: OpenedDatabase;
  try {
    const url = resolveDatabaseUrl(args.database, io.env);
    opened = await (io.openDatabase ?? ((u: string) => openExistingDatabase(u, "listing" in args ? "read" : "write")))(url);
  } catch (error) {
    io.stderr.write(`pnpm ops: ${redactString(toError(error).message)}\n`);
    return 2;
  }
  if ("listing" in args) {
    try {
      const listed = await runListing(opened.db, args.listing, args.now ?? (io.wallClock ?? (() => new Date()))());
      io.stdout.write(args.json ? `${JSON.stringify(listed, null, 2)}\n` : renderListing(listed));
      return 0;
    } catch (error) {
      io.stderr.write(`pnpm ops ${args.listing.list} failed: ${redactString(toError(error).message)}\n`);
      return 2;
    } finally {
      await opened.close().catch(() => undefined);
    }
  }
  try {
    const result = await perform(opened.db, args, io);
    if (args.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else (result.outcome === "refused" ? io.stderr : io.stdout).write(`${result.outcome === "refused" ? "refused: " : ""}${result.message}\n`);
    return result.outcome === "refused" ? 1 : 0;
  } catch (error) {
    io.stderr.write(`pnpm ops ${args.command.action} failed (nothing was changed): ${redactString(toError(error).message)}\n`);
    return 2;
  } finally {
    await opened.close().catch(() => undefined);
  }
}

async function perform(db: Db, args: OpsArgs, io: OpsIo): Promise<OpsResult> {
  const actor = resolveActor(args.actor, io.env);
  const now = args.now ?? (io.wallClock ?? (() => new Date()))();
  const c = args.command;
  if (c.action === "earnings-add") return addEarningsEvent(db, { actor, reason: args.reason, now, ...c });
  if (c.action === "earnings-remove") return removeEarningsEvent(db, { actor, reason: args.reason, now, ...c });
  // The parser lets only the earnings calendar through without a reason.
  if (args.reason === undefined) throw new Error(`${c.action}: --reason is required`);
  const base = { actor, reason: args.reason, now };
  switch (c.action) {
    case "halt":
      return haltAccount(db, { ...base, account: c.account });
    case "reduce":
      return reduceAccount(db, { ...base, account: c.account });
    case "resume":
      return resumeAccount(db, { ...base, account: c.account });
    case "pin":
    case "block":
    case "unpin":
    case "unblock":
      return setUniverseOverride(db, { ...base, override: c.action, symbol: c.symbol });
    case "unlock":
      return unlockRiskLock(db, { ...base, lockId: c.lockId });
    case "close-all": {
      if (!args.yes) {
        const refusal = await confirmCloseAll(db, c.account, io);
        if (refusal !== null) return { outcome: "refused", action: "close-all", target: c.account, message: refusal, auditIds: [], detail: {} };
      }
      return requestCloseAll(db, { ...base, account: c.account });
    }
    case "resolve-review": {
      if (!args.yes) {
        const refusal = await confirmResolveReview(db, c, io);
        if (refusal !== null) return { outcome: "refused", action: "resolve-review", target: `position:${c.positionId}`, message: refusal, auditIds: [], detail: {} };
      }
      return resolveReview(db, { ...base, account: c.account, positionId: c.positionId, exitPrice: c.exitPrice, closedAt: c.closedAt });
    }
  }
}

/** null when confirmed, else why not. The operator types the position id after seeing what gets booked. */
async function confirmResolveReview(
  db: Db,
  c: Extract<OpsCommand, { action: "resolve-review" }>,
  io: OpsIo,
): Promise<string | null> {
  if (!io.interactive) return "resolve-review needs --yes when stdin is not a terminal";
  // Refusals the action would give anyway are shown before asking, not after a confirmation.
  const priceProblem = exitPriceProblem(c.exitPrice);
  if (priceProblem !== null) return priceProblem;
  const row = await reviewRowFor(db, c.account, c.positionId);
  if (typeof row === "string") return row;
  const ask = io.ask ?? askOnTerminal;
  const answer = await ask(
    `Close position ${row.positionId} of ${row.account} (${row.symbol} ${row.qty}, entry ${row.avgEntryPrice}, under review since ${row.reviewSince}) ` +
      `at ${c.exitPrice.trim()} as a manual close priced by the operator? Type the position id to confirm: `,
  );
  return answer.trim() === row.positionId ? null : "not confirmed; nothing was changed";
}

/** null when confirmed, else why not. The operator types the account id, not just "y". */
async function confirmCloseAll(db: Db, account: string, io: OpsIo): Promise<string | null> {
  if (!io.interactive) return "close-all needs --yes when stdin is not a terminal";
  const positions = await livePositionSummary(db, account);
  const list = positions.map((p) => `${p.symbol} ${p.qty}${p.status === "open" ? "" : ` (${p.status})`}`).join(", ") || "none right now";
  const ask = io.ask ?? askOnTerminal;
  const answer = await ask(`Close every position of ${account} (${list}) and halt it? Type the account id to confirm: `);
  return answer.trim() === account ? null : "not confirmed; nothing was changed";
}

async function askOnTerminal(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

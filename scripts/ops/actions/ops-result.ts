/** Every operator action and the audit action name it is recorded under. */
export const OPS_ACTIONS = [
  "halt", "reduce", "resume", "pin", "block", "unpin", "unblock", "unlock", "close-all", "resolve-review", "earnings-add", "earnings-remove",
] as const;
export type OpsAction = (typeof OPS_ACTIONS)[number];

export interface OpsRequestBase {
  /** Who: --actor, else the OS user. */
  readonly actor: string;
  /** Why: required for every action. */
  readonly reason: string;
  /** When: --now, else the wall clock. */
  readonly now: Date;
}

export interface OpsResult {
  /** done: changed and audited; unchanged: already in the asked state (nothing written); refused: a precondition failed. */
  readonly outcome: "done" | "unchanged" | "refused";
  readonly action: OpsAction;
  readonly target: string;
  readonly message: string;
  readonly auditIds: string[];
  readonly detail: Readonly<Record<string, unknown>>;
}

export class OpsRefusal extends Error {
  override readonly name = "OpsRefusal";
}

export function refused(action: OpsAction, target: string, message: string): OpsResult {
  return { outcome: "refused", action, target, message, auditIds: [], detail: {} };
}

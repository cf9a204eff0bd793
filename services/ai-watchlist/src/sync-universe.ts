import { etDateString } from "@ops/core";
import type { Queryable } from "@ops/core";
import type { Candidate, CandidateSource } from "./candidate-source.js";
import { planUniverseSync } from "./plan-universe-sync.js";
import type { UniverseSyncPlan } from "./plan-universe-sync.js";
import { deactivateRows, insertUniverseVersion, selectUniverseRowsForUpdate, upsertActiveRows } from "./queries.js";

export interface SyncRequest {
  readonly source: CandidateSource["source"];
  readonly candidates: readonly Candidate[];
  readonly now: Date;
  readonly instance: string;
  /** Merged into the universe_versions payload. */
  readonly payload: Readonly<Record<string, unknown>>;
  /** Write a version even when nothing changed (an AI run is a dated decision either way). */
  readonly alwaysVersion?: boolean;
}

export interface SyncOutcome {
  readonly plan: UniverseSyncPlan;
  readonly activated: number;
  readonly deactivated: number;
  readonly versionId: number | undefined;
}

/** Applies one source's candidate list inside the caller's transaction (rows locked FOR UPDATE). */
export async function syncUniverse(tx: Queryable, request: SyncRequest): Promise<SyncOutcome> {
  const { candidates } = request;
  const existing = await selectUniverseRowsForUpdate(tx, request.source);
  const plan = planUniverseSync(existing, candidates);
  const changed = plan.upserts.length > 0 || plan.deactivate.length > 0;
  if (!changed && request.alwaysVersion !== true) return { plan, activated: 0, deactivated: 0, versionId: undefined };
  const versionDate = etDateString(request.now);
  const versionId = await insertUniverseVersion(tx, {
    source: request.source,
    versionDate,
    createdAt: request.now,
    createdBy: request.instance,
    payload: {
      ...request.payload,
      symbols: candidates.map((c) => c.symbol),
      candidates,
      activated: plan.upserts.map((c) => c.symbol),
      deactivated: plan.deactivate,
      blocked: plan.blocked,
    },
  });
  const write = { source: request.source, versionId, versionDate, at: request.now, by: request.instance };
  const activated = await upsertActiveRows(tx, write, plan.upserts);
  const deactivated = await deactivateRows(tx, write, plan.deactivate);
  return { plan, activated, deactivated, versionId };
}

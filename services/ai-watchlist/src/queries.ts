import type { Queryable } from "@ops/core";
import type { Candidate, CandidateSource } from "./candidate-source.js";
import type { UniverseRow } from "./plan-universe-sync.js";

type OwnedSource = CandidateSource["source"];

/** This source's rows, locked so two syncs of the same source serialise instead of interleaving. */
export async function selectUniverseRowsForUpdate(db: Queryable, source: OwnedSource): Promise<UniverseRow[]> {
  const result = await db.query<UniverseRow>(
    `SELECT symbol, status, confidence, sector, catalyst, reason
     FROM universe WHERE source = $1 ORDER BY symbol FOR UPDATE`,
    [source],
  );
  return result.rows;
}

export interface UniverseVersion {
  readonly source: OwnedSource;
  readonly versionDate: string;
  readonly createdAt: Date;
  readonly createdBy: string;
  readonly payload: unknown;
}

export async function insertUniverseVersion(db: Queryable, version: UniverseVersion): Promise<number> {
  const result = await db.query<{ version_id: number | string }>(
    `INSERT INTO universe_versions (source, version_date, created_at, created_by, payload)
     VALUES ($1, $2::date, $3, $4, $5::jsonb) RETURNING version_id`,
    [version.source, version.versionDate, version.createdAt, version.createdBy, JSON.stringify(version.payload)],
  );
  const id = result.rows[0]?.version_id;
  if (id === undefined) throw new Error("universe_versions insert returned no id");
  return Number(id);
}

export interface UniverseWrite {
  readonly source: OwnedSource;
  readonly versionId: number;
  readonly versionDate: string;
  readonly at: Date;
  readonly by: string;
}

/** Inserts or re-activates candidates in one statement; an operator's block is never overwritten. */
export async function upsertActiveRows(db: Queryable, write: UniverseWrite, rows: readonly Candidate[]): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await db.query(
    `INSERT INTO universe (symbol, source, status, version_date, version_id, confidence, sector, catalyst, reason,
                           created_at, updated_at, updated_by)
     SELECT u.symbol, $6, 'active', $7::date, $8, u.confidence, u.sector, u.catalyst, u.reason, $9, $9, $10
     FROM unnest($1::text[], $2::float8[], $3::text[], $4::text[], $5::text[])
       AS u(symbol, confidence, sector, catalyst, reason)
     ON CONFLICT (symbol, source) DO UPDATE SET
       status = 'active', version_date = EXCLUDED.version_date, version_id = EXCLUDED.version_id,
       confidence = EXCLUDED.confidence, sector = EXCLUDED.sector, catalyst = EXCLUDED.catalyst,
       reason = EXCLUDED.reason, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
     WHERE universe.status <> 'blocked'`,
    [
      rows.map((r) => r.symbol),
      rows.map((r) => r.confidence ?? null),
      rows.map((r) => r.sector ?? null),
      rows.map((r) => r.catalyst ?? null),
      rows.map((r) => r.reason ?? null),
      write.source,
      write.versionDate,
      write.versionId,
      write.at,
      write.by,
    ],
  );
  return result.rowCount;
}

/** Removed candidates stay as history rows, inactive; only active rows of this source change. */
export async function deactivateRows(db: Queryable, write: UniverseWrite, symbols: readonly string[]): Promise<number> {
  if (symbols.length === 0) return 0;
  const result = await db.query(
    `UPDATE universe SET status = 'inactive', version_date = $3::date, version_id = $4, updated_at = $5, updated_by = $6
     WHERE source = $1 AND status = 'active' AND symbol = ANY($2::text[])`,
    [write.source, symbols, write.versionDate, write.versionId, write.at, write.by],
  );
  return result.rowCount;
}

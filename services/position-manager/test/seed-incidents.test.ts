// The seed's position incidents (spec §4), each reproduced against the simulator and asserting the
// invariant that prevents it — on PGlite and on real PostgreSQL (the production database), from one
// suite body (helpers/seed-incident-suite.ts): phantom positions (28), duplicate rows (29), the wrong
// symbol closed (21), stuck closing rows (30), the exit booked at the last mark (50) and the 14:30
// mass close (44). Elsewhere: seed 24 in stock-exits and kill-mid-close (both also on PostgreSQL in
// postgres.test.ts), the pure end-of-day cases of seed 44 in @ops/trading's eod-engine tests.
import type { Db } from "@ops/core";
import { describeWithPostgres, freshPostgresDb } from "@ops/core/testing";
import type { FreshPostgresDb } from "@ops/core/testing";
import { afterAll, beforeAll, describe } from "vitest";
import { emptyDb, emptyTables } from "./helpers/harness.js";
import { seedIncidentSuite } from "./helpers/seed-incident-suite.js";

describe("seed §4 position incidents (PGlite)", () => {
  seedIncidentSuite(emptyDb);
});

describeWithPostgres("seed §4 position incidents on PostgreSQL", (url) => {
  let fresh: FreshPostgresDb | undefined;
  let db: Db;
  beforeAll(async () => {
    fresh = await freshPostgresDb(url);
    db = fresh.db;
  });
  afterAll(async () => {
    await fresh?.cleanup();
  });
  seedIncidentSuite(() => emptyTables(db));
});

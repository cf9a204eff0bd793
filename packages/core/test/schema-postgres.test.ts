import { describeWithPostgres, freshPostgresDb } from "@ops/core/testing";
import { defineSchemaTests } from "./schema-suite.js";

describeWithPostgres("pipeline schema on PostgreSQL", (url) => {
  defineSchemaTests(async () => {
    const fresh = await freshPostgresDb(url);
    return { db: fresh.db, close: fresh.cleanup };
  });
});

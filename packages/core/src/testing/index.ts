// Test-only helpers (imports vitest): `import { ... } from "@ops/core/testing"`.
export { postgresTestUrl, postgresSuiteMode, describeWithPostgres } from "./describe-with-postgres.js";
export type { PostgresSuiteMode } from "./describe-with-postgres.js";
export { freshPglite, freshPgliteDb, freshPostgresDb } from "./fresh-db.js";
export type { FreshDbOptions, FreshPostgresDb } from "./fresh-db.js";
export { captureLogger } from "./capture-logger.js";
export type { LogLine } from "./capture-logger.js";
